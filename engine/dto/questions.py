"""Questions to the ROPS model team (adviser, legal consultant, supervisor) as callers get them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

#: The filters of a team member's queue: still waiting for an answer, answered, past the deadline.
OPEN, ANSWERED, OVERDUE = "open", "answered", "overdue"
QUEUE_STATES = (OPEN, ANSWERED, OVERDUE)


@dataclass(frozen=True)
class Question:
    """One question and, once given, its answer, with the least of the case the answer needs: its
    number, its stage and the task the question was asked from (the case's title is not shown)."""

    id: int
    case_id: str
    business_key: str
    stage: str | None
    task_id: str | None
    task_name: str | None
    to_role: str
    urgent: bool
    question: str
    asked_by: str | None
    institution: str | None  # the asker's institution
    asked_at: datetime
    due_at: datetime
    answer: str | None = None
    answered_by: str | None = None
    answered_at: datetime | None = None
    may_answer: bool = False  # the reader may answer it (holds the role it is for, and it is open)
    may_open_case: bool = False  # the reader may open the case file

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    def is_overdue(self, now: datetime) -> bool:
        return not self.answered and self.due_at < now
