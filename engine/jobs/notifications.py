"""Who is told about a task, and the e-mail jobs that tell them.

Recipients are found when the job runs (not when it was enqueued), so a task already taken or done
by then tells nobody. Each e-mail is its own job (deduplicated per cause and person), sent under a
lease by ``execute``: a failing SMTP server delays one message, never the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import Session

from engine.db.models import (
    CaseParticipant,
    HumanTask,
    Institution,
    NotificationPreference,
    ProcessInstance,
    User,
    UserRole,
)
from engine.jobs.mail import Email, Mailer
from engine.jobs.mail_templates import TaskNotice, render
from engine.jobs.queue import ClaimedJob, NewJob, enqueue
from engine.roles import LEAD_ROLES, SUPERVISOR

EMAIL = "email"
_HUMAN, _INSTANCE = HumanTask.__table__, ProcessInstance.__table__
_USER, _ROLE, _PARTICIPANT = User.__table__, UserRole.__table__, CaseParticipant.__table__
_PREFERENCE, _INSTITUTION = NotificationPreference.__table__, Institution.__table__
_TASK = select(
    _HUMAN,
    _INSTANCE.c.business_key,
    _INSTANCE.c.title.label("case_title"),
    _INSTANCE.c.status.label("case_status"),
).join(_INSTANCE, _INSTANCE.c.id == _HUMAN.c.instance_id)


@dataclass(frozen=True)
class Recipient:
    user_id: int
    name: str
    email: str | None
    wants: bool  # the user's preference for this kind


def task_row(session: Session, task_id: str):
    return session.execute(_TASK.where(_HUMAN.c.id == task_id)).first()


def notice_of(task) -> TaskNotice:
    return TaskNotice(task.id, task.name, task.business_key, task.case_title, task.role, task.due_at)


def _people(kind: str):
    wants = _PREFERENCE.c.enabled.is_(None) | _PREFERENCE.c.enabled.is_(True)
    return (
        select(_USER.c.id, _USER.c.display_name, _USER.c.email, wants.label("wants"))
        .distinct()
        .outerjoin(_PREFERENCE, and_(_PREFERENCE.c.user_id == _USER.c.id, _PREFERENCE.c.kind == kind))
        .where(_USER.c.active.is_(True))
    )


def _recipients(session: Session, query, params: dict) -> list[Recipient]:
    rows = session.execute(query.order_by(_USER.c.id), params).all()
    return [Recipient(row.id, row.display_name, row.email, bool(row.wants)) for row in rows]


def queue_holders(session: Session, task, kind: str) -> list[Recipient]:
    """Users holding the task's role in an institution that plays it in the case (only the institution
    the task is for, when it is for one): who sees the task queued."""
    if task.role is None:
        return []
    query = (
        _people(kind)
        .join(_ROLE, and_(_ROLE.c.user_id == _USER.c.id, _ROLE.c.role == bindparam("role")))
        .join(
            _PARTICIPANT,
            and_(
                _PARTICIPANT.c.instance_id == bindparam("case_id"),
                _PARTICIPANT.c.role == bindparam("role"),
                _PARTICIPANT.c.institution_id == _USER.c.institution_id,
            ),
        )
    )
    if task.institution is not None:  # another provider is not told of this provider's order
        query = query.join(_INSTITUTION, _INSTITUTION.c.id == _USER.c.institution_id).where(
            _INSTITUTION.c.name == task.institution
        )
    return _recipients(session, query, {"case_id": task.instance_id, "role": task.role})


def one_user(session: Session, user_id: int, kind: str) -> list[Recipient]:
    return _recipients(session, _people(kind).where(_USER.c.id == bindparam("user_id")), {"user_id": user_id})


def assignee_or_queue(session: Session, task, kind: str) -> list[Recipient]:
    if task.assignee_id is not None:
        return one_user(session, task.assignee_id, kind)
    return queue_holders(session, task, kind)


def case_leads(session: Session, case_id: str, kind: str) -> list[Recipient]:
    """The case's animators (institutions playing Animator) and the supervisors of its institutions."""
    in_case = select(_PARTICIPANT.c.institution_id).where(_PARTICIPANT.c.instance_id == bindparam("case_id"))
    leading = in_case.where(_PARTICIPANT.c.role.in_(LEAD_ROLES))
    query = (
        _people(kind)
        .join(_ROLE, _ROLE.c.user_id == _USER.c.id)
        .where(
            (_ROLE.c.role.in_(LEAD_ROLES) & _USER.c.institution_id.in_(leading))
            | ((_ROLE.c.role == SUPERVISOR) & _USER.c.institution_id.in_(in_case))
        )
    )
    return _recipients(session, query, {"case_id": case_id})


def tell(
    session: Session, job: ClaimedJob, kind: str, notice: TaskNotice, people: list[Recipient], now, base_url=None
) -> list[int]:
    """Enqueue one e-mail per person who has an address and wants ``kind``; returns the ids of those told."""
    told = [person for person in people if person.wants and person.email]
    emails = []
    for person in told:
        subject, body = render(kind, notice, person.name, base_url)
        emails.append(
            NewJob(
                kind=EMAIL,
                dedupe_key=f"{EMAIL}:{job.dedupe_key}:{person.user_id}",
                due_at=now,
                case_id=job.case_id,
                task_id=job.task_id,
                payload={"to": person.email, "subject": subject, "body": body, "user_id": person.user_id, "kind": kind},
            )
        )
    enqueue(session, emails, now)
    return [person.user_id for person in told]


# --------------------------------------------------------------------------- job kinds


def new_task_job(task_id: str, case_id: str, now: datetime) -> NewJob:
    return NewJob("task_new", f"task_new:{task_id}", now, case_id, task_id)


def assignment_job(task_id: str, case_id: str, user_id: int, now: datetime) -> NewJob:
    key = f"task_assigned:{task_id}:{user_id}:{now.isoformat()}"
    return NewJob("task_assigned", key, now, case_id, task_id, {"user_id": user_id})


def announce_new_task(run, job: ClaimedJob) -> None:
    """A task waits in a queue: tell the people who can take it (unless someone took it already)."""
    task = task_row(run.session, job.task_id)
    if task is None or task.status != "open" or task.assignee_id is not None:
        return
    people = queue_holders(run.session, task, "task_new")
    tell(run.session, job, "task_new", notice_of(task), people, run.now, run.ctx.jobs.base_url)


def announce_assignment(run, job: ClaimedJob) -> None:
    """A task was given to someone: tell them, if it is still theirs and open."""
    task = task_row(run.session, job.task_id)
    user_id = job.payload["user_id"]
    if task is None or task.status != "open" or task.assignee_id != user_id:
        return
    people = one_user(run.session, user_id, "task_assigned")
    tell(run.session, job, "task_assigned", notice_of(task), people, run.now, run.ctx.jobs.base_url)


def send_email(mailer: Mailer, job: ClaimedJob) -> None:
    payload = job.payload
    mailer.send(Email(payload["to"], payload["subject"], payload["body"]))
