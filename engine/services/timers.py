"""Firing due timers: claim one case at a time from the ``timer`` table and fire it in that transaction.

Exactly once: the ``timer_fired`` events, the workflow state that no longer waits for the timer and
the rewritten ``timer`` rows are committed together, guarded by the case's ``lock_version``. The
case row is claimed with ``FOR NO KEY UPDATE SKIP LOCKED`` (PostgreSQL), so concurrent workers take
different cases and a web request completing a task in the same case waits, then gets ``Conflict``;
rows that merely reference the case (events, jobs, audit) can still be written meanwhile.
A worker killed mid-way commits nothing; its row lock dies with its connection and the next worker
fires the timer. Work is found in the ``timer`` table only, never by loading instances.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from engine.bpmn import runner
from engine.db.models import ProcessInstance, Timer
from engine.dto import TimerRun
from engine.services.saving import save_case
from engine.store.cases import checkout, step
from engine.store.context import EngineContext

log = logging.getLogger("engine.worker")
_TIMER, _INSTANCE = Timer.__table__, ProcessInstance.__table__
# SpiffWorkflow fires a timer once its time is strictly in the past; so do we. NO KEY UPDATE (not
# UPDATE) so that inserting rows with a foreign key to the case does not wait for the claim.
_DUE_CASE = (
    select(_TIMER.c.instance_id)
    .join(_INSTANCE, _INSTANCE.c.id == _TIMER.c.instance_id)
    .where(_TIMER.c.due_at < bindparam("now"), _INSTANCE.c.status == "running")
    .order_by(_TIMER.c.due_at, _TIMER.c.instance_id)
    .limit(1)
    .with_for_update(of=_INSTANCE, skip_locked=True, key_share=True)
)
_STILL_DUE = select(_TIMER.c.id).where(_TIMER.c.instance_id == bindparam("case_id"), _TIMER.c.due_at < bindparam("now"))


def claim_due_case(session: Session, now: datetime, skip: set[str]) -> str | None:
    """Lock a running case with a timer due before ``now`` (not one of ``skip``)."""
    query = _DUE_CASE.where(_TIMER.c.instance_id.not_in(skip)) if skip else _DUE_CASE
    return session.execute(query, {"now": now}).scalar()


def fire_case(ctx: EngineContext, session: Session, case_id: str, now: datetime) -> tuple[int, int] | None:
    """Fire the due timers of a claimed case: (timers fired, 1 if the case ended in error).

    None when there was nothing to fire after all: the claim's join may still see a timer row that
    the worker which held the case until a moment ago had just fired (the recheck after locking
    covers the case row only). Nothing is written then.
    """
    if session.execute(_STILL_DUE, {"case_id": case_id, "now": now}).first() is None:
        return None
    case = checkout(session, ctx, case_id)
    if case.status != "running":
        return None
    before = runner.pending_timers(case.workflow)
    step(case, lambda: runner.fire_timers(case.workflow, ctx.clock), now)
    fired = sorted((Counter(before) - Counter(runner.pending_timers(case.workflow))).elements(), key=_due)
    if not fired and case.status == "running":
        log.warning("sprawa %s: timer w tabeli jest wymagalny, ale proces go nie uruchomił", case_id)
        return None
    later, case.events = case.events, []
    for timer in fired:
        case.record("timer_fired", now, None, timer=timer.name, timer_kind=timer.kind, due_at=timer.due_at)
    case.events.extend(later)
    save_case(session, ctx, case, now)
    return len(fired), int(case.status == "error")


def _due(timer: runner.PendingTimer):
    return timer.due_at


def fire_due(ctx: EngineContext, limit: int = 100, raise_errors: bool = True) -> TimerRun:
    """Fire every timer due by the engine's clock, one transaction per case, each case at most once.

    With ``raise_errors=False`` (the worker) an unexpected failure is logged and that case skipped
    until the next pass; its transaction rolled back, so the timer is still due.
    """
    now = ctx.clock.now()
    seen: set[str] = set()
    cases = fired = errors = 0
    while len(seen) < limit:
        case_id = None
        try:
            with ctx.transaction() as session:
                case_id = claim_due_case(session, now, seen)
                if case_id is None:
                    break
                seen.add(case_id)
                outcome = fire_case(ctx, session, case_id, now)
        except Exception:
            if raise_errors or case_id is None:  # nothing claimed: the database itself is failing
                raise
            log.exception("nie udało się uruchomić timerów sprawy %s", case_id)
            errors += 1
            continue
        if outcome is not None:
            cases += 1
            fired += outcome[0]
            errors += outcome[1]
    return TimerRun(cases=cases, fired=fired, errors=errors)
