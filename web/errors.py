"""Engine errors and HTTP errors as pages (or ``application/problem+json`` under ``/api/``), mapped once for
the whole app."""

from __future__ import annotations

from flask import Flask, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from engine.errors import Conflict, EngineError, InvalidFormData, NotAllowed, NotAuthenticated, NotFound
from web.problems import problem


def status_of(error: EngineError) -> int:
    if isinstance(error, NotAuthenticated):
        return 401
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, NotAllowed):
        return 403
    if isinstance(error, Conflict):
        return 409
    if isinstance(error, InvalidFormData):
        return 422
    return 400


def init_app(app: Flask) -> None:
    app.register_error_handler(EngineError, _engine_error)
    app.register_error_handler(HTTPException, _http_error)


def _engine_error(error: EngineError):
    status = status_of(error)
    if status == 401 and not _wants_json():
        return redirect(url_for("auth.login", next=request.path))
    return _page(status, error.message)


def _http_error(error: HTTPException):
    messages = {
        400: _("Formularz wygasł lub nie pochodzi z tej strony. Odśwież stronę i spróbuj ponownie.")
        if error.description == "csrf"
        else _("Nieprawidłowe żądanie."),
        403: _("Nie masz uprawnień do tej strony."),
        404: _("Nie ma takiej strony albo nie masz do niej dostępu."),
        405: _("Ta strona nie obsługuje takiego żądania."),
        413: _("Przesłane dane są zbyt duże."),
    }
    return _page(error.code or 500, messages.get(error.code, _("Wystąpił błąd. Spróbuj ponownie później.")))


def _page(status: int, message: str):
    if _wants_json():
        return problem(status, message)
    return render_template("errors/error.html", status=status, message=message, user=g.get("user")), status


def _wants_json() -> bool:
    return request.path.startswith("/api/")
