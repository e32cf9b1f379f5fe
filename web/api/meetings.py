"""Meetings of the partnerships the token's institution belongs to (read only): the list, and one meeting
with its attendance, quorum, agenda and decisions, as the institution's staff see it on the pages."""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _

from engine.dto.meetings import AgendaItem, MeetingInfo
from engine.dto.meetings import MeetingSummary as Summary
from engine.errors import NotFound
from web.api.blueprint import operation, reply
from web.api.models import (
    AgendaEntry,
    MeetingAttendance,
    MeetingDetail,
    MeetingList,
    MeetingQuorum,
    MeetingSummary,
)
from web.services import engine

MAX_ID = 2**31 - 1
MEETING_ID = {
    "name": "meeting_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
}


@operation("GET", "/meetings", "meetings:read", MeetingList)
def list_meetings():
    """Meetings (posiedzenia PZK) of the partnerships the token's institution belongs to.

    The newest first; a partnership meets about once a month, so the list is not paged.
    """
    return reply(MeetingList(items=[summary(m) for m in engine().meetings.meetings(g.api_actor)]))


@operation("GET", "/meetings/{meeting_id}", "meetings:read", MeetingDetail, parameters=(MEETING_ID,), problems=(404,))
def read_meeting(meeting_id: str):
    """One meeting: attendance, quorum, the agenda and the decisions taken.

    A case on the agenda is named (number, family's initial, the decision's data) only when the token's
    institution takes part in it; otherwise only the kind of decision is given. Reading is audited.
    """
    if not (meeting_id.isascii() and meeting_id.isdigit()) or not 1 <= int(meeting_id) <= MAX_ID:
        raise NotFound(_("Nie ma posiedzenia %(id)s.", id=meeting_id))
    return reply(detail(engine().meetings.meeting(g.api_actor, int(meeting_id))))


def summary(meeting: Summary) -> MeetingSummary:
    return MeetingSummary(
        id=meeting.id,
        partnership_id=meeting.partnership_id,
        partnership=meeting.partnership,
        starts_at=meeting.starts_at,
        place=meeting.place,
        status=meeting.status,
        agenda_items=meeting.items,
    )


def detail(info: MeetingInfo) -> MeetingDetail:
    q = info.quorum
    return MeetingDetail(
        meeting=summary(info.summary),
        quorum=MeetingQuorum(
            present=q.present,
            members=q.members,
            required=q.required,
            met=q.met,
            from_agreement=q.from_agreement,
            members_from_process=q.members_from_process,
        ),
        attendance=[
            MeetingAttendance(institution_id=a.institution_id, institution=a.institution, present=a.present)
            for a in info.attendance
        ],
        agenda=[entry(item) for item in info.items],
    )


def entry(item: AgendaItem) -> AgendaEntry:
    case = item.case
    return AgendaEntry(
        position=item.position,
        task_name=case.task_name,
        bpmn_id=case.bpmn_id,
        case_visible=case.visible,
        case_id=case.case_id if case.visible else None,
        business_key=case.business_key if case.visible else None,
        family=case.family if case.visible else None,
        kind=case.kind if case.visible else None,
        group=case.group if case.visible else None,
        decision=item.decision if case.visible else None,
        decision_summary=item.decision_summary,
        outcome=item.outcome,
        outcome_message=item.outcome_message,
    )
