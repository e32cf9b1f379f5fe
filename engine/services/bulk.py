"""Bulk actions: suspend, resume, terminate (with a reason) or retry many cases, one transaction each.

Each case goes through the runtime service exactly as a single action would (permission check, the
case's own state check, history event, audit entry), so a case is either fully changed or untouched;
a refusal for one case (wrong state, changed meanwhile, not visible) is reported and the others go on.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from engine.access.acting import acting
from engine.access.audit import audit
from engine.access.visibility import require_supervisor
from engine.db.models import ProcessInstance
from engine.dto import Actor
from engine.dto.bulk import BULK_ACTIONS, BulkResult
from engine.errors import EngineError, InvalidState, NotVisible
from engine.services.runtime import RuntimeService
from engine.store.context import EngineContext

MAX_CASES = 1000
_log = logging.getLogger(__name__)


class BulkService:
    def __init__(self, ctx: EngineContext, runtime: RuntimeService):
        self._ctx = ctx
        self._runtime = runtime

    def run(self, actor: Actor, action: str, case_ids: list[str], reason: str = "") -> list[BulkResult]:
        """Apply ``action`` to every case in ``case_ids`` (in order, each once); a result per case.

        Raises (before any case is touched):
            NotAllowed: the actor is not a supervisor.
            InvalidState: unknown action, no cases, too many cases, or terminate without a reason.
        """
        ids = list(dict.fromkeys(case_ids))
        self._check(actor, action, ids, reason)
        return [self._one(actor, action, case_id, reason) for case_id in ids]

    def _check(self, actor: Actor, action: str, ids: list[str], reason: str) -> None:
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            require_supervisor(who, "wykonywać działań na wielu sprawach")
            if action not in BULK_ACTIONS:
                raise InvalidState("Nieznane działanie.")
            if not ids:
                raise InvalidState("Zaznacz co najmniej jedną sprawę.")
            if len(ids) > MAX_CASES:
                raise InvalidState(f"Naraz można zmienić najwyżej {MAX_CASES} spraw.")
            if action == "terminate" and not reason.strip():
                raise InvalidState("Podaj powód przerwania spraw (zapisze się w historii każdej z nich).")
            audit(session, now, who, "case.bulk", bulk_action=action, cases=len(ids))

    def _one(self, actor: Actor, action: str, case_id: str, reason: str) -> BulkResult:
        runtime = self._runtime
        change = {
            "suspend": lambda: runtime.suspend(actor, case_id, reason),
            "resume": lambda: runtime.resume(actor, case_id, reason),
            "terminate": lambda: runtime.terminate(actor, case_id, reason),
            "retry": lambda: runtime.retry(actor, case_id),
        }[action]
        try:
            info = change()
        except NotVisible as refused:
            return BulkResult(case_id, None, False, None, refused.message)
        except EngineError as refused:
            return BulkResult(case_id, self._key(case_id), False, None, refused.message)
        except Exception:  # e.g. the database dropped the connection: this case rolled back, report it
            _log.exception("bulk %s of case %s failed", action, case_id)
            return BulkResult(case_id, self._key(case_id), False, None, "Nieoczekiwany błąd; sprawy nie zmieniono.")
        return BulkResult(case_id, info.business_key, True, info.status, "")

    def _key(self, case_id: str) -> str | None:
        with self._ctx.transaction(write=False) as session:
            return session.execute(
                select(ProcessInstance.business_key).where(ProcessInstance.id == case_id)
            ).scalar_one_or_none()
