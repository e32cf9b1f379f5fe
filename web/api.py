"""JSON API for integrations (``/api/v1``): external systems report back to a case.

Engine errors map to HTTP here, once: unknown case 404, a message the case does not wait for 422,
a concurrent change or a case that cannot take messages now 409 (try again), a reused idempotency
key 422, bad input 400. Bodies are ``{"error": "<Polish message>"}``.
"""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, request

from engine.errors import (
    EngineError,
    IdempotencyKeyReused,
    InvalidFormData,
    MessageNotExpected,
)
from engine.forms import too_deep
from web.access import api_token
from web.errors import status_of

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_KEY = 200
MAX_BODY_DEPTH = 64  # nested objects and arrays in a JSON body (the parser recurses)


@blueprint.post("/cases/<path:case_ref>/messages/<name>")
@api_token
def deliver_message(case_ref: str, name: str):
    """Deliver message ``name`` to the case with business key or id ``case_ref``.

    Needs an ``Idempotency-Key`` header: the same key again has no second effect and answers with
    the first delivery (``"duplicate": true``), also 200. The JSON body, if any, is the message payload.
    """
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > MAX_KEY:
        return _error(
            400, f"Podaj nagłówek „Idempotency-Key” (1–{MAX_KEY} znaków), aby powtórzenie nie zdublowało wiadomości."
        )
    if too_deep(request.get_data(), MAX_BODY_DEPTH) is not None:
        return _error(400, f"Treść żądania jest zbyt głęboko zagnieżdżona (ponad {MAX_BODY_DEPTH} poziomów).")
    payload = request.get_json(silent=True) if request.data else None
    if request.data and payload is None:
        return _error(400, "Treść żądania nie jest poprawnym JSON-em.")
    engine = current_app.extensions["kooperacja.engine"]
    delivery = engine.runtime.deliver_message(g.api_actor, name, payload, correlation=case_ref, idempotency_key=key)
    body = {
        "case_id": delivery.case_id,
        "business_key": delivery.business_key,
        "message": delivery.message,
        "idempotency_key": delivery.idempotency_key,
        "received_at": delivery.received_at.isoformat(),
        "status": delivery.status,
        "stage": delivery.stage,
        "duplicate": delivery.duplicate,
    }
    return jsonify(body), 200


@blueprint.errorhandler(EngineError)
def engine_error(error: EngineError):
    fields = {"fields": error.by_field()} if isinstance(error, InvalidFormData) else {}
    return _error(_status(error), error.message, **fields)


def _status(error: EngineError) -> int:
    """The app-wide mapping, except that a message nobody waits for is a 422 here, not a 404:
    the case exists, the request is what cannot be processed."""
    if isinstance(error, MessageNotExpected | IdempotencyKeyReused):
        return 422
    return status_of(error)


def _error(status: int, message: str, **extra):
    response = jsonify(error=message, **extra)
    response.status_code = status
    if status == 409:
        response.headers["Retry-After"] = "1"
    return response
