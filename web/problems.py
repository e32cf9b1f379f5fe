"""Errors of the JSON API as ``application/problem+json`` (RFC 9457): ``type``, ``title``, ``status``,
``detail``, plus ``error`` (the detail again, as the API answered before) and, for invalid data, ``fields``.

Titles and the API's own details are Polish, English with ``Accept-Language: en``; a detail that comes
from the engine keeps the engine's Polish message. ``type`` names a section of the documentation page.
"""

from __future__ import annotations

from flask import g, jsonify, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext

PROBLEM_JSON = "application/problem+json"
LANGUAGES = ("pl", "en")

#: Problem kind -> (status, title): the kinds the documentation page lists.
KINDS = {
    "bad-request": (400, lazy_gettext("Nieprawidłowe żądanie")),
    "unauthorized": (401, lazy_gettext("Brak ważnego tokenu API")),
    "forbidden": (403, lazy_gettext("Token nie ma uprawnienia do tej operacji")),
    "not-found": (404, lazy_gettext("Nie znaleziono")),
    "method-not-allowed": (405, lazy_gettext("Niedozwolona metoda")),
    "not-acceptable": (406, lazy_gettext("Nieobsługiwany format odpowiedzi")),
    "conflict": (409, lazy_gettext("Konflikt: stan zmienił się w międzyczasie")),
    "too-large": (413, lazy_gettext("Treść żądania jest zbyt duża")),
    "unsupported-media-type": (415, lazy_gettext("Nieobsługiwany typ treści")),
    "unprocessable": (422, lazy_gettext("Żądanie nie może zostać przetworzone")),
    "invalid-data": (422, lazy_gettext("Dane nie spełniają wymagań")),
    "server-error": (500, lazy_gettext("Błąd serwera")),
}
_BY_STATUS = {status: kind for kind, (status, _title) in reversed(KINDS.items())}


def choose_language() -> None:
    """The API's language: ``Accept-Language`` (Polish unless English is preferred); no session is used."""
    g.language = request.accept_languages.best_match(LANGUAGES, default="pl")


def problem(status: int, detail: str, kind: str | None = None, **extra):
    """A problem+json response; ``kind`` defaults to the one for ``status``."""
    kind = kind or _BY_STATUS.get(status, "bad-request")
    title = KINDS[kind][1] if kind in KINDS else _("Błąd")
    body = {
        "type": f"/api/v1/docs#problem-{kind}",
        "title": str(title),
        "status": status,
        "detail": detail,
        "error": detail,
        **extra,
    }
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_JSON
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="kooperacja"'
    if status == 409:
        response.headers["Retry-After"] = "1"
    return response
