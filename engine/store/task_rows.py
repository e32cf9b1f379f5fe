"""Human task rows as callers see them: one query joins a task with its case and its assignee's name."""

from __future__ import annotations

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from engine.db.models import CaseParticipant, HumanTask, Institution, ProcessInstance, User, UserRole
from engine.dto import TaskInfo
from engine.errors import NotFound
from engine.store.cases import CASE_ROW_COLUMNS

_HUMAN, _INSTANCE, _USER = HumanTask.__table__, ProcessInstance.__table__, User.__table__
TASK_BASE = (
    select(
        _HUMAN,
        _INSTANCE.c.title.label("case_title"),
        _INSTANCE.c.business_key,
        _INSTANCE.c.definition_id,
        _USER.c.display_name.label("assignee_name"),
    )
    .join(_INSTANCE, _INSTANCE.c.id == _HUMAN.c.instance_id)
    .outerjoin(_USER, _USER.c.id == _HUMAN.c.assignee_id)
)
_TASK_BY_ID = TASK_BASE.where(_HUMAN.c.id == bindparam("task_id"))
_ACTOR = _USER.alias("actor")
#: a task to work on, with its case's row (``store.cases.checkout`` takes it) and the acting user's name:
#: what completing it reads, in one statement
_TASK_TO_WORK = (
    TASK_BASE.add_columns(*CASE_ROW_COLUMNS, _ACTOR.c.display_name.label("actor_name"))
    .outerjoin(_ACTOR, _ACTOR.c.id == bindparam("actor_id"))
    .where(_HUMAN.c.id == bindparam("task_id"))
)
_ROLE, _PARTICIPANT = UserRole.__table__, CaseParticipant.__table__
_ACTOR_INSTITUTION = Institution.__table__.alias("actor_institution")
_SEPARATOR = "\x1f"  # joins role names in one column; none holds it (XML, where lanes name roles, cannot)
_ACTOR_ROLES = select(func.aggregate_strings(_ROLE.c.role, _SEPARATOR)).where(_ROLE.c.user_id == _ACTOR.c.id)
_ACTOR_CASE_ROLES = select(func.aggregate_strings(_PARTICIPANT.c.role, _SEPARATOR)).where(
    _PARTICIPANT.c.instance_id == _HUMAN.c.instance_id,
    _PARTICIPANT.c.institution_id == _ACTOR.c.institution_id,
    _PARTICIPANT.c.admitted_at.is_not(None),
)
#: ``_TASK_TO_WORK`` with what the guards read about the acting person: whether they may act, their
#: institution, their roles and the roles their institution is admitted to in the task's case
_TASK_WITH_ACTOR = _TASK_TO_WORK.add_columns(
    _ACTOR.c.active.label("actor_active"),
    _ACTOR.c.institution_id.label("actor_institution_id"),
    _ACTOR_INSTITUTION.c.kind.label("actor_institution_kind"),
    _ACTOR_INSTITUTION.c.name.label("actor_institution_name"),
    _ACTOR_ROLES.scalar_subquery().label("actor_roles"),
    _ACTOR_CASE_ROLES.scalar_subquery().label("actor_case_roles"),
).outerjoin(_ACTOR_INSTITUTION, _ACTOR_INSTITUTION.c.id == _ACTOR.c.institution_id)
_NAMES = select(_USER.c.id, _USER.c.display_name).where(_USER.c.id.in_(bindparam("ids", expanding=True)))

INFO_FIELDS = (
    "id",
    "bpmn_id",
    "name",
    "role",
    "status",
    "stage",
    "assignee_id",
    "created_at",
    "due_at",
    "completed_at",
    "completed_by",
    "reminded_at",
    "escalated_at",
    "subject",
)


def load(session: Session, task_id: str):
    """The task row (``TASK_BASE``).

    Raises:
        NotFound: no such task.
    """
    row = session.execute(_TASK_BY_ID, {"task_id": task_id}).first()
    if row is None:
        raise NotFound(f"Nie ma zadania {task_id}.")
    return row


def load_to_work(session: Session, task_id: str, actor_id: int | None):
    """The task row (``TASK_BASE``) with its case's row (``case_*``) and the acting user's name (``actor_name``).

    Raises:
        NotFound: no such task.
    """
    row = session.execute(_TASK_TO_WORK, {"task_id": task_id, "actor_id": actor_id}).first()
    if row is None:
        raise NotFound(f"Nie ma zadania {task_id}.")
    return row


def load_with_actor(session: Session, task_id: str, user_id: int):
    """``load_to_work``'s row with the acting person (``actor_active``, ``actor_institution_*``) and two sets
    of roles: those the person holds and those their institution is admitted to in the task's case. None
    when there is no such task. One statement for what the guards of a person's step would read in three.
    """
    row = session.execute(_TASK_WITH_ACTOR, {"task_id": task_id, "actor_id": user_id}).first()
    if row is None:
        return None
    return row, _roles(row.actor_roles), _roles(row.actor_case_roles)


def _roles(joined: str | None) -> frozenset[str]:
    return frozenset(joined.split(_SEPARATOR)) if joined else frozenset()


def task_info(task, **changes) -> TaskInfo:
    """TaskInfo from a ``TASK_BASE`` row, with ``changes`` applied."""
    values = {name: getattr(task, name) for name in INFO_FIELDS}
    values["assignee_name"] = task.assignee_name
    values.update(changes)
    return TaskInfo(case_id=task.instance_id, case_title=task.case_title, business_key=task.business_key, **values)


def assigned_info(session: Session, task, user_id: int | None, **changes) -> TaskInfo:
    """TaskInfo of a task that now has ``user_id`` (or nobody) as its assignee."""
    name = user_names(session, [user_id]).get(user_id) if user_id is not None else None
    return task_info(task, assignee_id=user_id, assignee_name=name, **changes)


def opened_infos(session: Session, rows: list[dict], completed) -> tuple[TaskInfo, ...]:
    """TaskInfo of the rows a save just wrote (``store.save``), in the case of the ``completed`` task."""
    names = user_names(session, [row["assignee_id"] for row in rows if row["assignee_id"] is not None])
    return tuple(
        TaskInfo(
            case_id=row["instance_id"],
            case_title=completed.case_title,
            business_key=completed.business_key,
            assignee_name=names.get(row["assignee_id"]),
            **{name: row[name] for name in INFO_FIELDS},
        )
        for row in rows
    )


def user_names(session: Session, user_ids: list[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    return dict(session.execute(_NAMES, {"ids": sorted(set(user_ids))}).all())
