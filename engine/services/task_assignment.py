"""Giving a task to a person: part of ``TaskService``."""

from __future__ import annotations

from sqlalchemy import update

from engine.access.acting import acting
from engine.access.visibility import roles_in_case
from engine.db.models import HumanTask
from engine.dto import Actor, TaskInfo
from engine.errors import NotAllowed
from engine.jobs import notifications, queue
from engine.roles import LEAD_ROLES
from engine.services.task_guards import record_event, require_open, require_task_visible
from engine.store.context import EngineContext
from engine.store.task_rows import assigned_info, load


class TaskAssignment:
    _ctx: EngineContext

    def assign(self, actor: Actor, task_id: str, user_id: int) -> TaskInfo:
        """Give an open task to a person who may do it; they are told by e-mail (through the worker).

        Supervisors may assign any task, animators the tasks of the cases their institution leads.

        Raises:
            NotAllowed: the actor may not assign, or the person lacks the task's role in this case.
            Conflict: the task is no longer open.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            task = load(session, task_id)
            roles = require_task_visible(session, who, task)
            require_open(task)
            if not (who.is_system or who.supervises or who.roles & roles & LEAD_ROLES):
                raise NotAllowed("Zadania przydziela superwizor albo animator sprawy.")
            target = acting(session, Actor(user_id))
            if task.role not in target.roles & roles_in_case(session, task.instance_id, target.institution_id):
                raise NotAllowed(f"Ta osoba nie może wykonać zadania: nie pełni w tej sprawie roli „{task.role}”.")
            if task.institution is not None and target.institution_name != task.institution:
                raise NotAllowed(f"Ta osoba nie może wykonać zadania: jest ono dla instytucji „{task.institution}”.")
            session.execute(update(HumanTask).where(HumanTask.id == task_id).values(assignee_id=user_id))
            record_event(session, task, "assigned", who, now, {"assignee_id": user_id})
            queue.enqueue(session, [notifications.assignment_job(task.id, task.instance_id, user_id, now)], now)
            return assigned_info(session, task, user_id)
