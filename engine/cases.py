"""Reading cases: who may see a case, its summary, and the audit trail of reads and writes."""

from __future__ import annotations

import json

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from engine.db.models import (
    CaseParticipant,
    Deployment,
    Institution,
    ProcessDefinition,
    ProcessInstance,
)
from engine.dto import CaseInfo
from engine.errors import NotAllowed, NotFound
from engine.identity import Acting
from engine.security import audit_chain

SUPERVISOR_ROLES = frozenset({"Superwizor", "Administrator"})
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


_INSTANCE, _DEFINITION, _DEPLOYMENT = ProcessInstance.__table__, ProcessDefinition.__table__, Deployment.__table__
_CASE_INFO = (
    select(_INSTANCE, _DEFINITION.c.name.label("process_name"), _DEPLOYMENT.c.number.label("version_number"))
    .join(_DEFINITION, _DEFINITION.c.id == _INSTANCE.c.definition_id)
    .join(_DEPLOYMENT, _DEPLOYMENT.c.id == _DEFINITION.c.deployment_id)
    .where(_INSTANCE.c.id == bindparam("case_id"))
)
_INSTITUTION = Institution.__table__
_PARTICIPANTS = (
    select(_PARTICIPANT.c.role, _PARTICIPANT.c.institution_id, _INSTITUTION.c.name)
    .join(_INSTITUTION, _INSTITUTION.c.id == _PARTICIPANT.c.institution_id)
    .where(_PARTICIPANT.c.instance_id == bindparam("case_id"))
    .order_by(_PARTICIPANT.c.role, _INSTITUTION.c.name, _PARTICIPANT.c.institution_id)
)
_ALL_CASES = (
    select(_INSTANCE, _DEFINITION.c.name.label("process_name"), _DEPLOYMENT.c.number.label("version_number"))
    .join(_DEFINITION, _DEFINITION.c.id == _INSTANCE.c.definition_id)
    .join(_DEPLOYMENT, _DEPLOYMENT.c.id == _DEFINITION.c.deployment_id)
    .order_by(_INSTANCE.c.created_at.desc(), _INSTANCE.c.id)
)
_CASES_OF_INSTITUTION = _ALL_CASES.where(
    _INSTANCE.c.id.in_(
        select(_PARTICIPANT.c.instance_id).where(_PARTICIPANT.c.institution_id == bindparam("institution_id"))
    )
)


def case_info(session: Session, case_id: str) -> CaseInfo:
    """The case's summary with its participants (role, institution id and name); no case data."""
    row = session.execute(_CASE_INFO, {"case_id": case_id}).first()
    if row is None:
        raise NotFound(f"Nie ma sprawy {case_id}.")
    participants = session.execute(_PARTICIPANTS, {"case_id": case_id}).all()
    return _case(
        row,
        participants=tuple((p.role, p.institution_id) for p in participants),
        participant_names=tuple((p.role, p.name) for p in participants),
    )


def cases_of_institution(session: Session, institution_id: int, limit: int) -> list[CaseInfo]:
    """The cases the institution takes part in, newest first, without participants (one query)."""
    rows = session.execute(_CASES_OF_INSTITUTION.limit(limit), {"institution_id": institution_id}).all()
    return [_case(row) for row in rows]


def all_cases(session: Session, limit: int) -> list[CaseInfo]:
    """Every case, newest first, without participants (supervisors' overview)."""
    return [_case(row) for row in session.execute(_ALL_CASES.limit(limit)).all()]


def _case(row, **participants) -> CaseInfo:
    return CaseInfo(
        id=row.id,
        business_key=row.business_key,
        title=row.title,
        process_id=row.process_id,
        process_name=row.process_name,
        version_number=row.version_number,
        status=row.status,
        stage=row.stage,
        created_at=row.created_at,
        updated_at=row.updated_at,
        error=row.error_message,
        **participants,
    )


def audit_reads(session: Session, at, who: Acting, action: str, case_ids: list[str]) -> None:
    """Record that the actor read ``case_ids`` (e.g. in a list), one entry per case, in one statement."""
    if case_ids:
        entry = {"at": at, "actor_id": who.id, "action": action, "task_id": None, "detail": None}
        audit_chain.append(session, [{**entry, "instance_id": case_id} for case_id in case_ids])


def audit(session: Session, at, who: Acting, action: str, case_id=None, task_id=None, **detail) -> None:
    """Record one read or write of case data (who, when, what); chained and written at commit."""
    entry = {
        "at": at,
        "actor_id": who.id,
        "action": action,
        "instance_id": case_id,
        "task_id": task_id,
        "detail": json.dumps(detail, ensure_ascii=False, default=str) if detail else None,
    }
    audit_chain.append(session, [entry])
