"""Meetings of a partnership (posiedzenia PZK): schedule, agenda, attendance, decisions, close, minutes.

    meeting = engine.meetings.schedule(actor, partnership_id, starts_at, "Sala GOPS", task_ids)
    engine.meetings.record_attendance(actor, meeting.summary.id, [institution ids present])
    engine.meetings.record_decision(actor, meeting_id, item_id, {"decyzja_pzk": "zatwierdzony", ...})
    engine.meetings.close(actor, meeting_id)   # completes each case's PZK task through ``tasks.complete``

The agenda is made of the partnership's cases whose PZK task waits; a decision is exactly the data the
task's form asks for, checked when it is recorded and again when the task is completed, so the case goes
on as if the task had been done on its page (which stays possible outside a meeting).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from engine.access.acting import acting, require_operation
from engine.access.audit import audit
from engine.db.models import Meeting, MeetingAttendance, MeetingItem, Partnership
from engine.dto import Actor, PartnershipInfo
from engine.dto.meetings import CaseOnAgenda, MeetingInfo, MeetingSummary, MinutesDocument
from engine.errors import InvalidInput, NotAllowed
from engine.jobs import meeting_notices
from engine.jobs.queue import enqueue
from engine.services.directory.common import partnership_info
from engine.services.meetings import rules
from engine.services.meetings.agenda import case_on_agenda, waiting_task, waiting_tasks
from engine.services.meetings.decisions import MeetingDecisions
from engine.services.meetings.members import pzk_members
from engine.services.meetings.minutes import build_minutes
from engine.services.meetings.reading import meeting_info, summaries
from engine.services.tasks import TaskService
from engine.store.context import EngineContext

MAX_PLACE = 300
READ = "meetings:read"  # what an API token needs to read its partnerships' meetings


class MeetingService(MeetingDecisions):
    def __init__(self, ctx: EngineContext, tasks: TaskService):
        self._ctx = ctx
        self._tasks = tasks

    def partnerships(self, actor: Actor) -> list[PartnershipInfo]:
        """The partnerships whose meetings the actor schedules (animator or PZK coordinator there)."""
        with self._ctx.transaction(write=False) as session:
            ids = rules.managed_partnerships(session, acting(session, actor))
            rows = session.execute(select(Partnership).where(Partnership.id.in_(ids)).order_by(Partnership.name))
            return [partnership_info(session, row) for row in rows.scalars()]

    def meetings(self, actor: Actor) -> list[MeetingSummary]:
        """The meetings of the partnerships the actor's institution belongs to, the newest first.

        Raises:
            NotAllowed: an API token without ``meetings:read``.
        """
        with self._ctx.transaction(write=False) as session:
            who = acting(session, actor)
            require_operation(who, READ)
            if who.institution_id is None:
                return []
            mine = rules.partnerships_of(who)
            rows = session.execute(
                select(Meeting).where(Meeting.partnership_id.in_(mine)).order_by(Meeting.starts_at.desc(), Meeting.id)
            )
            return summaries(session, list(rows.scalars()))

    def waiting(self, actor: Actor, partnership_id: int) -> list[CaseOnAgenda]:
        """The cases of the partnership waiting for its decision, not yet on an open meeting's agenda.

        Raises:
            NotAllowed: the actor does not lead this partnership's meetings.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            self._require_manager(session, who, partnership_id)
            cases = [case_on_agenda(session, who, row) for row in waiting_tasks(session, partnership_id)]
            audit_cases(
                session,
                now,
                who,
                "meeting.waiting",
                [c.case_id for c in cases if c.visible],
                partnership_id=partnership_id,
            )
            return cases

    def schedule(
        self, actor: Actor, partnership_id: int, starts_at: datetime, place: str, task_ids: list[str]
    ) -> MeetingInfo:
        """A planned meeting with the given waiting PZK tasks (in this order) as its agenda (audited); the
        PZK's member institutions are told by e-mail (``jobs.meeting_notices``).

        Raises:
            NotAllowed: the actor does not lead this partnership's meetings.
            InvalidInput: no place, or a task that is not a waiting PZK task of this partnership.
        """
        now = self._ctx.clock.now()
        place = (place or "").strip()
        if not place or len(place) > MAX_PLACE:
            raise InvalidInput(f"Podaj miejsce posiedzenia (najwyżej {MAX_PLACE} znaków).")
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            self._require_manager(session, who, partnership_id)
            meeting = Meeting(
                partnership_id=partnership_id,
                starts_at=starts_at,
                place=place,
                status="planned",
                created_by=who.id,
                created_at=now,
            )
            session.add(meeting)
            session.flush()
            for position, task_id in enumerate(dict.fromkeys(task_ids), start=1):
                row = waiting_task(session, partnership_id, task_id)
                if row is None:
                    raise InvalidInput("Na porządek obrad można wpisać tylko sprawy czekające na decyzję PZK.")
                session.add(
                    MeetingItem(
                        meeting_id=meeting.id,
                        position=position,
                        instance_id=row.instance_id,
                        task_id=row.id,
                        outcome="pending",
                    )
                )
            session.flush()
            info = meeting_info(session, self._ctx, who, meeting)
            audit_cases(session, now, who, "meeting.schedule", _shown(info), meeting_id=meeting.id)
            members = [a.institution_id for a in info.attendance]  # those the quorum counts
            enqueue(session, [meeting_notices.scheduled_job(meeting.id, members, now)], now)
            return info

    def meeting(self, actor: Actor, meeting_id: int) -> MeetingInfo:
        """One meeting as the reader may see it (audited as ``meeting.read`` with the cases shown).

        Raises:
            NotFound: no such meeting, or the reader's institution is not in its partnership.
            NotAllowed: an API token without ``meetings:read``.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            require_operation(who, READ)
            info = meeting_info(session, self._ctx, who, rules.visible_meeting(session, who, meeting_id))
            audit_cases(session, now, who, "meeting.read", _shown(info), meeting_id=meeting_id)
            return info

    def record_attendance(self, actor: Actor, meeting_id: int, present: list[int]) -> MeetingInfo:
        """Which member institutions of the PZK came (the others did not); the meeting counts as held.

        Raises:
            NotFound / NotAllowed: as ``meeting``; only its leaders record; a closed meeting stays as it is.
            InvalidInput: an institution that is not a member of the PZK (see ``members.pzk_members``).
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            meeting = rules.managed_meeting(session, who, meeting_id)
            members = pzk_members(session, self._ctx, meeting.partnership_id).institutions
            chosen = {int(i) for i in present}
            if chosen - set(members):
                raise InvalidInput("Obecność zapisuje się tylko dla instytucji członkowskich PZK.")
            for institution_id in members:
                session.merge(
                    MeetingAttendance(
                        meeting_id=meeting_id, institution_id=institution_id, present=institution_id in chosen
                    )
                )
            meeting.status = "held"
            session.flush()
            audit(session, now, who, "meeting.attendance", meeting_id=meeting_id, present=sorted(chosen))
            return meeting_info(session, self._ctx, who, meeting)

    def minutes(self, actor: Actor, meeting_id: int) -> MinutesDocument:
        """The minutes of the meeting (audited as ``document.minutes``).

        Raises:
            NotFound: no such meeting, or the reader's institution is not in its partnership.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            require_operation(who, READ)
            meeting = rules.visible_meeting(session, who, meeting_id)
            document = build_minutes(
                session, who, meeting_info(session, self._ctx, who, meeting), meeting, now, actor.label
            )
            audit(session, now, who, "document.minutes", meeting_id=meeting_id)
            return document

    @staticmethod
    def _require_manager(session, who, partnership_id: int) -> None:
        if not rules.may_manage(session, who, partnership_id):
            raise NotAllowed("Posiedzenia PZK prowadzi animator lub koordynator PZK tego partnerstwa.")


def _shown(info: MeetingInfo) -> list[str]:
    return [item.case.case_id for item in info.items if item.case.visible]


def audit_cases(session, now, who, action: str, case_ids: list[str], **detail) -> None:
    """One entry per case whose number the reader was shown (so "who read what" finds it by case), or
    one without a case when none was."""
    for case_id in case_ids or [None]:
        audit(session, now, who, action, case_id, **detail)
