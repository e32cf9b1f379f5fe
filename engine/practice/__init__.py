"""Practice runs: an analyst plays a case of the working model (drafts included) without touching real data.

Each run is a throwaway engine on its own SQLite file in a folder of its own (``store``), holding the
working set deployed as it stands, the demo partnership's people and one case. Nothing goes to the real
database: it is only asked who the analyst is and what the working set holds. The run has its own clock,
which the analyst moves forward to fire timers; its mailer sends nothing. A run ends when the analyst
ends or restarts it, or ``LIFETIME`` after it was last used (any call sweeps the expired ones).
"""

from __future__ import annotations

import tempfile
import threading
from datetime import datetime, timedelta
from hashlib import sha256
from pathlib import Path

from engine import Engine
from engine.dto import Actor, Completion, TaskDetail
from engine.dto.practice import PracticeRun, PracticeTask, PracticeView
from engine.errors import InvalidInput, NotFound
from engine.practice import setup
from engine.practice.store import NOT_FOUND, RunRecord, RunStore

LIFETIME = timedelta(hours=4)
MAX_DAYS = 3660
_MAX_PASSES = 50  # worker passes after one move of the clock (a timer may open another that is due)


class PracticeRuns:
    """The practice runs of one real engine; ``root`` holds their folders (default: the system's temp dir)."""

    def __init__(self, real: Engine, root: Path | None = None):
        self._real = real
        if root is None:
            url = str(real.context.db.url)
            root = Path(tempfile.gettempdir()) / "kooperacja-practice" / sha256(url.encode()).hexdigest()[:12]
        self._store = RunStore(root)
        self._engines: dict[str, Engine] = {}
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ start and end

    def start(self, actor: Actor, path: str, process_id: str | None = None) -> PracticeRun:
        """A new run playing ``process_id`` (default: the first executable process of ``path``).

        Raises:
            NotAllowed: the actor is not an analyst or administrator.
            NotFound: the working set has no such diagram.
            DefinitionError: the working set does not deploy (every problem listed).
        """
        files = self._real.library.working_files(actor)
        self.sweep()
        if path not in files or not path.endswith(".bpmn"):
            raise NotFound(f"W modelu nie ma diagramu {path}.")
        run_id = self._store.new_id()
        folder = self._store.create(run_id)
        now = self._real.clock.now()
        engine = setup.open_engine(folder, now)
        try:
            actors, partnership_id = setup.prepare(engine, files)
            process_id = process_id or next(iter(setup.process_ids(files[path])), "")
            case = setup.start_case(engine, process_id, actors, partnership_id)
        except BaseException:
            engine.close()
            self._store.remove(run_id)
            raise
        record = RunRecord(
            id=run_id,
            owner=actor.user_id,
            path=path,
            process_id=process_id,
            case_id=case.id,
            started_at=now.isoformat(),
            expires_at=(now + LIFETIME).isoformat(),
            offset=0.0,
            actors={role: [a.user_id, setup.described(engine, a)] for role, a in actors.items()},
        )
        self._store.save(record)
        with self._lock:
            self._engines[run_id] = engine
        return self._run(record)

    def restart(self, actor: Actor, run_id: str) -> PracticeRun:
        """The same diagram and process from the beginning, on the working set as it is now."""
        record = self._load(actor, run_id)
        self.end(actor, run_id)
        return self.start(actor, record.path, record.process_id)

    def end(self, actor: Actor, run_id: str) -> None:
        self._load(actor, run_id)
        self._drop(run_id)

    def runs(self, actor: Actor) -> list[PracticeRun]:
        """The actor's runs still going, newest first."""
        self._real.library.require_modeller(actor)
        self.sweep()
        return [self._run(record) for record in self._store.of_owner(actor.user_id)]

    def sweep(self) -> int:
        """Remove every expired run with its database; how many were removed."""
        expired = self._store.expired(self._real.clock.now(), LIFETIME.total_seconds())
        for run_id in expired:
            self._drop(run_id)
        return len(expired)

    # ------------------------------------------------------------------ the case

    def view(self, actor: Actor, run_id: str) -> PracticeView:
        record, engine = self._open(actor, run_id)
        case_id = record.case_id
        names = dict(record.actors.values())
        tasks = tuple(
            PracticeTask(task, names.get(task.assignee_id) or self._acting_as(record, task.role))
            for task in engine.tasks.of_case(setup.SYSTEM, case_id)
        )
        events = tuple(engine.history.events(setup.SYSTEM, case_id))
        since = datetime.fromisoformat(record.moved_from) if record.moved_from else None
        fired = tuple(e for e in events if e.kind == "timer_fired" and since is not None and e.at > since)
        return PracticeView(
            run=self._run(record),
            case=engine.runtime.case(setup.SYSTEM, case_id),
            tasks=tasks,
            data=engine.runtime.case_data(setup.SYSTEM, case_id),
            events=events,
            waiting=engine.waiting.of_case(setup.SYSTEM, case_id),
            fired=fired,
        )

    def task(self, actor: Actor, run_id: str, task_id: str) -> TaskDetail:
        """The task with its form, as the person of its role sees it."""
        record, engine = self._open(actor, run_id)
        return engine.tasks.get(self._role_actor(record, engine, run_id, task_id), task_id)

    def person(self, actor: Actor, run_id: str, role: str | None) -> str | None:
        """Who does ``role``'s tasks in the run (name and institution), if anyone does yet."""
        found = self._load(actor, run_id).actors.get(role or "")
        return found[1] if found else None

    def check(self, actor: Actor, run_id: str, task_id: str, data) -> dict[str, list[str]]:
        record, engine = self._open(actor, run_id)
        return engine.tasks.check(self._role_actor(record, engine, run_id, task_id), task_id, data)

    def complete(self, actor: Actor, run_id: str, task_id: str, data: dict) -> Completion:
        """Complete the task as the person of its role (taking it over if someone else of the role held it)."""
        record, engine = self._open(actor, run_id)
        return engine.tasks.complete(self._role_actor(record, engine, run_id, task_id), task_id, data, claim=True)

    def deliver(self, actor: Actor, run_id: str, message: str, payload) -> None:
        """Deliver ``message`` with ``payload`` to the practice case, as an integration would."""
        record, engine = self._open(actor, run_id)
        engine.runtime.deliver_message(setup.SYSTEM, message, payload, case_id=record.case_id)

    def advance(self, actor: Actor, run_id: str, days: int = 0, to_next_timer: bool = False) -> int:
        """Move the run's clock ``days`` forward, or to its next timer; fire what fell due. Timers fired."""
        record, engine = self._open(actor, run_id)
        before = engine.clock.now()
        if to_next_timer:
            timers = engine.waiting.of_case(setup.SYSTEM, record.case_id).timers
            if not timers:
                raise InvalidInput("Sprawa nie czeka na żaden termin.")
            target = max(timers[0].due_at, before) + timedelta(seconds=1)
        elif 1 <= days <= MAX_DAYS:
            target = before + timedelta(days=days)
        else:
            raise InvalidInput(f"Podaj liczbę dni od 1 do {MAX_DAYS}.")
        engine.clock.set(target)
        fired = 0
        for _ in range(_MAX_PASSES):
            run = engine.worker.run_once("proba")
            fired += run.timers_fired
            if run.idle:
                break
        record.offset += (target - before).total_seconds()
        record.moved_from = before.isoformat() if fired else None
        self._save(record)
        return fired

    # ------------------------------------------------------------------ helpers

    def _load(self, actor: Actor, run_id: str) -> RunRecord:
        self._real.library.require_modeller(actor)
        try:
            record = self._store.load(run_id, actor.user_id)
        except NotFound:
            if not self._store.exists(run_id):
                self._forget(run_id)  # ended by another process: its engine here is no longer needed
            raise
        if datetime.fromisoformat(record.expires_at) <= self._real.clock.now():
            self._drop(run_id)
            raise NotFound(NOT_FOUND)
        return record

    def _open(self, actor: Actor, run_id: str) -> tuple[RunRecord, Engine]:
        record = self._load(actor, run_id)
        with self._lock:
            engine = self._engines.get(run_id)
            if engine is None:
                engine = self._engines[run_id] = setup.open_engine(self._store.folder(run_id), self._now(record))
        engine.clock.set(self._now(record))
        self._save(record)  # used now: it expires LIFETIME from now
        return record, engine

    def _save(self, record: RunRecord) -> None:
        record.expires_at = (self._real.clock.now() + LIFETIME).isoformat()
        self._store.save(record)

    def _drop(self, run_id: str) -> None:
        self._forget(run_id)
        self._store.remove(run_id)

    def _forget(self, run_id: str) -> None:
        with self._lock:
            engine = self._engines.pop(run_id, None)
        if engine is not None:
            engine.close()

    def _acting_as(self, record: RunRecord, role: str | None) -> str:
        found = record.actors.get(role or "")
        return found[1] if found else "—"

    def _role_actor(self, record: RunRecord, engine: Engine, run_id: str, task_id: str) -> Actor:
        """The person of the task's role; a role first met now (from case data) gets one, who joins the case."""
        role = next((t.role for t in engine.tasks.of_case(setup.SYSTEM, record.case_id) if t.id == task_id), None)
        if role is None:
            raise NotFound("Ta próba nie ma takiego otwartego zadania.")
        if role not in record.actors:
            person = setup.add_person(engine, role)
            engine.runtime.add_participant(setup.SYSTEM, record.case_id, role, setup.institution_of(engine, person))
            record.actors[role] = [person.user_id, setup.described(engine, person)]
            self._save(record)
        user_id, label = record.actors[role]
        return Actor(user_id, label)

    def _now(self, record: RunRecord) -> datetime:
        """The run's time: the real time, plus how far the analyst has moved the run's clock."""
        return self._real.clock.now() + timedelta(seconds=record.offset)

    def _run(self, record: RunRecord) -> PracticeRun:
        return PracticeRun(
            id=record.id,
            path=record.path,
            process_id=record.process_id,
            case_id=record.case_id,
            started_at=datetime.fromisoformat(record.started_at),
            expires_at=datetime.fromisoformat(record.expires_at),
            now=self._now(record),
        )
