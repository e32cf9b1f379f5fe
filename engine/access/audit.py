"""The audit trail: every read and write of case data (who, when, what), in the caller's transaction."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from engine.access.acting import Acting
from engine.db.models import AuditEntry
from engine.errors import NotVisible

_AUDIT_INSERT = insert(AuditEntry.__table__)


def audit_reads(session: Session, at, who: Acting, action: str, case_ids: list[str]) -> None:
    """Record that the actor read ``case_ids`` (e.g. in a list), one entry per case, in one statement."""
    if case_ids:
        entry = {"at": at, "actor_id": who.id, "action": action, "task_id": None, "detail": None}
        session.execute(_AUDIT_INSERT, [{**entry, "instance_id": case_id} for case_id in case_ids])


def audit(session: Session, at, who: Acting, action: str, case_id=None, task_id=None, **detail) -> None:
    """Record one read or write of case data (who, when, what)."""
    session.execute(
        _AUDIT_INSERT,
        {
            "at": at,
            "actor_id": who.id,
            "action": action,
            "instance_id": case_id,
            "task_id": task_id,
            "detail": json.dumps(detail, ensure_ascii=False, default=str) if detail else None,
        },
    )


def record_refusal(session: Session, refused: NotVisible, at: datetime) -> None:
    """Record a read the need-to-know rules refused (``<action>.refused``), in a transaction of its own."""
    session.execute(
        _AUDIT_INSERT,
        {
            "at": at,
            "actor_id": refused.actor_id,
            "action": f"{refused.action}.refused",
            "instance_id": refused.case_id,
            "task_id": None,
            "detail": None,
        },
    )
