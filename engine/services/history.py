"""History service: what happened in a case, and the audit trail of who read or changed it."""

from __future__ import annotations

import json

from sqlalchemy import select

from engine.access.acting import acting
from engine.access.audit import audit
from engine.access.visibility import require_supervisor, require_visible
from engine.db.models import AuditEntry, CaseEvent
from engine.dto import Actor, CaseEventInfo
from engine.store.context import EngineContext


class HistoryService:
    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def events(self, actor: Actor, case_id: str) -> list[CaseEventInfo]:
        """The case's events in order: started, claimed, completed, timer fired, message, error…"""
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            require_visible(session, who, case_id)
            rows = session.execute(
                select(CaseEvent).where(CaseEvent.instance_id == case_id).order_by(CaseEvent.id)
            ).scalars()
            events = [
                CaseEventInfo(
                    id=row.id,
                    case_id=row.instance_id,
                    at=row.at,
                    kind=row.kind,
                    actor_id=row.actor_id,
                    task_id=row.task_id,
                    task_name=row.task_name,
                    detail=json.loads(row.detail) if row.detail else {},
                )
                for row in rows
            ]
            audit(session, now, who, "case.history", case_id)
            return events

    def audit_trail(self, actor: Actor, case_id: str) -> list[tuple]:
        """(when, user id, action, task id) of every audited read and write of the case."""
        with self._ctx.transaction(write=False) as session:
            require_supervisor(acting(session, actor), "przeglądać dziennik dostępu")
            rows = session.execute(
                select(AuditEntry.at, AuditEntry.actor_id, AuditEntry.action, AuditEntry.task_id)
                .where(AuditEntry.instance_id == case_id)
                .order_by(AuditEntry.id)
            ).all()
            return [tuple(row) for row in rows]
