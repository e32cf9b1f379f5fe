"""Route access declarations: every view states who may call it (checked by a test).

``public`` pages show no case data; ``login_required`` views serve any logged-in user and leave
the per-case checks to the engine (institution, role in the case, assignment); ``roles_required``
views need one of the named roles as well. ``api_token`` views serve external systems.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import abort, current_app, g, jsonify, redirect, request, url_for

from engine.errors import NotAuthenticated


def public(view: Callable) -> Callable:
    """Anyone, without logging in (only pages that show no case data)."""
    view.access = "public"
    return view


def login_required(view: Callable) -> Callable:
    """Any logged-in user; anyone else is sent to the login page (which brings them back)."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if g.get("user") is None:
            return redirect(url_for("auth.login", next=_local_path()))
        return view(*args, **kwargs)

    guarded.access = "login"
    return guarded


def roles_required(*roles: str) -> Callable[[Callable], Callable]:
    """A logged-in user holding one of ``roles``; others get 403."""

    def declare(view: Callable) -> Callable:
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            if g.get("user") is None:
                return redirect(url_for("auth.login", next=_local_path()))
            if not set(g.user.roles) & set(roles):
                abort(403)
            return view(*args, **kwargs)

        guarded.access = "roles:" + ",".join(roles)
        return guarded

    return declare


def holds(*roles: str) -> bool:
    """Whether the logged-in user holds one of ``roles`` (for showing links, not for guarding)."""
    user = g.get("user")
    return user is not None and bool(set(user.roles) & set(roles))


def api_token(view: Callable) -> Callable:
    """External systems with a valid API token (``Authorization: Bearer <token>``); the view acts as
    ``g.api_actor``. A missing, unknown or revoked token gets 401."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return _unauthorized("Brak tokenu API: dodaj nagłówek „Authorization: Bearer <token>”.")
        try:
            g.api_actor = current_app.extensions["kooperacja.engine"].directory.authenticate_token(token.strip())
        except NotAuthenticated as error:
            return _unauthorized(error.message)
        return view(*args, **kwargs)

    guarded.access = "api_token"
    return guarded


def _local_path() -> str:
    return request.full_path if request.query_string else request.path


def _unauthorized(message: str):
    response = jsonify(error=message)
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="kooperacja"'
    return response
