"""Deadlines of human tasks: a reminder before the due time, an escalation at it.

A task's due time comes from the model (its ``dueIn`` property, else a timer boundary event on it,
see ``runner.describe``). ``jobs_for_new_tasks`` runs inside ``store.save``, so the jobs exist
exactly when the task row does. When a job runs it marks the task (``reminded_at`` /
``escalated_at``, shown in every task list), records a case event and enqueues the e-mails, all in
one transaction: a reminder is recorded once however many workers there are.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from engine.config import JobSettings
from engine.db.models import CaseEvent, HumanTask
from engine.jobs import notifications
from engine.jobs.queue import ClaimedJob, NewJob

REMINDER, ESCALATION = "reminder", "escalation"
_HUMAN = HumanTask.__table__
_EVENT_INSERT = insert(CaseEvent.__table__)


def remind_at(created_at: datetime, due_at: datetime, before: timedelta) -> datetime:
    """``before`` the deadline, but never earlier than half-way through the time the task has."""
    return due_at - min(before, (due_at - created_at) / 2)


def jobs_for_new_tasks(case_id: str, rows: list[dict], now: datetime, settings: JobSettings) -> list[NewJob]:
    """The jobs a save that opened ``rows`` (new ``human_task`` rows) implies."""
    jobs = []
    for row in rows:
        task_id = row["id"]
        if row["assignee_id"] is None:
            jobs.append(notifications.new_task_job(task_id, case_id, now))
        due = row["due_at"]
        if due is not None:
            reminder = remind_at(now, due, settings.reminder_before)
            jobs.append(NewJob(REMINDER, f"{REMINDER}:{task_id}", reminder, case_id, task_id))
            jobs.append(NewJob(ESCALATION, f"{ESCALATION}:{task_id}", due, case_id, task_id))
    return jobs


def remind(run, job: ClaimedJob) -> None:
    """Before the deadline: tell the assignee, or the institution's role holders if nobody took it."""
    task = notifications.task_row(run.session, job.task_id)
    if task is None or task.status != "open" or not _mark(run.session, task.id, "reminded_at", run.now):
        return
    people = notifications.assignee_or_queue(run.session, task, REMINDER)
    told = notifications.tell(
        run.session, job, REMINDER, notifications.notice_of(task), people, run.now, run.ctx.jobs.base_url
    )
    _record(run.session, task, "reminder", run.now, [p.user_id for p in people], told)


def escalate(run, job: ClaimedJob) -> None:
    """At the deadline: tell the case's animators and the supervisors of its institutions."""
    task = notifications.task_row(run.session, job.task_id)
    if task is None or task.status != "open" or not _mark(run.session, task.id, "escalated_at", run.now):
        return
    people = notifications.case_leads(run.session, task.instance_id, ESCALATION)
    told = notifications.tell(
        run.session, job, ESCALATION, notifications.notice_of(task), people, run.now, run.ctx.jobs.base_url
    )
    _record(run.session, task, "escalated", run.now, [p.user_id for p in people], told)


def _mark(session: Session, task_id: str, column: str, now: datetime) -> bool:
    result = session.execute(
        update(_HUMAN)
        .where(_HUMAN.c.id == task_id, _HUMAN.c.status == "open", getattr(_HUMAN.c, column).is_(None))
        .values({column: now})
    )
    return result.rowcount == 1


def _record(session: Session, task, kind: str, now: datetime, recipients: list[int], emailed: list[int]) -> None:
    detail = {"due_at": task.due_at, "recipients": recipients, "emailed": emailed}
    session.execute(
        _EVENT_INSERT,
        {
            "instance_id": task.instance_id,
            "at": now,
            "kind": kind,
            "actor_id": None,
            "task_id": task.id,
            "task_name": task.name,
            "detail": json.dumps(detail, ensure_ascii=False, default=str),
        },
    )
