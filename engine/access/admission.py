"""Admitting institutions to a case: from then on they see it (``case_participant.admitted_at``).

Which institutions play which role in a case is copied from its partnership when it starts; who of
them may see the case follows the model's visibility table: the leading roles from the start, the
invited roles once the invitation is decided, and any role once a task of that role opens.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from engine.db.models import CaseParticipant, Institution
from engine.db.prepared import Prepared

_PARTICIPANT, _INSTITUTION = CaseParticipant.__table__, Institution.__table__
_ADMIT = Prepared(  # one role per parameter set: an IN list would be another statement per length
    update(_PARTICIPANT)
    .where(
        _PARTICIPANT.c.instance_id == bindparam("case_id"),
        _PARTICIPANT.c.role == bindparam("b_role"),
        _PARTICIPANT.c.admitted_at.is_(None),
    )
    .values(admitted_at=bindparam("now"))
)


_ADMIT_ONE = Prepared(
    update(_PARTICIPANT)
    .where(
        _PARTICIPANT.c.instance_id == bindparam("case_id"),
        _PARTICIPANT.c.role == bindparam("b_role"),
        _PARTICIPANT.c.institution_id
        == select(_INSTITUTION.c.id).where(_INSTITUTION.c.name == bindparam("b_institution")).scalar_subquery(),
        _PARTICIPANT.c.admitted_at.is_(None),
    )
    .values(admitted_at=bindparam("now"))
)


def admit_for_tasks(session: Session, case_id: str, opened: Iterable[dict], now: datetime) -> list[str]:
    """Admit the institutions the newly opened tasks are for; the roles of tasks meant for any institution
    of their role are returned for ``admit`` (a task for one provider admits that provider only)."""
    roles = []
    for row in opened:
        if row.get("institution"):
            params = {"case_id": case_id, "b_role": row["role"], "b_institution": row["institution"], "now": now}
            _ADMIT_ONE.execute(session, params)
        else:
            roles.append(row["role"])
    return roles


def admit(session: Session, case_id: str, roles: Iterable[str], now: datetime) -> None:
    """Let the institutions playing ``roles`` in the case see it (those admitted already stay as they are)."""
    wanted = sorted({role for role in roles if isinstance(role, str) and role})
    if wanted:
        _ADMIT.execute(session, [{"case_id": case_id, "b_role": role, "now": now} for role in wanted])
