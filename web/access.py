"""Route access declarations: every view states who may call it (checked by a test).

``public`` pages show no case data; ``login_required`` views serve any logged-in user and leave
the per-case checks to the engine (institution, role in the case, assignment); ``roles_required``
views need one of the named roles as well. ``api_token`` views serve external systems.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import abort, current_app, g, redirect, request, url_for
from flask_babel import gettext as _

from engine.errors import NotAllowed, NotAuthenticated
from web.problems import problem


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


def api_token(operation: str) -> Callable[[Callable], Callable]:
    """External systems with a valid API token (``Authorization: Bearer <token>``) holding ``operation``
    (``engine.roles.API_OPERATIONS``); the view acts as ``g.api_actor``, for the token's institution; every
    call is audited under the token's name.
    A missing, unknown, revoked or expired token gets 401, a token without the operation 403 (both
    ``application/problem+json``)."""

    def declare(view: Callable) -> Callable:
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                return problem(401, _("Brak tokenu API: dodaj nagłówek „Authorization: Bearer <token>”."))
            directory = current_app.extensions["kooperacja.engine"].directory
            try:
                g.api_actor = directory.authenticate_token(token.strip(), operation, f"{request.method} {request.path}")
            except NotAuthenticated as error:
                return problem(401, error.message)
            except NotAllowed:
                return problem(403, _("Token API nie ma uprawnienia %(operation)s.", operation=operation))
            return view(*args, **kwargs)

        guarded.access = "api_token"
        guarded.operation = operation
        return guarded

    return declare


def _local_path() -> str:
    return request.full_path if request.query_string else request.path
