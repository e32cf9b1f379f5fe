"""Admitting institutions to a case: from then on they see it (``case_participant.admitted_at``).

Which institutions play which role in a case is copied from its partnership when it starts; who of
them may see the case follows the model's visibility table: the leading roles from the start, the
invited roles once the invitation is decided, and any role once a task of that role opens.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from engine.db.models import CaseParticipant

_PARTICIPANT = CaseParticipant.__table__
_ADMIT = (
    update(_PARTICIPANT)
    .where(
        _PARTICIPANT.c.instance_id == bindparam("case_id"),
        _PARTICIPANT.c.role.in_(bindparam("roles", expanding=True)),
        _PARTICIPANT.c.admitted_at.is_(None),
    )
    .values(admitted_at=bindparam("now"))
)


def admit(session: Session, case_id: str, roles: Iterable[str], now: datetime) -> None:
    """Let the institutions playing ``roles`` in the case see it (those admitted already stay as they are)."""
    wanted = sorted({role for role in roles if isinstance(role, str) and role})
    if wanted:
        session.execute(_ADMIT, {"case_id": case_id, "roles": wanted, "now": now})
