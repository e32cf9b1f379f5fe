"""``kooperacja audit verify``: walk the audit hash chain and name the first entry that breaks it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.access.audit_chain import GENESIS, entry_hash, head
from engine.db.models import AuditEntry

_LOG = AuditEntry.__table__
_BATCH = 2000


@dataclass(frozen=True)
class ChainReport:
    """The outcome: ``problem`` (Polish) and ``entry_id`` name the first break; None when intact."""

    entries: int
    head_id: int | None
    head_hash: str
    problem: str | None = None
    entry_id: int | None = None
    kind: str | None = None  # "altered", "inserted", "deleted"

    @property
    def intact(self) -> bool:
        return self.problem is None


class _Walk:
    """The chain read so far: the hash the next entry must link to, and the one before it."""

    def __init__(self):
        self.expected, self.before, self.last_id, self.count = GENESIS, None, None, 0

    def step(self, row) -> tuple[str, int, str] | None:
        """None when ``row`` continues the chain, else (kind, entry id, Polish message)."""
        if row.hash is None or row.prev_hash is None:
            return "inserted", row.id, f"Wpis {row.id} nie ma skrótu: dopisano go z pominięciem aplikacji."
        if row.prev_hash != self.expected:
            return self._broken_link(row)
        if entry_hash(row.prev_hash, row) != row.hash:
            return "altered", row.id, f"Wpis {row.id} został zmieniony: jego treść nie zgadza się ze skrótem."
        self.before, self.expected, self.last_id = self.expected, row.hash, row.id
        self.count += 1
        return None

    def _broken_link(self, row) -> tuple[str, int, str]:
        if self.last_id is not None and row.prev_hash == self.before:
            return "inserted", self.last_id, f"Wpis {self.last_id} został wstawiony: następny wpis go pomija."
        if self.last_id is None or row.id > self.last_id + 1:
            start = 1 if self.last_id is None else self.last_id + 1
            gone = f"{start}–{row.id - 1}" if row.id - 1 > start else str(start)
            return "deleted", row.id, f"Usunięto wpis(y) przed wpisem {row.id} (brak id {gone})."
        return (
            "altered",
            self.last_id,
            f"Wpis {self.last_id} został zmieniony razem ze skrótem albo usunięto wpisy między nim a {row.id}.",
        )


def verify(session: Session) -> ChainReport:
    """Check every entry in id order, then that the last one is the chain head."""
    head_id, head_hash = head(session)
    walk = _Walk()
    rows = session.execute(select(_LOG).order_by(_LOG.c.id).execution_options(yield_per=_BATCH))
    try:
        for row in rows:
            broken = walk.step(row)
            if broken is not None:
                kind, entry_id, message = broken
                return ChainReport(walk.count, head_id, head_hash, message, entry_id, kind)
    finally:
        rows.close()  # a server-side cursor on PostgreSQL
    if walk.last_id == head_id and walk.expected == head_hash:
        return ChainReport(walk.count, head_id, head_hash)
    if head_id is not None and (walk.last_id is None or walk.last_id < head_id):
        first = 1 if walk.last_id is None else walk.last_id + 1
        message = f"Usunięto ostatnie wpisy dziennika (id {first}–{head_id})."
        return ChainReport(walk.count, head_id, head_hash, message, first, "deleted")
    if walk.last_id is not None and (head_id is None or walk.last_id > head_id):
        first = session.execute(select(func.min(_LOG.c.id)).where(_LOG.c.id > (head_id or 0))).scalar_one()
        message = f"Wpis {first} i następne dopisano z pominięciem aplikacji (głowa łańcucha to {head_id})."
        return ChainReport(walk.count, head_id, head_hash, message, first, "inserted")
    message = f"Wpis {walk.last_id} nie zgadza się z zapisaną głową łańcucha: dziennik zmieniono na końcu."
    return ChainReport(walk.count, head_id, head_hash, message, walk.last_id, "altered")


class AuditService:
    """The audit log's integrity check."""

    def __init__(self, ctx):
        self._ctx = ctx

    def verify(self) -> ChainReport:
        """Walk the whole chain in one consistent snapshot (appends meanwhile do not disturb it)."""
        with self._ctx.transaction(write=False) as session:
            if session.get_bind().dialect.name == "postgresql":
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            return verify(session)
