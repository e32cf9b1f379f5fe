"""Rows of the ``correction`` table: corrected facts of completed tasks (art. 16 GDPR)."""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from engine.db.models import Correction, User

_CORRECTION, _USER = Correction.__table__, User.__table__
_OF_CASE = (
    select(_CORRECTION, _USER.c.display_name)
    .outerjoin(_USER, _USER.c.id == _CORRECTION.c.corrected_by)
    .where(_CORRECTION.c.instance_id == bindparam("case_id"))
    .order_by(_CORRECTION.c.id)
)


def of_case(session: Session, case_id: str) -> dict[str, list]:
    """Task id -> its corrections, oldest first (each row with ``display_name`` of who corrected)."""
    found: dict[str, list] = defaultdict(list)
    for row in session.execute(_OF_CASE, {"case_id": case_id}):
        found[row.task_id].append(row)
    return found


def newest_values(rows: list) -> dict[str, object]:
    """Field -> its newest corrected value."""
    return {row.field: json.loads(row.new_value) for row in rows}


def add(session: Session, case_id: str, task_id: str, field: str, old, new, reason: str, by, at, recipients) -> None:
    session.execute(
        insert(_CORRECTION).values(
            instance_id=case_id,
            task_id=task_id,
            field=field,
            old_value=json.dumps(old, ensure_ascii=False),
            new_value=json.dumps(new, ensure_ascii=False),
            reason=reason,
            corrected_by=by,
            corrected_at=at,
            recipients=json.dumps(list(recipients), ensure_ascii=False),
        )
    )
