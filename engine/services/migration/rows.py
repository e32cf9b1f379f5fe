"""The migration service's reads: definitions of a process by version, its cases on other versions,
the cases whose last move brought them to a version, and the move's own row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from engine.db.models import CaseMigration, Deployment, ProcessDefinition, ProcessInstance
from engine.errors import NotFound

#: Cases that have not ended: the ones that may move.
MOVABLE = ("running", "suspended")
MAX_LISTED = 1000


def definition_id(session: Session, process_id: str, number: int) -> int:
    found = session.execute(
        select(ProcessDefinition.id)
        .join(Deployment, Deployment.id == ProcessDefinition.deployment_id)
        .where(ProcessDefinition.process_id == process_id, Deployment.number == number)
    ).scalar()
    if found is None:
        raise NotFound(f"Wersja {number} nie zawiera procesu {process_id}.")
    return found


def versions(session: Session, process_id: str) -> list[int]:
    return list(
        session.execute(
            select(Deployment.number)
            .join(ProcessDefinition, ProcessDefinition.deployment_id == Deployment.id)
            .where(ProcessDefinition.process_id == process_id)
            .order_by(Deployment.number.desc())
        ).scalars()
    )


def processes(session: Session) -> list[tuple[str, str]]:
    """(process id, its newest name) of every deployed process, by name."""
    newest = (
        select(ProcessDefinition.process_id, func.max(ProcessDefinition.id).label("id"))
        .group_by(ProcessDefinition.process_id)
        .subquery()
    )
    rows = session.execute(
        select(ProcessDefinition.process_id, ProcessDefinition.name).join(newest, newest.c.id == ProcessDefinition.id)
    ).all()
    return sorted(((r.process_id, r.name) for r in rows), key=lambda r: r[1])


def process_name(session: Session, definition: int) -> str:
    return session.execute(select(ProcessDefinition.name).where(ProcessDefinition.id == definition)).scalar_one()


def version_of(session: Session, definition: int) -> int:
    return session.execute(
        select(Deployment.number)
        .join(ProcessDefinition, ProcessDefinition.deployment_id == Deployment.id)
        .where(ProcessDefinition.id == definition)
    ).scalar_one()


def cases_elsewhere(session: Session, process_id: str, target: int) -> list:
    """The process's cases that have not ended and run on another definition than ``target``, oldest first."""
    return session.execute(
        select(
            ProcessInstance.id,
            ProcessInstance.business_key,
            ProcessInstance.stage,
            ProcessInstance.status,
            ProcessInstance.definition_id,
        )
        .where(
            ProcessInstance.process_id == process_id,
            ProcessInstance.status.in_(MOVABLE),
            ProcessInstance.definition_id != target,
        )
        .order_by(ProcessInstance.created_at, ProcessInstance.id)
        .limit(MAX_LISTED)
    ).all()


def migrated_to(session: Session, target: int) -> list:
    """Cases that have not ended, run on ``target`` and got there by their newest move: (case, its move)."""
    newest = (
        select(CaseMigration.instance_id, func.max(CaseMigration.id).label("id"))
        .group_by(CaseMigration.instance_id)
        .subquery()
    )
    return session.execute(
        select(
            ProcessInstance.id,
            ProcessInstance.business_key,
            ProcessInstance.stage,
            CaseMigration.from_definition_id,
            CaseMigration.migrated_at,
        )
        .join(newest, newest.c.instance_id == ProcessInstance.id)
        .join(CaseMigration, CaseMigration.id == newest.c.id)
        .where(
            ProcessInstance.definition_id == target,
            CaseMigration.to_definition_id == target,
            ProcessInstance.status.in_(MOVABLE),
        )
        .order_by(CaseMigration.migrated_at.desc(), ProcessInstance.id)
        .limit(MAX_LISTED)
    ).all()


def previous_definition(session: Session, case_id: str) -> int | None:
    """The definition the case's newest move took it from (None: it never moved)."""
    return session.execute(
        select(CaseMigration.from_definition_id)
        .where(CaseMigration.instance_id == case_id)
        .order_by(CaseMigration.id.desc())
        .limit(1)
    ).scalar()


def case_row(session: Session, case_id: str):
    return session.execute(
        select(
            ProcessInstance.business_key,
            ProcessInstance.process_id,
            ProcessInstance.definition_id,
            ProcessInstance.status,
        ).where(ProcessInstance.id == case_id)
    ).first()


def record(session: Session, case_id: str, old: int, new: int, at: datetime, by: int | None, kind: str) -> None:
    """The case's definition changes to ``new``, and the move is kept for undo."""
    session.execute(update(ProcessInstance).where(ProcessInstance.id == case_id).values(definition_id=new))
    session.execute(
        insert(CaseMigration).values(
            instance_id=case_id,
            from_definition_id=old,
            to_definition_id=new,
            migrated_at=at,
            migrated_by=by,
            kind=kind,
        )
    )
