"""The ``/api/v1`` blueprint: how every call is guarded, read and answered.

- ``operation`` declares a route once: its path, the token operation it needs (``web.access.api_token``),
  its request and response models and the problems it may answer; ``web.api.openapi`` documents it.
- Bodies: at most ``MAX_BODY`` bytes (413), JSON (415 for another type, 400 if broken) nested at most
  ``MAX_DEPTH`` deep (422, checked on the text before parsing).
- Errors are ``application/problem+json`` (``web.problems``); engine errors map to HTTP here, once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint, g, jsonify, request
from flask_babel import gettext as _
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import HTTPException

from engine.errors import (
    EngineError,
    FieldError,
    IdempotencyKeyReused,
    InvalidFormData,
    MessageNotExpected,
    NotFound,
)
from engine.forms import too_deep
from web.access import api_token
from web.errors import status_of
from web.problems import choose_language, problem

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_BODY = 1024 * 1024  # bytes of a request body
MAX_DEPTH = 32  # nested objects and arrays in a JSON body (the parser recurses)


@dataclass(frozen=True)
class Operation:
    """One documented route of the API (what ``web.api.openapi`` turns into the document)."""

    method: str
    path: str  # OpenAPI style: /cases/{case_ref}
    endpoint: str
    operation: str | None  # the token operation needed; None: public
    summary: str
    description: str
    response: type[BaseModel]
    status: int = 200
    request: type[BaseModel] | None = None
    parameters: tuple[dict, ...] = ()
    problems: tuple[int, ...] = field(default=())


OPERATIONS: list[Operation] = []


def operation(
    method: str,
    path: str,
    needs: str,
    response: type[BaseModel],
    *,
    status: int = 200,
    request_model: type[BaseModel] | None = None,
    parameters: tuple[dict, ...] = (),
    problems: tuple[int, ...] = (),
) -> Callable[[Callable], Callable]:
    """Register a view under ``path`` (``{name}`` parameters; ``{case_ref}`` may hold slashes) for
    ``method``, guarded by a token holding ``needs``; its docstring is the summary and description."""

    def register(view: Callable) -> Callable:
        rule = path.replace("{case_ref}", "<path:case_ref>").replace("{", "<").replace("}", ">")
        guarded = api_token(needs)(view)
        blueprint.add_url_rule(rule, view.__name__, guarded, methods=[method])
        summary, _, description = (view.__doc__ or "").strip().partition("\n")
        OPERATIONS.append(
            Operation(
                method.lower(),
                path,
                view.__name__,
                needs,
                summary.strip(),
                " ".join(description.split()),
                response,
                status,
                request_model,
                parameters,
                (400, 401, 403, *problems),
            )
        )
        return guarded

    return register


def reply(model: BaseModel, status: int = 200):
    response = jsonify(model.model_dump(mode="json"))
    response.status_code = status
    return response


def json_body():
    """The request's JSON body (None when empty), read within the limits (see the module's docstring)."""
    return g.get("api_body")


def parsed(model: type[BaseModel]):
    """The body as ``model``.

    Raises:
        InvalidFormData: the body does not fit the model (every problem, by field).
    """
    try:
        return model.model_validate(json_body() if json_body() is not None else {})
    except ValidationError as error:
        problems = [FieldError(".".join(str(part) for part in e["loc"]) or "body", e["msg"]) for e in error.errors()]
        raise InvalidFormData(problems) from None


@blueprint.before_request
def _read_request():
    if request.endpoint != "api.docs":  # the documentation is a page: the site's language (?lang=en)
        choose_language()
    request.max_content_length = MAX_BODY
    texts = [*(request.view_args or {}).values(), *request.args.keys(), *request.args.values()]
    if any(not _storable(text) for text in texts if isinstance(text, str)):
        return problem(400, _("Adres zawiera niedozwolone znaki (NUL albo niepełne znaki Unicode)."))
    if request.content_length is not None and request.content_length > MAX_BODY:
        return _too_large()
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    content = request.get_data(cache=True)  # raises RequestEntityTooLarge past MAX_BODY without a length
    if not content:
        g.api_body = None
        return None
    mimetype = request.mimetype or ""
    if mimetype != "application/json" and not mimetype.endswith("+json"):
        return problem(415, _("Treść żądania musi być JSON-em (Content-Type: application/json)."))
    line = too_deep(content, MAX_DEPTH)
    if line is not None:
        detail = _("Treść żądania jest zbyt głęboko zagnieżdżona (ponad %(limit)s poziomów).", limit=MAX_DEPTH)
        return problem(422, detail, "unprocessable")
    try:
        g.api_body = json.loads(content)
    except (ValueError, RecursionError):
        return problem(400, _("Treść żądania nie jest poprawnym JSON-em."))
    if not _all_storable(g.api_body):
        return problem(422, _("Treść zawiera niedozwolone znaki (NUL albo niepełne znaki Unicode)."), "unprocessable")
    return None


def _storable(text: str) -> bool:
    """Text a database keeps as given: no NUL (PostgreSQL refuses it) and no lone surrogate (not UTF-8)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _all_storable(value) -> bool:
    """Every string of a parsed JSON body, keys included, is storable (the body's depth is bounded)."""
    if isinstance(value, str):
        return _storable(value)
    if isinstance(value, dict):
        return all(_storable(key) and _all_storable(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_all_storable(item) for item in value)
    return True


@blueprint.errorhandler(EngineError)
def _engine_error(error: EngineError):
    if isinstance(error, InvalidFormData):
        return problem(422, error.message, "invalid-data", fields=error.by_field())
    status = _status(error)
    if status == 409 and request.method == "GET":  # a read changes nothing: a conflict is a forged page cursor
        return problem(400, error.message)
    case_ref = (request.view_args or {}).get("case_ref")
    if status == 404 and case_ref is not None:  # the same answer for a case that does not exist and a hidden one
        return problem(404, _("Nie ma sprawy o numerze %(ref)s.", ref=case_ref))
    return problem(status, error.message)


@blueprint.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    if error.code == 413:
        return _too_large()
    return problem(error.code or 500, error.description or "")


def _too_large():
    return problem(413, _("Treść żądania przekracza %(limit)s bajtów.", limit=MAX_BODY))


def _status(error: EngineError) -> int:
    """The app-wide mapping, except that a message nobody waits for and a reused idempotency key are 422,
    not 404 or 409: the request is what cannot be processed."""
    if isinstance(error, MessageNotExpected | IdempotencyKeyReused):
        return 422
    if isinstance(error, NotFound):
        return 404
    return status_of(error)
