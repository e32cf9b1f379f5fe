"""Case summaries as callers see them: one case with its participants, and the lists of cases."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from engine.db.models import CaseParticipant, Deployment, Institution, ProcessDefinition, ProcessInstance
from engine.dto import CaseInfo
from engine.errors import NotFound

_PARTICIPANT = CaseParticipant.__table__
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
    .where(_PARTICIPANT.c.instance_id == bindparam("case_id"), _PARTICIPANT.c.admitted_at.is_not(None))
    .order_by(_PARTICIPANT.c.role, _INSTITUTION.c.name, _PARTICIPANT.c.institution_id)
)


def case_info(session: Session, case_id: str) -> CaseInfo:
    """The case's summary with its team: the admitted participants (role, institution id and name); no case data."""
    row = session.execute(_CASE_INFO, {"case_id": case_id}).first()
    if row is None:
        raise NotFound(f"Nie ma sprawy {case_id}.")
    participants = session.execute(_PARTICIPANTS, {"case_id": case_id}).all()
    return case_summary(
        row,
        participants=tuple((p.role, p.institution_id) for p in participants),
        participant_names=tuple((p.role, p.name) for p in participants),
    )


def case_summary(row, **participants) -> CaseInfo:
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
        anonymized=row.anonymized_at is not None,
        kind=row.kind,
        **participants,
    )
