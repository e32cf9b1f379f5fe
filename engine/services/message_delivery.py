"""Delivering a message to a case, at most once per idempotency key.

An external system (a court, a labour office) may send the same report twice: the first delivery
inserts a ``message_receipt`` row under its key in the same transaction as the case change, the
second finds it and has no effect. Two deliveries racing with one key: the second insert waits for
the first transaction (unique key) and, once it committed, reads its receipt; if it rolled back,
the second delivery goes ahead. A key already used for another case or message is refused.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from sqlalchemy import insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.access.acting import Acting, require_operation
from engine.access.audit import audit
from engine.access.visibility import require_visible
from engine.bpmn import steps
from engine.db.models import MessageReceipt, MessageSubscription, ProcessInstance
from engine.dto import MessageDelivery
from engine.errors import IdempotencyKeyReused, InvalidState, MessageNotExpected, NotFound
from engine.services import task_forms
from engine.services.message_contracts import require_valid_payload
from engine.services.saving import save_case
from engine.store.cases import checkout, step
from engine.store.context import EngineContext

_RECEIPT, _INSTANCE = MessageReceipt.__table__, ProcessInstance.__table__
_PLACEHOLDER = "delivering"
_STATUS = {"suspended": "wstrzymana", "error": "w stanie błędu", "completed": "zakończona", "terminated": "przerwana"}


def resolve_case(session: Session, case_id: str | None, correlation: str | None) -> str:
    """The case id from an id, a business key, or (``correlation`` alone) either of them."""
    if case_id:
        return case_id
    if not correlation:
        raise NotFound("Wskaż sprawę: identyfikator albo numer sprawy.")
    found = session.execute(
        select(_INSTANCE.c.id).where(or_(_INSTANCE.c.business_key == correlation, _INSTANCE.c.id == correlation))
    ).scalar()
    if found is None:
        raise NotFound(f"Nie ma sprawy o numerze {correlation}.")
    return found


def deliver(
    ctx: EngineContext,
    session: Session,
    who: Acting,
    sender: str,
    case_id: str,
    name: str,
    payload,
    key: str | None,
    now: datetime,
) -> MessageDelivery:
    require_operation(who, "messages:send", name)
    require_visible(session, who, case_id)
    if key is not None:
        body_hash = _hash(payload)
        earlier = _claim_key(session, key, case_id, name, sender, now, body_hash)
        if earlier is not None:
            return _duplicate(session, earlier, case_id, name, body_hash)
    waiting = session.execute(
        select(MessageSubscription.id).where(
            MessageSubscription.instance_id == case_id, MessageSubscription.message_name == name
        )
    ).first()
    if waiting is None:
        raise MessageNotExpected(f"Sprawa {_key_of(session, case_id)} nie oczekuje na wiadomość „{name}”.")
    case = checkout(session, ctx, case_id)
    if case.status != "running":
        status = _STATUS.get(case.status, case.status)
        raise InvalidState(f"Sprawa jest {status} i nie może teraz przyjmować wiadomości. Spróbuj ponownie później.")
    require_valid_payload(session, case.definition.deployment_id, name, payload)  # before it reaches the case
    payload = task_forms.message_payload(case, name, payload)
    case.record("message_received", now, who.id, message=name, **({"idempotency_key": key} if key else {}))
    step(case, lambda: steps.deliver_message(case.workflow, name, payload, ctx.clock), now, ctx.clock)
    save_case(session, ctx, case, now)
    if key is not None:
        session.execute(
            update(_RECEIPT).where(_RECEIPT.c.idempotency_key == key).values(status=case.status, stage=case.stage)
        )
    audit(session, now, who, "case.message", case_id, message=name)
    return MessageDelivery(case_id, _key_of(session, case_id), name, key, now, case.status, case.stage, False)


def _hash(payload) -> str:
    """SHA-256 of the payload as canonical JSON (key order and spacing do not matter)."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _claim_key(session: Session, key: str, case_id: str, name: str, sender: str, now: datetime, body_hash: str):
    """Insert the receipt for ``key``; the existing receipt when the key was used already."""
    found = _receipt(session, key)
    if found is not None:
        return found
    row = {
        "idempotency_key": key,
        "instance_id": case_id,
        "message_name": name,
        "sender": sender,
        "received_at": now,
        "status": _PLACEHOLDER,
        "stage": None,
        "body_hash": body_hash,
    }
    try:
        with session.begin_nested():
            session.execute(insert(_RECEIPT), row)
    except IntegrityError:
        return _receipt(session, key)
    return None


def _receipt(session: Session, key: str):
    return session.execute(select(_RECEIPT).where(_RECEIPT.c.idempotency_key == key)).first()


def _duplicate(session: Session, receipt, case_id: str, name: str, body_hash: str) -> MessageDelivery:
    if receipt.instance_id != case_id or receipt.message_name != name:
        raise IdempotencyKeyReused(
            f"Klucz idempotencji {receipt.idempotency_key} został już użyty dla wiadomości "
            f"„{receipt.message_name}” do innej sprawy lub innej wiadomości."
        )
    if receipt.body_hash is not None and receipt.body_hash != body_hash:
        raise IdempotencyKeyReused(
            f"Klucz idempotencji {receipt.idempotency_key} został już użyty z inną treścią wiadomości; "
            "nowa treść nie została przyjęta. Użyj nowego klucza dla nowej treści."
        )
    return MessageDelivery(
        case_id=case_id,
        business_key=_key_of(session, case_id),
        message=name,
        idempotency_key=receipt.idempotency_key,
        received_at=receipt.received_at,
        status=receipt.status,
        stage=receipt.stage,
        duplicate=True,
    )


def _key_of(session: Session, case_id: str) -> str:
    return session.execute(select(_INSTANCE.c.business_key).where(_INSTANCE.c.id == case_id)).scalar_one()
