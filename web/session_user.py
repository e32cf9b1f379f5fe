"""Who is logged in: ``g.user`` (engine UserInfo) and ``g.actor`` (engine Actor) for every request."""

from __future__ import annotations

from flask import Flask, current_app, g, session

from engine.dto import Actor, UserInfo
from engine.errors import NotFound


def init_app(app: Flask) -> None:
    app.before_request(_load_user)
    app.context_processor(lambda: {"current_user": g.get("user")})


def log_in(user: UserInfo) -> None:
    """Start a fresh session for ``user`` (a new session id and CSRF token: no session fixation)."""
    language = session.get("lang")
    session.clear()
    session.permanent = True
    session["user_id"] = user.id
    if language:
        session["lang"] = language


def log_out() -> None:
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def _load_user() -> None:
    g.user = g.actor = None
    user_id = session.get("user_id")
    if user_id is None:
        return
    try:
        user = current_app.extensions["kooperacja.engine"].directory.user(user_id)
    except NotFound:
        user = None
    if user is None or not user.active:
        log_out()  # a removed or deactivated account loses its sessions at the next request
        return
    g.user = user
    g.actor = Actor(user.id, user.login)
