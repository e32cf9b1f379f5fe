"""E-mail to the PZK's member institutions when a meeting is scheduled: date, place and how many cases are
on the agenda, never which cases (the agenda is read in the system, by those who may see it).

The members are those the quorum counts when the meeting is scheduled (``meetings.members``: by the
agreement and declarations, else the directory); in each, the people holding a role the institution plays
in the partnership are told, found when the job runs (as for tasks), each e-mail its own job.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from engine.db.models import (
    Meeting,
    MeetingItem,
    NotificationPreference,
    Partnership,
    PartnershipMember,
    User,
    UserRole,
)
from engine.jobs.mail_templates import FOOTER, when
from engine.jobs.notifications import EMAIL, Recipient
from engine.jobs.queue import ClaimedJob, NewJob, enqueue

SCHEDULED = "meeting_scheduled"
_USER, _ROLE, _MEMBER, _PREFERENCE = (
    User.__table__,
    UserRole.__table__,
    PartnershipMember.__table__,
    NotificationPreference.__table__,
)


def scheduled_job(meeting_id: int, institutions: list[int], now: datetime) -> NewJob:
    payload = {"meeting_id": meeting_id, "institutions": sorted(institutions)}
    return NewJob(SCHEDULED, f"{SCHEDULED}:{meeting_id}", now, None, None, payload)


def announce_meeting(run, job: ClaimedJob) -> None:
    """A meeting was scheduled: tell the members' people (unless it is over by now)."""
    meeting = run.session.get(Meeting, job.payload["meeting_id"])
    if meeting is None or meeting.status == "closed":
        return
    items = run.session.execute(select(func.count()).where(MeetingItem.meeting_id == meeting.id)).scalar_one()
    partnership = run.session.get(Partnership, meeting.partnership_id).name
    emails = [
        NewJob(
            kind=EMAIL,
            dedupe_key=f"{EMAIL}:{job.dedupe_key}:{person.user_id}",
            due_at=run.now,
            payload={"to": person.email, "user_id": person.user_id, "kind": SCHEDULED}
            | dict(
                zip(
                    ("subject", "body"),
                    render(meeting, partnership, items, person.name, run.ctx.jobs.base_url),
                    strict=True,
                )
            ),
        )
        for person in members_people(run.session, meeting.partnership_id, job.payload["institutions"])
        if person.wants and person.email
    ]
    enqueue(run.session, emails, run.now)


def members_people(session: Session, partnership_id: int, institutions: list[int]) -> list[Recipient]:
    """Active users of ``institutions`` holding a role their institution plays in the partnership."""
    wants = _PREFERENCE.c.enabled.is_(None) | _PREFERENCE.c.enabled.is_(True)
    plays = and_(
        _MEMBER.c.partnership_id == partnership_id,
        _MEMBER.c.institution_id == _USER.c.institution_id,
        _MEMBER.c.role == _ROLE.c.role,
    )
    query = (
        select(_USER.c.id, _USER.c.display_name, _USER.c.email, wants.label("wants"))
        .distinct()
        .join(_ROLE, _ROLE.c.user_id == _USER.c.id)
        .join(_MEMBER, plays)
        .outerjoin(_PREFERENCE, and_(_PREFERENCE.c.user_id == _USER.c.id, _PREFERENCE.c.kind == SCHEDULED))
        .where(_USER.c.active.is_(True), _USER.c.institution_id.in_(institutions))
        .order_by(_USER.c.id)
    )
    return [Recipient(r.id, r.display_name, r.email, bool(r.wants)) for r in session.execute(query)]


def render(meeting: Meeting, partnership: str, items: int, recipient: str, base_url: str | None = None):
    """(subject, body) of the e-mail about a scheduled meeting."""
    lines = [
        f"Zaplanowano posiedzenie Partnerskiego Zespołu Kooperacji: {partnership}.",
        "",
        f"Termin: {when(meeting.starts_at)}",
        f"Miejsce: {meeting.place}",
        f"Spraw w porządku obrad: {items}",
        "",
        "Porządek obrad zobaczysz w systemie (sprawy, w których Twoja instytucja uczestniczy, z numerem).",
    ]
    if base_url:
        lines += [f"Posiedzenie w systemie: {base_url.rstrip('/')}/posiedzenia/{meeting.id}"]
    subject = f"[Kooperacja] Posiedzenie PZK {when(meeting.starts_at)}"
    return subject, "\n".join([f"Dzień dobry, {recipient}!", "", *lines]) + FOOTER
