"""Meetings of a partnership (posiedzenia PZK) as the pages and the minutes get them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

#: A meeting's life: scheduled, attendance recorded, decisions carried out.
MEETING_STATUSES = ("planned", "held", "closed")
#: What closing a meeting did with one agenda item.
OUTCOMES = ("pending", "done", "refused", "undecided")


@dataclass(frozen=True)
class Quorum:
    """``present`` of ``members`` institutions came; ``required`` is the agreement's rule (or more than half).

    ``members_from_process``: the members are those of the PZK by its agreement and declarations of
    accession (process ``kooperacja_pzk``); False: every institution of the partnership in the directory.
    """

    present: int
    members: int
    required: int
    from_agreement: bool
    members_from_process: bool = False

    @property
    def met(self) -> bool:
        return self.present >= self.required


@dataclass(frozen=True)
class CaseOnAgenda:
    """A case waiting for the partnership's decision, as one reader may see it.

    ``visible`` False: the reader's institution does not take part in the case, so it gets the kind of
    decision only, no case number and no family.
    """

    task_id: str
    task_name: str
    bpmn_id: str
    visible: bool
    case_id: str | None = None
    business_key: str | None = None
    family: str | None = None  # the case as the minutes name it: "Rodzina N.", "Osoba M. W.", "Sprawa grupowa"
    waiting_since: datetime | None = None
    due_at: datetime | None = None
    kind: str | None = None  # whom the case is for: "osoba", "rodzina", "grupa"
    group: str | None = None  # a group case's group, as its pages name it: "Seniorzy z Woli Rafałowskiej"


@dataclass(frozen=True)
class AgendaItem:
    id: int
    position: int
    case: CaseOnAgenda
    decision: dict | None  # the task's form data recorded at the meeting (only for those who see the case)
    decision_summary: str | None  # e.g. "Plan zatwierdzony"
    outcome: str  # one of OUTCOMES
    outcome_message: str | None = None


@dataclass(frozen=True)
class Attendance:
    institution_id: int
    institution: str
    present: bool


@dataclass(frozen=True)
class MeetingSummary:
    id: int
    partnership_id: int
    partnership: str
    starts_at: datetime
    place: str
    status: str
    items: int


@dataclass(frozen=True)
class MeetingInfo:
    summary: MeetingSummary
    attendance: list[Attendance]
    quorum: Quorum
    items: list[AgendaItem]
    may_manage: bool  # the reader schedules and records this partnership's meetings
    may_close: bool  # ... and holds the PZK role, whose tasks the decisions complete


@dataclass(frozen=True)
class ItemForm:
    """The form of the PZK task of one agenda item, to record the decision in."""

    item_id: int
    task_name: str
    case_id: str
    business_key: str
    family: str  # the case as the minutes name it: "Rodzina N.", "Sprawa grupowa"
    schema: dict
    ui_schema: dict
    choices: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    task_id: str = ""  # the PZK task the decision completes (for what the decision needs to know)
    kind: str | None = None  # as in CaseOnAgenda
    group: str | None = None


@dataclass(frozen=True)
class MinutesDocument:
    """The minutes (protokół) of a closed meeting: no more of a case than its number and the family's initial
    (a person's initials, a group case by its kind)."""

    meeting_id: int
    partnership: str
    starts_at: datetime
    place: str
    present: list[str]
    absent: list[str]
    quorum: Quorum
    items: list[AgendaItem]
    generated_at: datetime
    generated_by: str
    closed_at: datetime | None
