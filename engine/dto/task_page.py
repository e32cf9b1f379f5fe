"""What the worker's task page and task lists show, each read in one engine call."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.dto import CaseInfo, TaskDetail, TaskInfo
from engine.dto.casefile import TaskContext
from engine.dto.pages import Page


@dataclass(frozen=True)
class TaskPage:
    """One task as its page shows it: the task with its form and values (``detail``), the case's header
    (None for a token without ``cases:read``) and its open tasks as the reader may see them, what the
    decision needs (``context``, empty unless the reader may work on the task) and whether the task is
    in the reader's queue (``claimable``: they may take it)."""

    detail: TaskDetail
    case: CaseInfo | None
    case_tasks: tuple[TaskInfo, ...] = ()
    context: TaskContext = field(default_factory=TaskContext)
    claimable: bool = False


@dataclass(frozen=True)
class TaskListing:
    """One page of a worker's list (``inbox``, ``queue`` or ``archive``) with the three lists' counts
    (``counts``, each up to ``COUNT_LIMIT + 1``) and, when asked for, the escalated tasks."""

    page: Page
    counts: dict[str, int]
    escalated: Page | None = None
