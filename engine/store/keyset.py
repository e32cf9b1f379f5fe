"""Keyset pagination: a page is the rows after (or before) the last row shown, in an indexed order.

A list's order is one or more *segments*, each a condition and the columns it is sorted by (the
last column unique), read one after another. Tasks with a due date come before those without:
segment 1 is ``due_at IS NOT NULL`` by (due_at, created_at, id), segment 2 ``due_at IS NULL`` by
(created_at, id); each segment is a range scan of one index, so a page costs the same at 1,000
and at 100,000 rows. The cursor names the segment and the key of a row, so rows added while a
person pages through a list are neither lost nor shown twice.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select, tuple_
from sqlalchemy.orm import Session

from engine.dto.pages import COUNT_LIMIT, ListRequest, Page
from engine.errors import InvalidState


@dataclass(frozen=True)
class Segment:
    condition: object  # a SQL condition, or None for every row
    columns: tuple  # the sort columns, unique together (the last one is an id)
    descending: bool = False


def page_of(session: Session, query, segments: list[Segment], request: ListRequest) -> tuple[list, str, str]:
    """The rows of the requested page and the cursors of the next and previous pages (None at the ends).

    The query must select each segment's sort columns under their own names (they make the cursor)."""
    size = max(1, min(request.size, 200))
    start, values = _decode(request.cursor) if request.cursor else (0, None)
    if values is not None:
        _check(segments, start, values)
    if request.backward:
        rows = _read(session, query, segments, start, values, size + 1, backward=True)
        more_before, rows = len(rows) > size, rows[:size]
        rows.reverse()
        more_after = values is not None
    else:
        rows = _read(session, query, segments, start, values, size + 1, backward=False)
        more_after, rows = len(rows) > size, rows[:size]
        more_before = values is not None
    first = _encode(rows[0], segments) if rows and more_before else None
    last = _encode(rows[-1], segments) if rows and more_after else None
    return [row for _, row in rows], last, first


def build(items: list, total: int, next_cursor: str | None, previous_cursor: str | None) -> Page:
    """A page; ``total`` comes from ``count`` and may be ``COUNT_LIMIT + 1`` (then: more than the limit)."""
    more = total > COUNT_LIMIT
    return Page(
        items=tuple(items),
        total=min(total, COUNT_LIMIT),
        next_cursor=next_cursor,
        previous_cursor=previous_cursor,
        more=more,
    )


def count(session: Session, query, key=None) -> int:
    """``COUNT(*)`` of the rows of ``query`` (selecting ``key``, or what it selects), stopping after
    ``COUNT_LIMIT + 1`` rows."""
    bounded = (query if key is None else query.with_only_columns(key)).limit(COUNT_LIMIT + 1).subquery()
    return session.execute(select(func.count()).select_from(bounded)).scalar_one()


def _read(session, query, segments, start, values, limit, backward) -> list[tuple[int, object]]:
    order = range(start, -1, -1) if backward else range(start, len(segments))
    found: list[tuple[int, object]] = []
    for index in order:
        segment = segments[index]
        part = query.where(segment.condition) if segment.condition is not None else query
        if values is not None and index == start:
            part = part.where(_beyond(segment, values, backward))
        reverse = segment.descending != backward
        part = part.order_by(*(column.desc() if reverse else column.asc() for column in segment.columns))
        found.extend((index, row) for row in session.execute(part.limit(limit - len(found))).all())
        if len(found) >= limit:
            break
    return found


def _beyond(segment: Segment, values: list, backward: bool):
    later = tuple_(*segment.columns) > tuple_(*values)
    earlier = tuple_(*segment.columns) < tuple_(*values)
    return earlier if segment.descending != backward else later


def _encode(found: tuple[int, object], segments: list[Segment]) -> str:
    segment, row = found
    values = [getattr(row, column.name) for column in segments[segment].columns]
    plain = [{"d": v.isoformat()} if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps([segment, plain]).encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[int, list]:
    try:
        segment, plain = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return int(segment), [datetime.fromisoformat(v["d"]) if isinstance(v, dict) else v for v in plain]
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise InvalidState("Nieprawidłowy adres strony listy.") from error


def _check(segments: list[Segment], start: int, values: list) -> None:
    """A cursor must name a segment of this list and values of its columns' types (it comes from outside:
    a forged one must be refused, not reach the database)."""
    if not 0 <= start < len(segments) or not isinstance(values, list):
        raise InvalidState("Nieprawidłowy adres strony listy.")
    columns = segments[start].columns
    if len(values) != len(columns):
        raise InvalidState("Nieprawidłowy adres strony listy.")
    for value, column in zip(values, columns, strict=True):
        try:
            expected = column.type.python_type
        except NotImplementedError:
            continue
        wrong_type = value is not None and (not isinstance(value, expected) or isinstance(value, bool))
        if wrong_type or (isinstance(value, datetime) and value.tzinfo is None):
            raise InvalidState("Nieprawidłowy adres strony listy.")


def all_of(*conditions):
    return and_(*[c for c in conditions if c is not None])
