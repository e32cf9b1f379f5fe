"""POST a message to a case: how a court or a labour-office system reports back."""

from __future__ import annotations

from flask import g, request
from flask_babel import gettext as _

from web.api.blueprint import json_body, operation, reply
from web.api.models import Delivery
from web.problems import problem
from web.services import engine

MAX_KEY = 200
CASE_REF = {"name": "case_ref", "in": "path", "required": True, "schema": {"type": "string"}}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": True,
    "description": "Ten sam klucz z tą samą treścią nie ma drugiego skutku; z inną treścią: 422.",
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY},
}


@operation(
    "POST",
    "/cases/{case_ref}/messages/{name}",
    "messages:send",
    Delivery,
    parameters=(
        CASE_REF,
        {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}},
        IDEMPOTENCY_KEY,
    ),
    problems=(404, 409, 413, 415, 422),
)
def deliver_message(case_ref: str, name: str):
    """Deliver a message to a case.

    The case is named by its business key (e.g. K/2026/1A2B3C4D) or id; the JSON body, if any, is the
    message's payload, checked against the contract the model declares. The token must be allowed to
    send this message and its institution must take part in the case. A repeated Idempotency-Key with
    the same body answers the first delivery (duplicate: true), with another body 422.
    """
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > MAX_KEY:
        detail = _(
            "Podaj nagłówek „Idempotency-Key” (1–%(max)s znaków), aby powtórzenie nie zdublowało wiadomości.",
            max=MAX_KEY,
        )
        return problem(400, detail)
    delivery = engine().runtime.deliver_message(
        g.api_actor, name, json_body(), correlation=case_ref, idempotency_key=key
    )
    return reply(
        Delivery(
            case_id=delivery.case_id,
            business_key=delivery.business_key,
            message=delivery.message,
            idempotency_key=delivery.idempotency_key,
            received_at=delivery.received_at,
            status=delivery.status,
            stage=delivery.stage,
            duplicate=delivery.duplicate,
        )
    )
