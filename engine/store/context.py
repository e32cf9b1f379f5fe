"""What every engine service shares: the database, the clock and the in-process caches."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.bpmn import state
from engine.clock import Clock
from engine.config import DEFAULT_CACHE_BYTES, JobSettings, cache_limit
from engine.db.database import Database
from engine.db.models import Deployment, DeploymentFile, ProcessDefinition
from engine.errors import NotFound, NotVisible
from engine.roles import VISIBILITY_TABLE_FILE


@dataclass
class Definition:
    """A deployed process: its parsed specs and the forms of its deployment (immutable, cacheable)."""

    id: int
    deployment_id: int
    version_number: int
    process_id: str
    name: str
    start_role: str | None
    spec: object
    subprocess_specs: dict
    forms: dict[str, object]
    visibility: dict | None = None  # the deployment's visibility table as JSON, if it has one


class DefinitionCache:
    """Parsed specs per process definition; definitions never change once deployed."""

    def __init__(self):
        self._items: dict[int, Definition] = {}
        self._lock = threading.Lock()

    def get(self, session: Session, definition_id: int) -> Definition:
        cached = self._items.get(definition_id)
        if cached is not None:
            return cached
        definition = self._load(session, definition_id)
        with self._lock:
            self._items.setdefault(definition_id, definition)
        return self._items[definition_id]

    def _load(self, session: Session, definition_id: int) -> Definition:
        row = session.get(ProcessDefinition, definition_id)
        if row is None:
            raise NotFound(f"Nie ma definicji procesu {definition_id}.")
        deployment = session.get(Deployment, row.deployment_id)
        spec, subprocess_specs = state.specs_from_json(row.spec_json)
        return Definition(
            id=row.id,
            deployment_id=row.deployment_id,
            version_number=deployment.number,
            process_id=row.process_id,
            name=row.name,
            start_role=row.start_role,
            spec=spec,
            subprocess_specs=subprocess_specs,
            **_load_json_files(session, row.deployment_id),
        )


def _load_json_files(session: Session, deployment_id: int) -> dict:
    """The deployment's forms by file name, and its visibility table."""
    rows = session.execute(
        select(DeploymentFile.path, DeploymentFile.content).where(DeploymentFile.deployment_id == deployment_id)
    )
    documents = {path.rsplit("/", 1)[-1]: json.loads(content) for path, content in rows if path.endswith(".json")}
    return {"visibility": documents.pop(VISIBILITY_TABLE_FILE, None), "forms": documents}


class WorkflowCache:
    """Recently used workflows, keyed by case id and valid for one ``lock_version``.

    A caller *takes* an entry out (so two threads never step the same object) and *puts* it back
    only after its transaction committed; a version mismatch means another process moved the case.
    Bounded twice: at most ``capacity`` cases and ``max_bytes`` of their estimated size (the
    snapshot's, ``state.Snapshot.size``), least recently used out first. A case bigger than the whole
    bound is not kept: it is loaded from the database each time.
    """

    def __init__(self, capacity: int = 512, max_bytes: int = DEFAULT_CACHE_BYTES):
        self.capacity = capacity
        self.max_bytes = max_bytes
        self.size = 0  # bytes held, by the estimate
        self._items: OrderedDict[str, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, case_id: str, lock_version: int):
        with self._lock:
            entry, _ = self._pop(case_id)
        if entry is not None and entry.lock_version == lock_version:
            return entry
        return None

    def put(self, case_id: str, entry) -> None:
        size = entry.snapshot.size if entry.snapshot is not None else 0
        with self._lock:
            self._pop(case_id)
            if size > self.max_bytes or self.capacity <= 0:
                return
            self._items[case_id] = (entry, size)
            self.size += size
            while len(self._items) > self.capacity or self.size > self.max_bytes:
                _, (_, evicted) = self._items.popitem(last=False)
                self.size -= evicted

    def _pop(self, case_id: str) -> tuple[object, int]:
        entry, size = self._items.pop(case_id, (None, 0))
        self.size -= size
        return entry, size

    def __contains__(self, case_id: str) -> bool:
        return case_id in self._items

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.size = 0


class EngineContext:
    """Database, clock, caches and job settings, shared by the services of one ``Engine``."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        cache_capacity: int = 512,
        jobs: JobSettings | None = None,
        cache_bytes: int | None = None,
    ):
        self.db = database
        self.clock = clock
        self.jobs = jobs or JobSettings.from_env()
        self.definitions = DefinitionCache()
        self.workflows = WorkflowCache(cache_capacity, cache_bytes if cache_bytes is not None else cache_limit())
        #: Records a refused read once the refusing transaction rolled back (set by the ``Engine``).
        self.record_refusal: Callable[[Session, NotVisible, datetime], None] | None = None

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Session]:
        """One unit of work; callbacks registered with ``after_commit`` run once it committed.

        A read refused by the need-to-know rules (``NotVisible``) rolls the unit back and is then
        recorded in a transaction of its own, so the refusal stays in the audit trail.
        """
        try:
            with self.db.transaction(write=write) as session:
                session.info["after_commit"] = []
                yield session
                callbacks: list[Callable[[], None]] = session.info["after_commit"]
        except NotVisible as refused:
            if self.record_refusal is not None:
                with self.db.transaction() as session:
                    self.record_refusal(session, refused, self.clock.now())
            raise
        for callback in callbacks:
            callback()


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    session.info["after_commit"].append(callback)
