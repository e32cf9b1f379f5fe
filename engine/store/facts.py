"""Keeps ``case_fact`` (variant, outcome, closing reason) in step with a case's data, in the save's
transaction. Written only when the values change; the case remembers what the table holds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from engine.db.models import CaseFact
from engine.store.changes import Case

#: column -> the case variable it copies
FACTS = {"variant": "wariant", "outcome": "wynik_sprawy", "close_reason": "powod_zamkniecia"}
_TABLE = CaseFact.__table__


def record(session: Session, case: Case, data: dict, now: datetime) -> None:
    values = {column: _text(data.get(variable)) for column, variable in FACTS.items()}
    if case.facts == values:
        return
    session.execute(delete(_TABLE).where(_TABLE.c.instance_id == case.id))
    session.execute(insert(_TABLE), {"instance_id": case.id, "updated_at": now, **values})
    case.facts = values


def _text(value) -> str | None:
    return None if value is None or value == "" else str(value)[:120]
