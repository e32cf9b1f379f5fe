"""Route access declarations: every view states who may call it (checked by a test)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import current_app, g, jsonify, request

from engine.errors import NotAuthenticated


def public(view: Callable) -> Callable:
    """Anyone, without logging in (only pages that show no case data)."""
    view.access = "public"
    return view


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


def _unauthorized(message: str):
    response = jsonify(error=message)
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="kooperacja"'
    return response
