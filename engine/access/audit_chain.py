"""The audit log as a hash chain: altering, inserting or deleting an entry shows at the first broken link.

Every entry carries ``prev_hash`` (the hash of the entry before it) and ``hash``, a SHA-256 over
``prev_hash`` and its content. ``audit_chain`` holds the newest entry's id and hash, so deleting
entries at the end shows too.

Entries an engine call records are kept in the session and written just before it commits, with
the chain head locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite write transactions are
serialised already). Appends therefore form one line in commit order even with many writers, ids
grow along the chain, and the head lock is the last lock a transaction takes and is held only for
the few inserts (no deadlock with the case rows the transaction locked before).

The hash format must never change: migration 0004 chained the entries that existed before it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from sqlalchemy import bindparam, event, insert, select, update
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
    """Chain and insert ``entries`` now, under the head lock (held until the transaction ends)."""
    _, last_hash = _lock_head(session)
    rows = []
    for entry in entries:
        digest = entry_hash(last_hash, entry)
        rows.append({**entry, "prev_hash": last_hash, "hash": digest})
        last_hash = digest
    if len(rows) == 1 and rows[0].keys() <= set(_ENTRY_COLUMNS) and session.get_bind().dialect.name == "postgresql":
        params = {f"e_{name}": rows[0].get(name) for name in _ENTRY_COLUMNS}
        _APPEND_ONE_MOVING_HEAD.execute(session, {**params, "b_last_hash": last_hash})
        return
    # Ids are drawn under the lock, so the largest one returned is the newest entry of the chain.
    if len(rows) == 1:
        last_id = _INSERT_ONE_RETURNING_ID.execute(session, rows[0]).scalar_one()
    else:
        last_id = max(session.execute(_INSERT_RETURNING_ID, rows).scalars())
    _MOVE_HEAD.execute(session, {"b_last_id": last_id, "b_last_hash": last_hash})


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
