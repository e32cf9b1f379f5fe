"""One page of a list (tasks, cases) and what a caller asks for: keyset pages of about 50 rows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

PAGE_SIZE = 50
#: Counts stop here: a list of more rows says "more than 1,000" (counting 100,000 rows costs a full
#: index walk on every page view, so an exact count would make big lists slow again).
COUNT_LIMIT = 1000
Item = TypeVar("Item")


@dataclass(frozen=True)
class ListRequest:
    """Which page of a list: after (or, with ``backward``, before) the row a ``cursor`` names.

    ``search`` looks in every row of the list, not only the page; ``sort`` is one of the list's
    orders (tasks: ``termin``, ``utworzone``, ``zakonczone``); ``due_before`` keeps the tasks due
    before that moment; ``status`` keeps the cases of that status. The case list's filters: ``cases``.
    """

    cursor: str | None = None
    backward: bool = False
    size: int = PAGE_SIZE
    search: str = ""
    sort: str = ""
    due_before: datetime | None = None
    status: str = ""
    cases: CaseFilter | None = None


@dataclass(frozen=True)
class CaseFilter:
    """Which cases a supervisor's list keeps; empty fields keep every case.

    ``element``: an open task of the case is at this BPMN element; ``institution_id``: an open task
    of the case is for a role that institution plays in it; ``overdue``: an open task is past its
    deadline; ``variant`` is the case's ``wariant``; the case started at or after ``created_from`` and
    before ``created_to``.
    """

    process_id: str = ""
    stage: str = ""
    element: str = ""
    institution_id: int | None = None
    overdue: bool = False
    variant: str = ""
    partnership_id: int | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None


@dataclass(frozen=True, eq=False)
class Page(Sequence, Generic[Item]):
    """Rows of one page (iterable like a list), the list's honest ``total`` (``COUNT(*)`` with the
    same filters, up to ``COUNT_LIMIT``; ``more`` says there are more rows than ``total``) and the
    cursors of the next and previous pages (None at either end)."""

    items: tuple = ()
    total: int = 0
    next_cursor: str | None = None
    previous_cursor: str | None = None
    more: bool = False

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index):
        return self.items[index]

    def __bool__(self) -> bool:
        return bool(self.items)

    def __eq__(self, other) -> bool:
        """A page equals a list or tuple of the same rows, and a page with the same rows, total and cursors."""
        if isinstance(other, list | tuple):
            return list(self.items) == list(other)
        if isinstance(other, Page):
            mine = (self.items, self.total, self.next_cursor, self.previous_cursor)
            return mine == (other.items, other.total, other.next_cursor, other.previous_cursor)
        return NotImplemented

    __hash__ = None

    def __add__(self, other) -> list:
        return list(self.items) + list(other)

    def __radd__(self, other) -> list:
        return list(other) + list(self.items)
