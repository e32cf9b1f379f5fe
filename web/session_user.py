"""Who is logged in: ``g.user`` (engine UserInfo) and ``g.actor`` (engine Actor) for every request.

The signed cookie holds the user id, the user's session key (``engine.services.sessions``: the
server ends every session of a user by changing it), when the session began and when it was last
used. A session ends after ``IDLE_TIMEOUT`` without a request and ``PERMANENT_SESSION_LIFETIME``
after the login, whatever the cookie's own expiry says.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, flash, g, session
from flask_babel import gettext as _

from engine.dto import Actor, UserInfo

# A request refreshes "seen" only when it is this old, so not every response sets the cookie again.
SEEN_PRECISION = 60


def init_app(app: Flask) -> None:
    app.before_request(_load_user)
    app.context_processor(lambda: {"current_user": g.get("user")})


def log_in(user: UserInfo, session_key: str) -> None:
    """Start a fresh session for ``user`` (a new session id and CSRF token: no session fixation)."""
    language = session.get("lang")
    session.clear()
    session.permanent = True
    now = int(time.time())
    session.update(user_id=user.id, key=session_key, since=now, seen=now)
    if language:
        session["lang"] = language


def log_out() -> None:
    """Forget this browser's session (the server-side end of all sessions is the engine's ``end_sessions``)."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def _load_user() -> None:
    g.user = g.actor = None
    user_id = session.get("user_id")
    if user_id is None:
        return
    now = int(time.time())
    if not isinstance(session.get("seen"), int) or not isinstance(session.get("since"), int):
        log_out()  # not a cookie this version issued
        return
    if _expired(now):
        log_out()
        flash(_("Sesja wygasła z powodu braku aktywności. Zaloguj się ponownie."), "warning")
        return
    user = current_app.extensions["kooperacja.engine"].sessions.user_for(user_id, session.get("key"))
    if user is None:
        log_out()  # logged out elsewhere, password changed, account deactivated or removed
        return
    if now - session.get("seen", 0) >= SEEN_PRECISION:
        session["seen"] = now
    g.user = user
    g.actor = Actor(user.id, user.login)


def _expired(now: int) -> bool:
    idle = current_app.config["IDLE_TIMEOUT"].total_seconds()
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    return now - session["seen"] > idle or now - session["since"] > lifetime
