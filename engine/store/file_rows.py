"""The rows a case file is made of: completed human tasks with who completed them, and what a case waits for."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from engine.db.models import CaseParticipant, HumanTask, Institution, MessageSubscription, Timer, User

_HUMAN, _USER, _INSTITUTION = HumanTask.__table__, User.__table__, Institution.__table__
_PARTICIPANT, _TIMER, _SUBSCRIPTION = CaseParticipant.__table__, Timer.__table__, MessageSubscription.__table__
_COMPLETED = (
    select(
        _HUMAN.c.id,
        _HUMAN.c.bpmn_id,
        _HUMAN.c.name,
        _HUMAN.c.role,
        _HUMAN.c.subject,
        _HUMAN.c.form,
        _HUMAN.c.ui_form,
        _HUMAN.c.completed_at,
        _USER.c.display_name.label("completed_by"),
        _INSTITUTION.c.name.label("institution"),
        _HUMAN.c.institution.label("meant_for"),
    )
    .outerjoin(_USER, _USER.c.id == _HUMAN.c.completed_by)
    .outerjoin(_INSTITUTION, _INSTITUTION.c.id == _USER.c.institution_id)
    .where(_HUMAN.c.instance_id == bindparam("case_id"), _HUMAN.c.status == "completed")
    .order_by(_HUMAN.c.completed_at, _HUMAN.c.id)
)
_OPEN = (
    select(
        _HUMAN.c.id,
        _HUMAN.c.name,
        _HUMAN.c.subject,
        _HUMAN.c.role,
        _HUMAN.c.due_at,
        _HUMAN.c.institution.label("meant_for"),
        _USER.c.display_name.label("assignee_name"),
    )
    .outerjoin(_USER, _USER.c.id == _HUMAN.c.assignee_id)
    .where(_HUMAN.c.instance_id == bindparam("case_id"), _HUMAN.c.status == "open")
    .order_by(_HUMAN.c.due_at.is_(None), _HUMAN.c.due_at, _HUMAN.c.created_at)
)
_PLAYERS = (
    select(_PARTICIPANT.c.role, _INSTITUTION.c.name)
    .join(_INSTITUTION, _INSTITUTION.c.id == _PARTICIPANT.c.institution_id)
    .where(_PARTICIPANT.c.instance_id == bindparam("case_id"), _PARTICIPANT.c.admitted_at.is_not(None))
    .order_by(_INSTITUTION.c.name)
)
_ALL_PLAYERS = (
    select(_PARTICIPANT.c.role, _INSTITUTION.c.id, _INSTITUTION.c.name)
    .join(_INSTITUTION, _INSTITUTION.c.id == _PARTICIPANT.c.institution_id)
    .where(_PARTICIPANT.c.instance_id == bindparam("case_id"))
    .order_by(_INSTITUTION.c.name)
)
_TIMERS = select(_TIMER.c.name, _TIMER.c.due_at).where(_TIMER.c.instance_id == bindparam("case_id"))
_MESSAGES = select(_SUBSCRIPTION.c.message_name).where(_SUBSCRIPTION.c.instance_id == bindparam("case_id"))


def completed_tasks(session: Session, case_id: str) -> list:
    """The case's completed human tasks, oldest first, with the name and institution of who completed each."""
    return session.execute(_COMPLETED, {"case_id": case_id}).all()


def open_tasks(session: Session, case_id: str) -> list:
    return session.execute(_OPEN, {"case_id": case_id}).all()


def players(session: Session, case_id: str) -> dict[str, tuple[str, ...]]:
    """Role -> the names of the institutions playing it in the case."""
    found: dict[str, list[str]] = {}
    for role, name in session.execute(_PLAYERS, {"case_id": case_id}):
        found.setdefault(role, []).append(name)
    return {role: tuple(names) for role, names in found.items()}


def institutions_by_role(session: Session, case_id: str) -> dict[str, list[dict]]:
    """Role -> ``{"id", "nazwa"}`` of every institution of the case's partnership playing it, admitted or
    not yet (the provider an order goes to is chosen among them)."""
    found: dict[str, list[dict]] = {}
    for role, institution_id, name in session.execute(_ALL_PLAYERS, {"case_id": case_id}):
        found.setdefault(role, []).append({"id": str(institution_id), "nazwa": name})
    return found


def timers(session: Session, case_id: str) -> list[tuple[str, object]]:
    return [(row.name, row.due_at) for row in session.execute(_TIMERS, {"case_id": case_id})]


def messages(session: Session, case_id: str) -> list[str]:
    return sorted({name for (name,) in session.execute(_MESSAGES, {"case_id": case_id})})
