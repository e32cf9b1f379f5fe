"""Who may see a case: the roles an institution plays in it, supervisors, the system.

NotFound rather than NotAllowed for outsiders: they must not learn that a case exists.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from engine.access.acting import Acting
from engine.db.models import CaseParticipant, ProcessInstance
from engine.errors import NotAllowed, NotFound
from engine.roles import SUPERVISOR_ROLES

_PARTICIPANT = CaseParticipant.__table__
_ROLES_IN_CASE = select(_PARTICIPANT.c.role).where(
    _PARTICIPANT.c.instance_id == bindparam("case_id"), _PARTICIPANT.c.institution_id == bindparam("institution_id")
)
_CASE_EXISTS = select(ProcessInstance.__table__.c.id).where(ProcessInstance.__table__.c.id == bindparam("case_id"))


def roles_in_case(session: Session, case_id: str, institution_id: int | None) -> frozenset[str]:
    """The roles the institution plays in the case (empty: it is not a partner of the case)."""
    if institution_id is None:
        return frozenset()
    rows = session.execute(_ROLES_IN_CASE, {"case_id": case_id, "institution_id": institution_id})
    return frozenset(rows.scalars())


def participates(session: Session, case_id: str, institution_id: int | None) -> bool:
    return bool(roles_in_case(session, case_id, institution_id))


def require_visible(session: Session, who: Acting, case_id: str) -> None:
    """Participants of the case, supervisors and the system may see it; others get NotFound.

    NotFound rather than NotAllowed: an outsider must not learn that the case exists.
    """
    if who.is_system or who.roles & SUPERVISOR_ROLES:
        if session.execute(_CASE_EXISTS, {"case_id": case_id}).first() is None:
            raise NotFound(f"Nie ma sprawy {case_id}.")
        return
    if not participates(session, case_id, who.institution_id):
        raise NotFound(f"Nie ma sprawy {case_id}.")


def require_supervisor(who: Acting, what: str) -> None:
    if not who.is_system and not who.roles & SUPERVISOR_ROLES:
        raise NotAllowed(f"Tylko superwizor lub administrator może {what}.")
