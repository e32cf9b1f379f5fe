"""The Świlcza PZK's meetings: one held and closed that approved the Jabłońskis' plan (decided there, not
on the task's page), and one planned a week ahead whose agenda is the cases waiting for the PZK now.

Held only for cases this run played, so a second run schedules nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from engine import Engine
from engine.demo.directory import PZK
from engine.demo.play import Task
from engine.dto import Actor, TaskInfo

LOCAL = ZoneInfo("Europe/Warsaw")
PLACE = "Sala narad GOPS w Świlczy"
#: Who came to the held meeting: the institutions of the real Świlcza PZK and three more partners.
PRESENT = (
    "GOPS w Świlczy",
    "PCPR w Rzeszowie",
    "KWP w Rzeszowie",
    "OIK w Górnie",
    "GKRPA w Świlczy",
    "Zespół Interdyscyplinarny w Świlczy",
    "Szkoła Podstawowa w Świlczy",
    "Poradnia Psychologiczno-Pedagogiczna w Rzeszowie",
    "PUP w Rzeszowie",
)


def at_ten(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=LOCAL)


class DemoMeetings:
    def __init__(self, engine: Engine, acting: dict[str, Actor], partnership_id: int):
        self._engine = engine
        self._coordinator = acting[PZK]
        self._partnership_id = partnership_id

    def decide(self, task: TaskInfo, step: Task) -> None:
        """A meeting on the step's decision day decides its task: attendance, the decision, closing."""
        meetings = self._engine.meetings
        day = date.fromisoformat(step.data["data_decyzji_pzk"])
        info = meetings.schedule(self._coordinator, self._partnership_id, at_ten(day), PLACE, [task.id])
        meeting_id = info.summary.id
        present = [a.institution_id for a in info.attendance if a.institution in PRESENT]
        meetings.record_attendance(self._coordinator, meeting_id, present)
        meetings.record_decision(self._coordinator, meeting_id, info.items[0].id, dict(step.data))
        meetings.close(self._coordinator, meeting_id)

    def plan_next(self, today: date) -> None:
        """The next meeting, a week ahead, with every case now waiting for the partnership's decision."""
        waiting = self._engine.meetings.waiting(self._coordinator, self._partnership_id)
        if waiting:
            task_ids = [case.task_id for case in waiting]
            self._engine.meetings.schedule(
                self._coordinator, self._partnership_id, at_ten(today + timedelta(days=7)), PLACE, task_ids
            )
