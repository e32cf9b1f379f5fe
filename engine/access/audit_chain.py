"""The audit log as a hash chain: altering, inserting or deleting an entry shows at the first broken link.

Every entry carries ``prev_hash`` (the hash of the entry before it) and ``hash``, a SHA-256 over
``prev_hash`` and its content. ``audit_chain`` holds the newest entry's id and hash, so deleting
entries at the end shows too.

Entries an engine call records are kept in the session and written just before it commits, with
the chain head locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite write transactions are
serialised already). Appends therefore form one line in commit order even with many writers, ids
grow along the chain, and the head lock is the last lock a transaction takes and is held only for
the few inserts (no deadlock with the case rows the transaction locked before).

**The head a process wrote last is tried first.** Each process remembers the head it left behind
(per database engine). A transaction writing one entry chains it onto that head and inserts it only if
the head is still that one, checked in the insert itself (PostgreSQL: one statement that locks the head,
inserts and moves it; SQLite: the insert, then the head moved). If another process (or a transaction
that rolled back) moved it, nothing is inserted and the entry is chained under the lock as described
above: a stale memory costs a statement, never a broken link.

The hash format must never change: migration 0004 chained the entries that existed before it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from weakref import WeakKeyDictionary

from sqlalchemy import bindparam, event, insert, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from engine.db.models import AuditChainHead, AuditEntry
from engine.db.prepared import Prepared

GENESIS = "0" * 64
HEAD_ID = 1
_PENDING = "kooperacja.audit_pending"
_LOG, _HEAD = AuditEntry.__table__, AuditChainHead.__table__
_CONTENT = ("actor_id", "action", "instance_id", "task_id")
_INSERT_RETURNING_ID = insert(_LOG).returning(_LOG.c.id)
_INSERT_ONE_RETURNING_ID = Prepared(_INSERT_RETURNING_ID)
# built once: every audited call runs them
_LOCKED_HEAD = Prepared(select(_HEAD.c.last_id, _HEAD.c.last_hash).where(_HEAD.c.id == HEAD_ID).with_for_update())
_MOVE_HEAD = Prepared(
    update(_HEAD)
    .where(_HEAD.c.id == HEAD_ID)
    .values(last_id=bindparam("b_last_id"), last_hash=bindparam("b_last_hash"))
)
# PostgreSQL: one entry appended and the head moved in one statement (one round trip instead of two)
_ENTRY_COLUMNS = ("at", "actor_id", "action", "instance_id", "task_id", "detail", "prev_hash", "hash")
_APPENDED = (
    insert(_LOG)
    .values({name: bindparam(f"e_{name}", type_=_LOG.c[name].type) for name in _ENTRY_COLUMNS})
    .returning(_LOG.c.id)
    .cte("appended")
)
_APPEND_ONE_MOVING_HEAD = Prepared(
    update(_HEAD)
    .where(_HEAD.c.id == HEAD_ID)
    .values(last_id=select(_APPENDED.c.id).scalar_subquery(), last_hash=bindparam("b_last_hash"))
    .add_cte(_APPENDED)
)
# the hash of the head this process left behind, per database engine: the next entry is chained onto it first
_KNOWN_HEADS: WeakKeyDictionary = WeakKeyDictionary()
_EXPECTED = bindparam("b_expected")
_ENTRY_VALUES = [bindparam(f"e_{name}", type_=_LOG.c[name].type) for name in _ENTRY_COLUMNS]
_APPENDED_IF_HEAD = (  # the entry, only if the head is still the one it was chained onto
    insert(_LOG)
    .from_select(
        list(_ENTRY_COLUMNS),
        select(*_ENTRY_VALUES).where(_HEAD.c.id == HEAD_ID, _HEAD.c.last_hash == _EXPECTED),
    )
    .returning(_LOG.c.id)
)
_APPEND_IF_HEAD = Prepared(_APPENDED_IF_HEAD)
# PostgreSQL: the head locked, still the expected one, the entry inserted and the head moved, in one statement
_HEAD_IF_EXPECTED = (
    select(literal(HEAD_ID).label("head"))
    .select_from(_HEAD)
    .where(_HEAD.c.id == HEAD_ID, _HEAD.c.last_hash == _EXPECTED)
    .with_for_update()
    .cte("expected_head")
)
_APPENDED_ONTO_HEAD = (
    insert(_LOG)
    .from_select(list(_ENTRY_COLUMNS), select(*_ENTRY_VALUES).select_from(_HEAD_IF_EXPECTED))
    .returning(_LOG.c.id)
    .cte("appended_onto_head")
)
_APPEND_MOVING_HEAD_IF_HEAD = Prepared(
    update(_HEAD)
    .where(_HEAD.c.id == HEAD_ID)
    .values(last_id=_APPENDED_ONTO_HEAD.c.id, last_hash=bindparam("b_last_hash"))
    .add_cte(_HEAD_IF_EXPECTED)
    .add_cte(_APPENDED_ONTO_HEAD)
)


def entry_hash(prev_hash: str, entry) -> str:
    """SHA-256 of the previous hash and the entry's content (``entry``: a mapping or a row).

    The detail enters as its own SHA-256, so retention can erase a detail (keeping its digest in
    ``detail_hash``) and the chain still verifies; any other change breaks it.
    """
    get = entry.get if isinstance(entry, dict) else lambda name: getattr(entry, name, None)
    at: datetime = get("at")
    content = [prev_hash, at.astimezone(UTC).isoformat(timespec="microseconds"), *(get(name) for name in _CONTENT)]
    content.append(detail_digest(get("detail"), get("detail_hash")))
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def detail_digest(detail: str | None, erased: str | None = None) -> str | None:
    """The digest a detail enters the hash as; an erased detail is represented by its kept digest."""
    if detail is None:
        return erased
    return hashlib.sha256(detail.encode()).hexdigest()


def append(session: Session, entries: list[dict]) -> None:
    """Record audit entries (``at``, ``actor_id``, ``action``, ``instance_id``, ``task_id``, ``detail``);
    they are chained and written when the session commits, and vanish with it (or with the savepoint
    they were recorded in) when it rolls back."""
    savepoint = session.get_nested_transaction()
    session.info.setdefault(_PENDING, []).extend((savepoint, entry) for entry in entries)


@event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending:
        write(session, [entry for _, entry in pending])


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, rolled_back) -> None:
    pending = session.info.get(_PENDING)
    if not pending:
        return
    if not rolled_back.nested:
        session.info.pop(_PENDING, None)
        return
    session.info[_PENDING] = [(tag, entry) for tag, entry in pending if not _inside(tag, rolled_back)]


def _inside(savepoint, rolled_back) -> bool:
    while savepoint is not None:
        if savepoint is rolled_back:
            return True
        savepoint = savepoint.parent
    return False


def write(session: Session, entries: list[dict]) -> None:
    """Chain and insert ``entries`` now: one entry onto the head this process left behind if it still is
    the head, else under the head lock (held until the transaction ends)."""
    bind = session.get_bind()
    known = _KNOWN_HEADS.get(bind)
    one = len(entries) == 1 and entries[0].keys() <= set(_ENTRY_COLUMNS)
    if known is not None and one and _append_onto(session, bind, known, entries[0]):
        return
    _, last_hash = _lock_head(session)
    rows = []
    for entry in entries:
        digest = entry_hash(last_hash, entry)
        rows.append({**entry, "prev_hash": last_hash, "hash": digest})
        last_hash = digest
    if one and bind.dialect.name == "postgresql":
        params = {f"e_{name}": rows[0].get(name) for name in _ENTRY_COLUMNS}
        _APPEND_ONE_MOVING_HEAD.execute(session, {**params, "b_last_hash": last_hash})
        _KNOWN_HEADS[bind] = last_hash
        return
    # Ids are drawn under the lock, so the largest one returned is the newest entry of the chain.
    if len(rows) == 1:
        last_id = _INSERT_ONE_RETURNING_ID.execute(session, rows[0]).scalar_one()
    else:
        last_id = max(session.execute(_INSERT_RETURNING_ID, rows).scalars())
    _MOVE_HEAD.execute(session, {"b_last_id": last_id, "b_last_hash": last_hash})
    _KNOWN_HEADS[bind] = last_hash


def _append_onto(session: Session, bind, expected: str, entry: dict) -> bool:
    """Insert ``entry`` chained onto ``expected`` if that is still the head, moving the head; False (and
    nothing written) if it is not."""
    digest = entry_hash(expected, entry)
    params = {f"e_{name}": entry.get(name) for name in _ENTRY_COLUMNS}
    params.update(e_prev_hash=expected, e_hash=digest, b_expected=expected)
    if bind.dialect.name == "postgresql":
        if _APPEND_MOVING_HEAD_IF_HEAD.execute(session, {**params, "b_last_hash": digest}).rowcount != 1:
            return False
        _KNOWN_HEADS[bind] = digest
        return True
    appended = _APPEND_IF_HEAD.execute(session, params).first()
    if appended is None:
        return False
    _MOVE_HEAD.execute(session, {"b_last_id": appended.id, "b_last_hash": digest})
    _KNOWN_HEADS[bind] = digest
    return True


def head(session: Session) -> tuple[int | None, str]:
    """(id, hash) of the newest chained entry; (None, GENESIS) for an empty log."""
    row = session.execute(select(_HEAD.c.last_id, _HEAD.c.last_hash).where(_HEAD.c.id == HEAD_ID)).first()
    return (row.last_id, row.last_hash) if row is not None else (None, GENESIS)


def _lock_head(session: Session) -> tuple[int | None, str]:
    row = _LOCKED_HEAD.execute(session).first()
    if row is None:  # an emptied database: the first writer creates the head, the others wait for it
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        head_row = {"id": HEAD_ID, "last_id": None, "last_hash": GENESIS}
        session.execute(dialect.insert(_HEAD).values(head_row).on_conflict_do_nothing())
        row = _LOCKED_HEAD.execute(session).first()
    return row.last_id, row.last_hash


def erase_details(session: Session, case_id: str) -> int:
    """Erase the details of a case's audit entries (they may name people), keeping each detail's digest
    so the chain still verifies; who did what and when stays. Returns how many were erased."""
    rows = session.execute(
        select(_LOG.c.id, _LOG.c.detail).where(_LOG.c.instance_id == case_id, _LOG.c.detail.is_not(None))
    ).all()
    if rows:
        session.execute(
            update(_LOG).where(_LOG.c.id == bindparam("b_id")).values(detail=None, detail_hash=bindparam("b_digest")),
            [{"b_id": row.id, "b_digest": detail_digest(row.detail)} for row in rows],
        )
    return len(rows)
