"""The task lists' SQL: only the listed columns, filters and orders that match an index, keyset pages.

Every list is a condition on ``human_task`` (plus joins that pick single rows by primary key) and
one of the orders below; ``migrations 0006`` creates an index per list and order, so a page reads
about 50 index entries whatever the number of tasks. Counts are ``COUNT(*)`` with the same filters,
read from ``human_task`` alone when no condition reads the case row: every task has its case
(``instance_id`` is a NOT NULL foreign key, deleted with the case), so the join adds no condition,
and without it (and without selecting ``id``, which SQLite keeps out of its indexes) a count walks
one index and reads no row (migration 0020).
"""

from __future__ import annotations

from sqlalchemy import func, literal_column, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import visitors

from engine.db.models import HumanTask, ProcessInstance, User
from engine.dto.pages import ListRequest, Page
from engine.store import keyset
from engine.store.keyset import Segment
from engine.store.probes import case_probe
from engine.store.task_rows import INFO_FIELDS, task_info

_HUMAN, _INSTANCE, _USER = HumanTask.__table__, ProcessInstance.__table__, User.__table__
LIST_BASE = (
    select(
        _HUMAN.c.instance_id,
        *(_HUMAN.c[name] for name in INFO_FIELDS),
        _INSTANCE.c.title.label("case_title"),
        _INSTANCE.c.business_key,
        _USER.c.display_name.label("assignee_name"),
    )
    .join(_INSTANCE, _INSTANCE.c.id == _HUMAN.c.instance_id)
    .outerjoin(_USER, _USER.c.id == _HUMAN.c.assignee_id)
)
_COUNT_BASE = select(literal_column("1")).select_from(_HUMAN)
_DUE, _CREATED, _COMPLETED, _ID = _HUMAN.c.due_at, _HUMAN.c.created_at, _HUMAN.c.completed_at, _HUMAN.c.id
ORDERS = {
    "termin": [
        Segment(_DUE.is_not(None), (_DUE, _CREATED, _ID)),
        Segment(_DUE.is_(None), (_CREATED, _ID)),
    ],
    "utworzone": [Segment(None, (_CREATED, _ID))],
    "zakonczone": [Segment(_COMPLETED.is_not(None), (_COMPLETED, _ID), descending=True)],
}


def task_page(session: Session, conditions: list, request: ListRequest, default_sort: str, joins=None) -> Page:
    """One page of the tasks matching ``conditions`` (and the request's search and due filter)."""
    where = [*conditions, *_filters(request)]
    query = LIST_BASE.where(*where)
    if joins is not None:
        query = joins(query)
    segments = ORDERS.get(request.sort) or ORDERS[default_sort]
    rows, after, before = keyset.page_of(session, query, segments, request)
    total = count(session, where, joins)
    return keyset.build([task_info(row) for row in rows], total, after, before)


def count(session: Session, conditions: list, joins=None) -> int:
    """How many tasks match, up to ``COUNT_LIMIT + 1`` (more means: more than the limit); joined to the
    case only when a condition reads it (see the module's note)."""
    query = _COUNT_BASE
    if reads_case(conditions):
        query = case_probe(query.join(_INSTANCE, _INSTANCE.c.id == _HUMAN.c.instance_id))
    query = query.where(*conditions)
    return keyset.count(session, joins(query) if joins is not None else query)


def reads_case(conditions: list) -> bool:
    """Whether any condition (or a subquery in one, correlated or not) names a column of ``process_instance``."""
    return any(getattr(element, "table", None) is _INSTANCE for c in conditions for element in visitors.iterate(c))


def _filters(request: ListRequest) -> list:
    found = []
    if request.due_before is not None:
        found.append(request.due_before > _DUE)
    if request.search:
        needle = f"%{_escape(request.search.casefold())}%"
        columns = (_HUMAN.c.name, _INSTANCE.c.title, _INSTANCE.c.business_key, _HUMAN.c.role, _HUMAN.c.subject)
        found.append(or_(*(func.lower(column).like(needle, escape="\\") for column in columns)))
    return found


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
