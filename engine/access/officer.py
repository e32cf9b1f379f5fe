"""The data-protection officer (IOD): who may act as one, and which cases their outputs may cover.

The officer reads no case through the worker's or supervisor's pages; they get the audit trail of a
case, a person's subject-access report and the register of processing, each audited. Their scope is
their institution's: the cases of the partnerships it belongs to and those it is admitted to; at a
regional institution, every case.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from engine.access.acting import Acting, acting
from engine.access.visibility import in_institution_scope
from engine.db.models import ProcessInstance
from engine.dto import Actor
from engine.errors import NotAllowed, NotVisible
from engine.roles import OFFICER_ROLES

_CASE_EXISTS = select(ProcessInstance.__table__.c.id).where(ProcessInstance.__table__.c.id == bindparam("case_id"))


def require_officer(session: Session, actor: Actor) -> Acting:
    """The acting user, if they are the data-protection officer (the system, e.g. the CLI, always is).

    Raises:
        NotAllowed: any other role.
    """
    who = acting(session, actor)
    if not who.is_system and not who.roles & OFFICER_ROLES:
        raise NotAllowed("Tylko inspektor ochrony danych ma dostęp do tej funkcji.")
    return who


def require_case_in_scope(session: Session, who: Acting, case_id: str, action: str) -> None:
    """Raises NotVisible (audited as ``<action>.refused``) unless the case is in the officer's scope."""
    known = session.execute(_CASE_EXISTS, {"case_id": case_id}).first() is not None
    if known and (who.is_system or in_institution_scope(session, who, case_id)):
        return
    raise NotVisible(f"Nie ma sprawy {case_id}.", who.id, case_id if known else None, action)
