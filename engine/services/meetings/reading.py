"""Reading meetings as DTOs: the summary line, attendance, quorum and agenda of one meeting."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.access.acting import Acting
from engine.db.models import Institution, Meeting, MeetingAttendance, Partnership
from engine.dto.meetings import Attendance, MeetingInfo, MeetingSummary
from engine.services.meetings import rules
from engine.services.meetings.agenda import agenda_items, item_rows
from engine.services.meetings.members import pzk_members
from engine.store.context import EngineContext


def summaries(session: Session, meetings: list[Meeting]) -> list[MeetingSummary]:
    counts = rules.count_items(session, [m.id for m in meetings])
    names = dict(session.execute(select(Partnership.id, Partnership.name)).all())
    return [
        MeetingSummary(
            m.id, m.partnership_id, names[m.partnership_id], m.starts_at, m.place, m.status, counts.get(m.id, 0)
        )
        for m in meetings
    ]


def attendance(session: Session, meeting: Meeting, members: list[int]) -> list[Attendance]:
    """Every member institution the quorum counts, by name, present or not (nobody until recorded)."""
    present = set(
        session.execute(
            select(MeetingAttendance.institution_id).where(
                MeetingAttendance.meeting_id == meeting.id, MeetingAttendance.present.is_(True)
            )
        ).scalars()
    )
    names = session.execute(select(Institution.id, Institution.name).where(Institution.id.in_(members))).all()
    return sorted((Attendance(i, name, i in present) for i, name in names), key=lambda a: a.institution)


def meeting_info(session: Session, ctx: EngineContext, who: Acting, meeting: Meeting) -> MeetingInfo:
    members = pzk_members(session, ctx, meeting.partnership_id)
    present = attendance(session, meeting, members.institutions)
    quorum = rules.quorum(members, sum(a.present for a in present))
    items = agenda_items(session, who, item_rows(session, meeting.id), lambda d: ctx.definitions.get(session, d).forms)
    return MeetingInfo(
        summary=summaries(session, [meeting])[0],
        attendance=present,
        quorum=quorum,
        items=items,
        may_manage=rules.may_manage(session, who, meeting.partnership_id),
        may_close=rules.may_close(session, who, meeting.partnership_id),
    )
