"""Runtime service: start cases, deliver messages, fire timers, suspend, resume, terminate, retry."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import insert, select

from engine.access.acting import Acting, acting, require_operation
from engine.access.admission import admit, admit_for_tasks
from engine.access.audit import audit
from engine.access.table import table_of
from engine.access.visibility import require_supervisor, require_visible
from engine.bpmn import runner, steps
from engine.db.models import CaseParticipant, PartnershipMember
from engine.dto import CASE_KINDS, Actor, CaseInfo, MessageDelivery, TimerRun
from engine.errors import InvalidInput, InvalidState, NotAllowed, NotFound
from engine.roles import LEAD_ROLES
from engine.services import message_delivery
from engine.services.case_lists import CaseLists
from engine.services.case_reading import CaseReading
from engine.services.repository import latest_definition_id
from engine.services.saving import save_case
from engine.services.timers import fire_due
from engine.store.case_rows import case_info
from engine.store.cases import checkout, step
from engine.store.changes import AutoAssign, Case, NewCase
from engine.store.context import EngineContext


class RuntimeService(CaseReading, CaseLists):
    """Everything that moves a case other than a person completing a task."""

    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    # ------------------------------------------------------------------ start

    def start(
        self,
        actor: Actor,
        process_id: str,
        data: dict | None = None,
        title: str | None = None,
        partnership_id: int | None = None,
        participants: list[tuple[str, int]] | None = None,
        business_key: str | None = None,
        kind: str | None = None,
    ) -> CaseInfo:
        """Start a case on the newest version of ``process_id``; ``kind`` says whom it is for (``CASE_KINDS``).

        The case's partnership (which institution plays which role) is copied from the PZK
        ``partnership_id`` plus ``participants``; the starter's institution plays the start role.
        Tasks the starter can do are assigned to them straight away.

        Raises:
            NotFound: the process was never deployed.
            NotAllowed: the actor does not hold the role of the start event's lane.
            InvalidInput: ``kind`` is not one of ``CASE_KINDS``.
        """
        if kind is not None and kind not in CASE_KINDS:
            raise InvalidInput(f"Nieznany rodzaj sprawy: {kind}.")
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            require_operation(who, "cases:start")
            definition = self._ctx.definitions.get(session, latest_definition_id(session, process_id))
            _require_start_role(session, who, definition.start_role, partnership_id)
            case_id = str(uuid.uuid4())
            case = Case(
                id=case_id,
                lock_version=1,
                status="running",
                definition=definition,
                workflow=runner.new_workflow(definition.spec, definition.subprocess_specs, dict(data or {})),
                snapshot=None,
            )
            assign = None if who.id is None else AutoAssign(who.id, who.roles & {definition.start_role})
            case.record("started", now, who.id, process_id=process_id, version=definition.version_number)
            step(case, lambda: steps.start(case.workflow, self._ctx.clock), now, self._ctx.clock)
            new = NewCase(
                definition_id=definition.id,
                process_id=process_id,
                business_key=business_key or f"K/{now.year}/{case_id[:8].upper()}",
                title=title or definition.name,
                partnership_id=partnership_id,
                started_by=who.id,
                created_at=now,
                kind=kind,
            )
            opened = save_case(session, self._ctx, case, now, assign=assign, new=new)
            roles = _participants(session, partnership_id, participants, who, definition.start_role)
            if roles:
                session.execute(
                    insert(CaseParticipant),
                    [{"instance_id": case_id, "role": r, "institution_id": i} for r, i in roles],
                )
            admit(session, case_id, {*_leading_roles(definition), *admit_for_tasks(session, case_id, opened, now)}, now)
            audit(session, now, who, "case.start", case_id)
            return case_info(session, case_id)

    # ------------------------------------------------------------------ messages

    def send_message(
        self,
        actor: Actor,
        name: str,
        payload=None,
        case_id: str | None = None,
        correlation: str | None = None,
        idempotency_key: str | None = None,
    ) -> CaseInfo:
        """Deliver message ``name`` to one case, chosen by id or by business key (``correlation``).

        With ``idempotency_key`` a repeated delivery has no effect (see ``deliver_message``).

        Raises:
            MessageNotExpected: the case does not wait for this message (nothing is queued).
            NotFound: no such case.
            IdempotencyKeyReused: the key delivered another message or went to another case.
        """
        delivery = self.deliver_message(actor, name, payload, case_id, correlation, idempotency_key)
        with self._ctx.transaction(write=False) as session:
            return case_info(session, delivery.case_id)

    def deliver_message(
        self,
        actor: Actor,
        name: str,
        payload=None,
        case_id: str | None = None,
        correlation: str | None = None,
        idempotency_key: str | None = None,
    ) -> MessageDelivery:
        """Deliver a message, at most once per ``idempotency_key``; what an integration calls.

        ``correlation`` alone may be a business key or a case id. A second call with the same key,
        case and message changes nothing and returns the first delivery with ``duplicate=True``.

        Raises:
            MessageNotExpected: the case does not wait for this message.
            InvalidState: the case is suspended, in error or ended.
            NotFound: no such case, or the actor may not see it.
            IdempotencyKeyReused: the key delivered another message or went to another case.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            target = message_delivery.resolve_case(session, case_id, correlation)
            sender = actor.label or f"user:{actor.user_id}"
            return message_delivery.deliver(
                self._ctx, session, who, sender, target, name, payload, idempotency_key, now
            )

    # ------------------------------------------------------------------ timers

    def fire_due_timers(self, limit: int = 100) -> TimerRun:
        """Fire every timer due by the engine's clock, one transaction per case (as a worker pass does)."""
        return fire_due(self._ctx, limit)

    # ------------------------------------------------------------------ supervision

    def suspend(self, actor: Actor, case_id: str, reason: str) -> CaseInfo:
        """Stop a case: no completions, messages or timers until it is resumed."""
        return self._supervise(actor, case_id, "wstrzymać sprawę", "suspended", reason, self._suspend)

    def resume(self, actor: Actor, case_id: str, reason: str = "") -> CaseInfo:
        return self._supervise(actor, case_id, "wznowić sprawę", "resumed", reason, self._resume)

    def terminate(self, actor: Actor, case_id: str, reason: str) -> CaseInfo:
        """End a case for good; its open tasks are cancelled."""
        if not reason.strip():
            raise InvalidState("Podaj powód zakończenia sprawy.")
        return self._supervise(actor, case_id, "zakończyć sprawę", "terminated", reason, self._terminate)

    def retry(self, actor: Actor, case_id: str) -> CaseInfo:
        """Run the failed tasks of a case in error again (after the diagram or data was fixed)."""
        return self._supervise(actor, case_id, "ponowić sprawę", "retried", "", self._retry)

    def _supervise(self, actor, case_id, what, kind, reason, change: Callable[[Case, object], None]) -> CaseInfo:
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            require_supervisor(who, what)
            require_visible(session, who, case_id, "case.supervise")
            case = checkout(session, self._ctx, case_id)
            change(case, now)
            case.record(kind, now, who.id, reason=reason)
            save_case(session, self._ctx, case, now)
            audit(session, now, who, f"case.{kind}", case_id, reason=reason)
            return case_info(session, case_id)

    def _suspend(self, case: Case, now) -> None:
        if case.status not in ("running", "error"):
            raise InvalidState("Można wstrzymać tylko sprawę w toku.")
        case.status = "suspended"

    def _resume(self, case: Case, now) -> None:
        if case.status != "suspended":
            raise InvalidState("Sprawa nie jest wstrzymana.")
        case.status = "error" if steps.has_failed_tasks(case.workflow) else "running"

    def _terminate(self, case: Case, now) -> None:
        if case.status in ("completed", "terminated"):
            raise InvalidState("Sprawa jest już zakończona.")
        steps.cancel(case.workflow)
        case.status = "terminated"

    def _retry(self, case: Case, now) -> None:
        if case.status != "error" or not steps.has_failed_tasks(case.workflow):
            raise InvalidState("Sprawa nie jest w stanie błędu.")
        case.status, case.error_message, case.error_task_id = "running", None, None
        step(case, lambda: steps.rerun_failed(case.workflow, self._ctx.clock), now, self._ctx.clock)


def _require_start_role(session, who: Acting, start_role: str | None, partnership_id: int | None) -> None:
    """A person must hold the start role; an API token's institution must play it in the chosen partnership."""
    if who.is_system or start_role is None:
        return
    if who.for_institution:
        member = session.execute(
            select(PartnershipMember.institution_id).where(
                PartnershipMember.partnership_id == partnership_id,
                PartnershipMember.institution_id == who.institution_id,
                PartnershipMember.role == start_role,
            )
        ).first()
        if member is None:
            raise NotAllowed(
                f"Sprawę tego rodzaju może rozpocząć tylko instytucja pełniąca rolę „{start_role}” "
                "w wybranym partnerstwie."
            )
        return
    if start_role in who.roles:
        return
    raise NotAllowed(f"Sprawę tego rodzaju może rozpocząć tylko rola „{start_role}”.")


def _leading_roles(definition) -> set[str]:
    """Who sees a new case: the start role and the leading roles of the model's visibility table."""
    table = table_of(definition)
    leading = set(table.lead_roles) if table is not None else set(LEAD_ROLES)
    return leading | ({definition.start_role} if definition.start_role else set())


def _participants(session, partnership_id, extra, who: Acting, start_role) -> set[tuple[str, int]]:
    roles: set[tuple[str, int]] = set()
    if partnership_id is not None:
        rows = session.execute(
            select(PartnershipMember.role, PartnershipMember.institution_id).where(
                PartnershipMember.partnership_id == partnership_id
            )
        ).all()
        if not rows:
            raise NotFound(f"Nie ma partnerstwa {partnership_id} albo nie ma ono członków.")
        roles.update((r.role, r.institution_id) for r in rows)
    roles.update(extra or [])
    if not who.is_system and start_role:
        roles.add((start_role, who.institution_id))
    return roles
