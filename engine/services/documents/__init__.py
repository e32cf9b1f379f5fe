"""Document service: the documents of a family case, as data a renderer turns into PDF.

    document = engine.documents.plan(actor, case_id)          # the agreed IPW
    record = engine.documents.consent(actor, case_id, "anna")  # one adult's consent statement

Both read the case as stored (its tasks and data, the forms of its version) and are audited.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from engine.access.acting import Acting, acting
from engine.access.audit import audit
from engine.access.visibility import require_visible, roles_in_case
from engine.dto import Actor, CaseInfo
from engine.dto.documents import ConsentDocument, PlanDocument
from engine.errors import NotAllowed
from engine.roles import CONSENT_READERS, SUPERVISOR_ROLES
from engine.services.documents.consent import build_consent
from engine.services.documents.consent import statements as consent_statements
from engine.services.documents.plan import build_plan
from engine.services.documents.reading import case_tasks, generated_by, member_label, names_of_members, newest_data
from engine.store.case_rows import case_info
from engine.store.cases import checkout
from engine.store.context import EngineContext


class DocumentService:
    """The agreed plan and the consent records of a case."""

    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def plan(self, actor: Actor, case_id: str) -> PlanDocument:
        """The agreed Indywidualny Program Współpracy of the case.

        The IPW is the case team's shared working document: every institution taking part in the case
        may have it, and supervisors. The read is audited as ``document.plan``.

        Raises:
            NotFound: no such case, or the actor's institution does not take part in it.
            InvalidState: the family has not accepted, or the PZK has not approved, any plan version yet.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            require_visible(session, who, case_id)
            by = generated_by(session, who, actor.label)
            with self._case(session, case_id) as (case, workflow, forms):
                document = build_plan(session, case, workflow, forms, now, by)
            audit(session, now, who, "document.plan", case_id, wersja=document.version)
            return document

    def consent(self, actor: Actor, case_id: str, member: str) -> ConsentDocument:
        """The consent record of one adult of the family (``member`` is their id from the nomination).

        Consent records are for the case's social worker and animator - a user holding "Pracownik
        socjalny OPS" or "Animator" in an institution playing that role in the case - and for
        supervisors. The read is audited as ``document.consent``.

        Raises:
            NotFound: no such case (or not visible to the actor), no such member, or no statement recorded.
            NotAllowed: the actor takes part in the case in another role.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            require_visible(session, who, case_id)
            _require_consent_reader(session, who, case_id)
            by = generated_by(session, who, actor.label)
            with self._case(session, case_id) as (case, workflow, forms):
                document, task = build_consent(session, case, workflow, forms, member, now, by)
            audit(session, now, who, "document.consent", case_id, task_id=str(task.id), czlonek=member)
            return document

    def consents(self, actor: Actor, case_id: str) -> list[tuple[str, str]]:
        """The adults whose consent statement is recorded: (member id, name), for the consent readers.

        Raises:
            NotFound: no such case, or not visible to the actor.
            NotAllowed: the actor takes part in the case in another role.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            require_visible(session, who, case_id)
            _require_consent_reader(session, who, case_id)
            with self._case(session, case_id) as (_case, workflow, _forms):
                tasks = case_tasks(workflow)
                recorded = consent_statements(tasks)
                names = names_of_members(newest_data(tasks, lambda data: "czlonkowie" in data) or {})
            audit(session, now, who, "document.list", case_id)
            return [(member, member_label(names, member)) for member in sorted(recorded)]

    @contextmanager
    def _case(self, session: Session, case_id: str) -> Iterator[tuple[CaseInfo, object, dict]]:
        """The case's summary, live workflow and forms; the workflow goes back to the cache even when
        building the document fails (a read changes nothing)."""
        case = checkout(session, self._ctx, case_id)
        try:
            yield case_info(session, case_id), case.workflow, case.definition.forms
        finally:
            self._ctx.workflows.put(case.id, case)


def _require_consent_reader(session: Session, who: Acting, case_id: str) -> None:
    if who.is_system or who.roles & SUPERVISOR_ROLES:
        return
    if not who.roles & CONSENT_READERS & roles_in_case(session, case_id, who.institution_id):
        raise NotAllowed(
            "Rekord zgody może pobrać tylko pracownik socjalny OPS lub animator prowadzący sprawę albo superwizor."
        )
