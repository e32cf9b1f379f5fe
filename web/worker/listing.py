"""Sorting, filtering and deadline marks for task lists (plain functions over engine TaskInfo)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from engine.dto import TaskInfo

SOON = timedelta(days=3)
SORTS = {
    "termin": _l("termin"),
    "utworzone": _l("data utworzenia"),
    "sprawa": _l("sprawa"),
    "zadanie": _l("nazwa zadania"),
    "zakonczone": _l("data zakończenia (najnowsze)"),
}
DEADLINES = {
    "": _l("wszystkie"),
    "po_terminie": _l("po terminie"),
    "wkrotce": _l("termin w ciągu 3 dni"),
}


@dataclass(frozen=True)
class Filters:
    text: str = ""
    sort: str = "termin"
    deadline: str = ""

    @classmethod
    def from_args(cls, args, default_sort: str = "termin") -> Filters:
        sort = args.get("sort", default_sort)
        deadline = args.get("termin", "")
        return cls(
            text=args.get("q", "").strip()[:100],
            sort=sort if sort in SORTS else default_sort,
            deadline=deadline if deadline in DEADLINES else "",
        )


@dataclass(frozen=True)
class Row:
    """A task as a list shows it: the task and its deadline state (overdue / soon / ok / none)."""

    task: TaskInfo
    deadline: str


def deadline_state(task: TaskInfo, now: datetime) -> str:
    if task.due_at is None or task.status != "open":
        return "none"
    if task.due_at < now:
        return "overdue"
    return "soon" if task.due_at - now <= SOON else "ok"


def apply(tasks: list[TaskInfo], filters: Filters, now: datetime) -> list[Row]:
    rows = [Row(task, deadline_state(task, now)) for task in tasks]
    if filters.text:
        needle = filters.text.casefold()
        rows = [row for row in rows if needle in _haystack(row.task)]
    if filters.deadline == "po_terminie":
        rows = [row for row in rows if row.deadline == "overdue"]
    elif filters.deadline == "wkrotce":
        rows = [row for row in rows if row.deadline in ("overdue", "soon")]
    return sorted(rows, key=_sort_key(filters.sort), reverse=filters.sort == "zakonczone")


def _haystack(task: TaskInfo) -> str:
    parts = (task.name, task.case_title, task.business_key, task.role or "", getattr(task, "subject", None) or "")
    return " ".join(parts).casefold()


def _sort_key(sort: str):
    far = datetime.max.replace(tzinfo=None)
    if sort == "utworzone":
        return lambda row: row.task.created_at
    if sort == "sprawa":
        return lambda row: (row.task.business_key, row.task.name)
    if sort == "zadanie":
        return lambda row: (row.task.name.casefold(), row.task.business_key)
    if sort == "zakonczone":
        return lambda row: (row.task.completed_at is not None, row.task.completed_at or row.task.created_at)
    return lambda row: (row.task.due_at is None, _naive(row.task.due_at) or far, row.task.created_at)


def _naive(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=None) if moment is not None else None
