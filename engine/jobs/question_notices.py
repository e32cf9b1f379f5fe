"""E-mails about questions to the ROPS model team: the team is told of a new question, the asker of the
answer. Like the task notices, recipients are found when the job runs (an answered question tells the team
nothing) and each e-mail is its own job. The e-mail names the case by its number only: the question itself
is read in the system, never sent by e-mail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from engine.db.models import CaseParticipant, Institution, NotificationPreference, PartnershipMember, User, UserRole
from engine.jobs.mail_templates import FOOTER, when
from engine.jobs.notifications import EMAIL, Recipient
from engine.jobs.queue import ClaimedJob, NewJob, enqueue
from engine.roles import REGIONAL_KINDS, SUPERVISOR
from engine.store import questions

NEW, ANSWERED = "question_new", "question_answered"
_USER, _ROLE, _PREFERENCE = User.__table__, UserRole.__table__, NotificationPreference.__table__
_INSTITUTION, _PARTICIPANT, _MEMBER = Institution.__table__, CaseParticipant.__table__, PartnershipMember.__table__


def new_question_job(question_id: int, case_id: str, now: datetime) -> NewJob:
    return NewJob(NEW, f"{NEW}:{question_id}", now, case_id, None, {"question_id": question_id})


def answered_job(question_id: int, case_id: str, now: datetime) -> NewJob:
    return NewJob(ANSWERED, f"{ANSWERED}:{question_id}", now, case_id, None, {"question_id": question_id})


def announce_question(run, job: ClaimedJob) -> None:
    """A question waits in a team role's queue: tell those who hold the role (unless it was answered)."""
    row = questions.one(run.session, job.payload["question_id"])
    if row is None or row.answered_at is not None:
        return
    _tell(run, job, NEW, row, team(run.session, row, NEW))


def announce_answer(run, job: ClaimedJob) -> None:
    """A question was answered: tell its asker."""
    row = questions.one(run.session, job.payload["question_id"])
    if row is None or row.asked_by is None:
        return
    _tell(run, job, ANSWERED, row, _holders(run.session, ANSWERED, _USER.c.id == row.asked_by))


def team(session: Session, row, kind: str) -> list[Recipient]:
    """Who holds the question's role; for the supervisor role, only supervisors whose scope holds the case
    (a regional institution's, or of an institution in the case or its partnership)."""
    holds = _USER.c.id.in_(select(_ROLE.c.user_id).where(_ROLE.c.role == row.to_role))
    if row.to_role != SUPERVISOR:
        return _holders(session, kind, holds)
    regional = select(_INSTITUTION.c.id).where(_INSTITUTION.c.kind.in_(sorted(REGIONAL_KINDS)))
    in_case = select(_PARTICIPANT.c.institution_id).where(_PARTICIPANT.c.instance_id == row.instance_id)
    in_partnership = select(_MEMBER.c.institution_id).where(_MEMBER.c.partnership_id == row.partnership_id)
    scope = or_(*(_USER.c.institution_id.in_(ids) for ids in (regional, in_case, in_partnership)))
    return _holders(session, kind, and_(holds, scope))


def _holders(session: Session, kind: str, condition) -> list[Recipient]:
    wants = _PREFERENCE.c.enabled.is_(None) | _PREFERENCE.c.enabled.is_(True)
    query = (
        select(_USER.c.id, _USER.c.display_name, _USER.c.email, wants.label("wants"))
        .outerjoin(_PREFERENCE, and_(_PREFERENCE.c.user_id == _USER.c.id, _PREFERENCE.c.kind == kind))
        .where(_USER.c.active.is_(True), condition)
        .order_by(_USER.c.id)
    )
    return [Recipient(r.id, r.display_name, r.email, bool(r.wants)) for r in session.execute(query)]


def _tell(run, job: ClaimedJob, kind: str, row, people: list[Recipient]) -> None:
    emails = [
        NewJob(
            kind=EMAIL,
            dedupe_key=f"{EMAIL}:{job.dedupe_key}:{person.user_id}",
            due_at=run.now,
            case_id=job.case_id,
            payload={"to": person.email, "user_id": person.user_id, "kind": kind}
            | dict(zip(("subject", "body"), render(kind, row, person.name, run.ctx.jobs.base_url), strict=True)),
        )
        for person in people
        if person.wants and person.email
    ]
    enqueue(run.session, emails, run.now)


def render(kind: str, row, recipient: str, base_url: str | None = None) -> tuple[str, str]:
    """(subject, body) of a question e-mail."""
    urgent = " (pilne)" if row.urgent else ""
    if kind == NEW:
        subject = f"Pytanie do zespołu ROPS{urgent}: sprawa {row.business_key}"
        lead = f"W kolejce roli „{row.to_role}” czeka nowe pytanie{urgent} od: {row.institution_name or '—'}."
        lines = [lead, "", f"Sprawa: {row.business_key}", f"Termin odpowiedzi: {when(row.due_at)}"]
    else:
        subject = f"Odpowiedź zespołu ROPS na Twoje pytanie: sprawa {row.business_key}"
        lines = [f"Rola „{row.to_role}” odpowiedziała na Twoje pytanie.", "", f"Sprawa: {row.business_key}"]
    if base_url:
        lines += ["", f"Pytanie w systemie: {base_url.rstrip('/')}/pytania/{row.id}"]
    return f"[Kooperacja] {subject}", "\n".join([f"Dzień dobry, {recipient}!", "", *lines]) + FOOTER
