"""What a task list page asks the engine for (search, order, deadline filter, page) and deadline marks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import request, url_for
from flask_babel import lazy_gettext as _l

from engine.dto import TaskInfo
from engine.dto.pages import ListRequest

SOON = timedelta(days=3)
SORTS = {
    "termin": _l("termin"),
    "utworzone": _l("data utworzenia"),
    "zakonczone": _l("data zakończenia (najnowsze)"),
}
DEADLINES = {
    "": _l("wszystkie"),
    "po_terminie": _l("po terminie"),
    "wkrotce": _l("termin w ciągu 3 dni"),
}


@dataclass(frozen=True)
class Filters:
    """What a list page asks for: search text, order, deadline filter and the page (a keyset cursor)."""

    text: str = ""
    sort: str = "termin"
    deadline: str = ""
    cursor: str | None = None
    backward: bool = False

    @classmethod
    def from_args(cls, args, default_sort: str = "termin") -> Filters:
        sort = args.get("sort", default_sort)
        deadline = args.get("termin", "")
        return cls(
            text=args.get("q", "").strip()[:100],
            sort=sort if sort in SORTS else default_sort,
            deadline=deadline if deadline in DEADLINES else "",
            cursor=args.get("strona") or None,
            backward=args.get("wstecz") == "1",
        )

    def request(self, now: datetime) -> ListRequest:
        """The engine's page request: search and deadline filter run in SQL over the whole list."""
        due_before = {"po_terminie": now, "wkrotce": now + SOON}.get(self.deadline)
        return ListRequest(
            cursor=self.cursor, backward=self.backward, search=self.text, sort=self.sort, due_before=due_before
        )


def page_request(args, **filters) -> ListRequest:
    """A page of a list without its own filters (the case lists): the cursor from the query arguments."""
    return ListRequest(cursor=args.get("strona") or None, backward=args.get("wstecz") == "1", **filters)


def page_links(page) -> tuple[str | None, str | None]:
    """The addresses of the previous and the next page of ``page``, keeping the other query arguments."""
    args = {key: value for key, value in request.args.items() if key not in ("strona", "wstecz")}

    def link(cursor: str | None, backward: bool) -> str | None:
        if cursor is None:
            return None
        extra = {"wstecz": "1"} if backward else {}
        return url_for(request.endpoint, **request.view_args, **args, strona=cursor, **extra)

    return link(page.previous_cursor, True), link(page.next_cursor, False)


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


def rows_of(tasks, now: datetime) -> list[Row]:
    """The tasks of a page with their deadline state (the engine filtered, sorted and paged them)."""
    return [Row(task, deadline_state(task, now)) for task in tasks]
