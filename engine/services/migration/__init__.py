"""Moving running cases to another deployed version of their process, and back (undo).

Only analysts (and administrators standing in for them) move cases. ``overview`` lists the process's
cases on other versions with whether each may move and what would change (``engine.bpmn.migration``
decides); ``migrate`` moves the chosen cases one transaction each, so one refusal or failure leaves
the others moved; ``undo`` moves cases back to the version their last move took them from. Every
move writes a ``migrated`` event into the case's history and an audit entry. The analyst sees a
case's number, stage and version only, never its data.
"""

from __future__ import annotations

import logging

from engine.access.acting import require_role
from engine.access.audit import audit
from engine.bpmn import migration
from engine.dto import Actor
from engine.dto.migration import MigratedCase, MigrationCandidate, MigrationOverview, MigrationResult, TimerPreview
from engine.errors import EngineError, InvalidInput, InvalidState, NotFound
from engine.roles import DEPLOY_ROLES
from engine.services.migration import rows
from engine.services.migration.moving import move
from engine.services.migration.words import reason
from engine.store.cases import checkout
from engine.store.context import EngineContext, after_commit

MAX_CASES = 1000
_WHAT = "przenosić sprawy na inną wersję procesu"
_log = logging.getLogger(__name__)


class MigrationService:
    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def processes(self, actor: Actor) -> list[tuple[str, str]]:
        """(process id, name) of every deployed process."""
        with self._ctx.transaction(write=False) as session:
            require_role(session, actor, DEPLOY_ROLES, _WHAT)
            return rows.processes(session)

    def overview(self, actor: Actor, process_id: str, target: int) -> MigrationOverview:
        """The process's cases on other versions than ``target`` (may each move, why not, what would
        change) and the cases an undo could move back from ``target``."""
        ctx = self._ctx
        with ctx.transaction() as session:
            who = require_role(session, actor, DEPLOY_ROLES, _WHAT)
            target_id = rows.definition_id(session, process_id, target)
            definition = ctx.definitions.get(session, target_id)
            candidates = []
            for row in rows.cases_elsewhere(session, process_id, target_id):
                candidates.append(self._candidate(session, row, definition, target))
            migrated = tuple(_migrated(session, rows.migrated_to(session, target_id)))
            now = ctx.clock.now()
            audit(session, now, who, "migration.preview", process=process_id, version=target, cases=len(candidates))
            versions = tuple(rows.versions(session, process_id))
        return MigrationOverview(process_id, definition.name, target, versions, tuple(candidates), migrated)

    def _candidate(self, session, row, definition, target: int) -> MigrationCandidate:
        """One case's preview; a case that cannot be read or compared is listed as not movable, saying so."""
        try:
            case = checkout(session, self._ctx, row.id)
            plan = migration.plan(case.workflow, definition.spec, definition.subprocess_specs)
        except EngineError as refused:
            return _unreadable(session, row, refused.message)
        except Exception:  # a workflow the comparison cannot handle must not hide the other cases
            _log.exception("comparing case %s with definition %s failed", row.id, definition.id)
            return _unreadable(session, row, "Nie udało się porównać sprawy z wersją docelową.")
        after_commit(session, lambda: self._ctx.workflows.put(case.id, case))
        return _candidate(row, case.definition.version_number, plan, target)

    def migrate(self, actor: Actor, case_ids: list[str], target: int) -> list[MigrationResult]:
        """Move every case in ``case_ids`` to version ``target`` of its process, each in its own
        transaction; a result per case (moved, or why not).

        Raises (before any case is touched): NotAllowed (not an analyst), InvalidInput (no or too many cases).
        """
        ids = self._check(actor, case_ids)
        return [self._one(actor, case_id, target, "migrate") for case_id in ids]

    def undo(self, actor: Actor, case_ids: list[str]) -> list[MigrationResult]:
        """Move every case in ``case_ids`` back to the version its newest move took it from."""
        ids = self._check(actor, case_ids)
        return [self._one(actor, case_id, None, "undo") for case_id in ids]

    def _check(self, actor: Actor, case_ids: list[str]) -> list[str]:
        ids = list(dict.fromkeys(case_ids))
        with self._ctx.transaction(write=False) as session:
            require_role(session, actor, DEPLOY_ROLES, _WHAT)
        if not ids:
            raise InvalidInput("Zaznacz co najmniej jedną sprawę.")
        if len(ids) > MAX_CASES:
            raise InvalidInput(f"Naraz można przenieść najwyżej {MAX_CASES} spraw.")
        return ids

    def _one(self, actor: Actor, case_id: str, target: int | None, kind: str) -> MigrationResult:
        key = None
        try:
            with self._ctx.transaction() as session:
                who = require_role(session, actor, DEPLOY_ROLES, _WHAT)
                row = rows.case_row(session, case_id)
                if row is None:
                    raise NotFound(f"Nie ma sprawy {case_id}.")
                key = row.business_key
                target_id = _target(session, case_id, row.process_id, target)
                old = move(session, self._ctx, case_id, target_id, who.id, kind)
                new = rows.version_of(session, target_id)
                now = self._ctx.clock.now()
                audit(session, now, who, f"case.{kind}_version", case_id, from_version=old, to_version=new)
        except EngineError as refused:
            return MigrationResult(case_id, key, False, None, None, refused.message)
        except Exception:  # e.g. the database dropped the connection: this case rolled back, report it
            _log.exception("migrating case %s failed", case_id)
            return MigrationResult(case_id, key, False, None, None, "Nieoczekiwany błąd; sprawy nie przeniesiono.")
        return MigrationResult(case_id, key, True, old, new, "")


def _target(session, case_id: str, process_id: str, target: int | None) -> int:
    """The definition to move to: the process's at version ``target``, or (undo) the one the case came from."""
    if target is not None:
        return rows.definition_id(session, process_id, target)
    previous = rows.previous_definition(session, case_id)
    if previous is None:
        raise InvalidState("Tej sprawy nie przenoszono na inną wersję: nie ma czego cofać.")
    return previous


def _candidate(row, version: int, plan, target: int) -> MigrationCandidate:
    return MigrationCandidate(
        case_id=row.id,
        business_key=row.business_key,
        stage=row.stage,
        status=row.status,
        version=version,
        eligible=plan.safe,
        reasons=tuple(reason(b, target) for b in plan.blockers),
        reset=plan.reset,
        changed=plan.changed,
        added=plan.added,
        removed=plan.removed,
        timers=_timers(plan.timers),
    )


def _unreadable(session, row, message: str) -> MigrationCandidate:
    version = rows.version_of(session, row.definition_id)
    nothing = ()
    return MigrationCandidate(
        row.id, row.business_key, row.stage, row.status, version, False, (message,), *[nothing] * 5
    )


def _timers(timers) -> tuple[TimerPreview, ...]:
    """Timers alike counted once: a multi-instance task waits for the same deadline in every instance."""
    alike: dict[tuple, list] = {}
    for timer in timers:
        alike.setdefault((timer.name, timer.due_at.replace(second=0, microsecond=0), timer.kept), []).append(timer)
    return tuple(TimerPreview(same[0].name, same[0].due_at, same[0].kept, len(same)) for same in alike.values())


def _migrated(session, found) -> list[MigratedCase]:
    numbers: dict[int, int] = {}
    result = []
    for r in found:
        if r.from_definition_id not in numbers:
            numbers[r.from_definition_id] = rows.version_of(session, r.from_definition_id)
        result.append(MigratedCase(r.id, r.business_key, r.stage, numbers[r.from_definition_id], r.migrated_at))
    return result
