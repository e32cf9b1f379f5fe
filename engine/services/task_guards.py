"""The checks the task service makes before it lets a person act on a task, and the rows those acts write.

SpiffWorkflow's ``task.run()`` checks nothing; these do: the task is open, the actor holds its role,
their institution plays that role in the case, and they hold the task.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlalchemy.orm import Session

from engine.access.acting import Acting, acting, acting_from, require_operation
from engine.access.audit import audit
from engine.access.visibility import require_visible
from engine.db.models import CaseEvent, HumanTask
from engine.db.prepared import Prepared
from engine.dto import Actor
from engine.errors import Conflict, NotAllowed, NotFound, NotVisible
from engine.store.task_rows import load_to_work, load_with_actor

_HUMAN = HumanTask.__table__
_CLAIM = Prepared(
    update(_HUMAN)
    .where(_HUMAN.c.id == bindparam("b_task_id"), _HUMAN.c.status == "open", _HUMAN.c.assignee_id.is_(None))
    .values(assignee_id=bindparam("b_user_id"))
)
_EVENT_INSERT = insert(CaseEvent.__table__)


def require_task_visible(
    session: Session, who: Acting, task, action: str = "task.read", admitted: frozenset[str] | None = None
) -> frozenset[str]:
    """The roles the actor's institution plays in the task's case; those who may not see the case, or
    the task (another provider's order), get ``NotVisible`` (audited). ``admitted``: as ``require_visible``."""
    try:
        roles = require_visible(session, who, task.instance_id, action, admitted)
        if not who.may_see_task_of(task.role, task.institution):
            raise NotVisible(f"Nie ma zadania {task.id}.", who.id, task.instance_id, action)
        return roles
    except NotVisible as hidden:
        raise NotVisible(f"Nie ma zadania {task.id}.", hidden.actor_id, hidden.case_id, action, hidden.token) from None


def work_on(
    session: Session, actor: Actor, task_id: str, operation: str | None = None
) -> tuple[Acting, Any, frozenset[str]]:
    """The acting user, the task's row with its case's row (``task_rows.load_to_work``) and the roles they
    act in in its case (``require_task_visible``). For a person one statement reads all three; an API token
    must hold ``operation`` before it learns anything about the task.

    Raises:
        NotAllowed: an inactive or unknown user (before anything about the task is said).
        NotFound: no such task.
        NotVisible: the actor may not see the task (audited).
    """
    if actor.user_id is None:  # an API token or the system
        who = acting(session, actor)
        if operation is not None:
            require_operation(who, operation)
        task = load_to_work(session, task_id, None)
        return who, task, require_task_visible(session, who, task)
    found = load_with_actor(session, task_id, actor.user_id)
    if found is None:
        acting(session, actor)
        raise NotFound(f"Nie ma zadania {task_id}.")
    task, held, admitted = found
    who = acting_from(actor, task, held)
    return who, task, require_task_visible(session, who, task, admitted=admitted)


def require_open(task) -> None:
    if task.status == "completed":
        raise Conflict("To zadanie zostało już wykonane.")
    if task.status != "open":
        raise Conflict("To zadanie zostało anulowane: proces poszedł inną drogą.")


def require_can_work(who: Acting, task, roles_in_this_case: frozenset[str]) -> None:
    require_permitted(who, task, roles_in_this_case)
    require_open(task)  # after the permission: someone who may never do the task gets 403, not 409


def require_permitted(who: Acting, task, roles_in_this_case: frozenset[str]) -> None:
    """The actor could do this task in principle: a person, holding its role, in an institution playing it;
    or an API token with ``tasks:complete`` of an institution playing it."""
    if who.is_system:
        raise NotAllowed("Zadania użytkownika wykonują ludzie, nie system.")
    require_operation(who, "tasks:complete")
    if not who.for_institution and task.role not in who.roles:
        raise NotAllowed(f"To zadanie wymaga roli „{task.role}”, której nie posiadasz.")
    if task.role not in roles_in_this_case:
        raise NotAllowed(f"Twoja instytucja nie pełni w tej sprawie roli „{task.role}”.")
    if task.institution is not None and task.institution != who.institution_name:
        raise NotAllowed(f"To zadanie jest przeznaczone dla instytucji „{task.institution}”.")


def require_assignee(who: Acting, task, assignee_id: int | None = None) -> None:
    """The actor holds the task; an API token (no person to hold it) does only tasks nobody took."""
    holder = assignee_id if assignee_id is not None else task.assignee_id
    if who.for_institution:
        if holder is not None:
            raise Conflict("To zadanie podjęła osoba z instytucji; system zewnętrzny nie może go wykonać.")
        return
    if holder is None:
        raise NotAllowed("Najpierw podejmij to zadanie.")
    if holder != who.id:
        raise Conflict("To zadanie podjęła inna osoba.")


def claim_row(session: Session, who: Acting, task) -> None:
    result = _CLAIM.execute(session, {"b_task_id": task.id, "b_user_id": who.id})
    if result.rowcount != 1:
        raise Conflict("To zadanie zostało już podjęte przez inną osobę.")


def record_event(session: Session, task, kind: str, who: Acting, now, detail: dict | None = None) -> None:
    session.execute(
        _EVENT_INSERT,
        {
            "instance_id": task.instance_id,
            "at": now,
            "kind": kind,
            "actor_id": who.id,
            "task_id": task.id,
            "task_name": task.name,
            "detail": json.dumps(detail) if detail else None,
        },
    )
    audit(session, now, who, f"task.{kind}", task.instance_id, task.id)
