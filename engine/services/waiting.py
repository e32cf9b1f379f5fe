"""What a case waits for besides people: its pending timers and the messages it listens for."""

from __future__ import annotations

from sqlalchemy import select

from engine.access.acting import acting
from engine.access.visibility import require_supervisor, require_visible
from engine.db.models import MessageSubscription, ProcessDefinition, ProcessInstance, Timer
from engine.dto import Actor
from engine.dto.practice import PayloadKey, PendingTimer, Waiting
from engine.services.message_contracts import contracts_of
from engine.store.context import EngineContext


class WaitingService:
    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def of_case(self, actor: Actor, case_id: str) -> Waiting:
        """The case's timers (soonest first) and awaited message names; no case data, so not audited.

        Raises:
            NotAllowed: the actor is not a supervisor (or the system).
            NotFound: no such case.
        """
        with self._ctx.transaction(write=False) as session:
            who = acting(session, actor)
            require_supervisor(who, "przeglądać, na co czeka sprawa")
            require_visible(session, who, case_id)
            timers = session.execute(
                select(Timer.name, Timer.kind, Timer.due_at)
                .where(Timer.instance_id == case_id)
                .order_by(Timer.due_at, Timer.id)
            ).all()
            messages = session.execute(
                select(MessageSubscription.message_name)
                .where(MessageSubscription.instance_id == case_id)
                .distinct()
                .order_by(MessageSubscription.message_name)
            ).scalars()
            names = tuple(messages)
            declared = contracts_of(session, _deployment_of(session, case_id)) if names else {}
            keys = {
                name: tuple(PayloadKey(f.key, f.type, f.required) for f in declared[name])
                for name in names
                if declared.get(name)
            }
            return Waiting(tuple(PendingTimer(*row) for row in timers), names, keys)


def _deployment_of(session, case_id: str) -> int:
    return session.execute(
        select(ProcessDefinition.deployment_id)
        .join(ProcessInstance, ProcessInstance.definition_id == ProcessDefinition.id)
        .where(ProcessInstance.id == case_id)
    ).scalar_one()
