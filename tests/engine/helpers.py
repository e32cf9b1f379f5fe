"""A scenario driver: play a case through the engine API as its users would.

With ``roundtrip=True`` every step is followed by a save/restore check: the case is loaded fresh
from the database and its full serialization must equal the live workflow's, then the live copy is
dropped so the next step runs on the restored one.
"""

from __future__ import annotations

import json

from sqlalchemy import select

from engine import Engine
from engine.bpmn import state
from engine.db.models import AuditEntry
from engine.dto import Actor, CaseInfo, TaskInfo
from engine.store.cases import checkout


class Driver:
    def __init__(self, engine: Engine, roundtrip: bool):
        self.engine = engine
        self.roundtrip = roundtrip
        self.case: CaseInfo | None = None

    def start(self, actor: Actor, process_id: str = "test_sprawa", **options) -> CaseInfo:
        self.case = self.engine.runtime.start(actor, process_id, **options)
        self.check()
        return self.case

    def open_tasks(self, actor: Actor) -> list[TaskInfo]:
        """The actor's inbox and queue, limited to this case."""
        tasks = self.engine.tasks.inbox(actor) + self.engine.tasks.queue(actor)
        return [t for t in tasks if t.case_id == self.case.id]

    def task(self, actor: Actor, bpmn_id: str) -> TaskInfo:
        matches = [t for t in self.open_tasks(actor) if t.bpmn_id == bpmn_id]
        assert matches, f"{actor.label} has no open {bpmn_id}; has {[t.bpmn_id for t in self.open_tasks(actor)]}"
        return matches[0]

    def do(self, actor: Actor, bpmn_id: str, data: dict) -> TaskInfo:
        """Claim (if needed) and complete the actor's open task ``bpmn_id``."""
        task = self.task(actor, bpmn_id)
        if task.assignee_id is None:
            self.engine.tasks.claim(actor, task.id)
        done = self.engine.tasks.complete(actor, task.id, data).task
        self.check()
        return done

    def message(self, actor: Actor, name: str, payload=None) -> CaseInfo:
        info = self.engine.runtime.send_message(actor, name, payload, case_id=self.case.id)
        self.check()
        return info

    def fire_timers(self):
        run = self.engine.runtime.fire_due_timers()
        self.check()
        return run

    def status(self, actor: Actor) -> CaseInfo:
        return self.engine.runtime.case(actor, self.case.id)

    def check(self) -> None:
        if self.roundtrip and self.case is not None:
            assert_restores(self.engine, self.case.id)


def full_serialization(workflow) -> dict:
    dump = state.dump(workflow, None)
    return {
        "header": json.loads(dump.header),
        "tasks": {row.task_id: json.loads(row.body) for row in dump.upserts},
    }


def assert_restores(engine: Engine, case_id: str) -> None:
    """The database copy of the case equals the live one; afterwards only the database copy is used."""
    live = engine.context.workflows.take(case_id, _lock_version(engine, case_id))
    engine.context.workflows.clear()
    with engine.context.transaction(write=False) as session:
        restored = checkout(session, engine.context, case_id)
    if live is not None:
        assert full_serialization(restored.workflow) == full_serialization(live.workflow)
    engine.context.workflows.clear()


def _lock_version(engine: Engine, case_id: str) -> int:
    with engine.context.transaction(write=False) as session:
        from engine.db.models import ProcessInstance

        return session.get(ProcessInstance, case_id).lock_version


def audit_rows(engine: Engine, action: str) -> list[tuple[int | None, str | None, dict]]:
    """(actor id, case id, detail) of every audit entry of ``action``, oldest first."""
    with engine.context.transaction(write=False) as session:
        rows = session.execute(
            select(AuditEntry.actor_id, AuditEntry.instance_id, AuditEntry.detail)
            .where(AuditEntry.action == action)
            .order_by(AuditEntry.id)
        ).all()
    return [(actor, case, json.loads(detail) if detail else {}) for actor, case, detail in rows]
