"""Document service: the documents of a family case, as data a renderer turns into PDF.

    document = engine.documents.plan(actor, case_id)          # the agreed IPW
    record = engine.documents.consent(actor, case_id, "anna")  # one adult's consent statement
    contract = engine.documents.contract(actor, case_id)       # the kontrakt socjalny
    project = engine.documents.project(actor, case_id)         # the plan as a projekt socjalny

Both read the case as stored (its tasks and data, the forms of its version) and are audited.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from sqlalchemy.orm import Session

from engine.access.acting import Acting, acting
from engine.access.audit import audit
from engine.access.need_to_know import Reader, reader_of
from engine.access.table import table_of
from engine.access.visibility import require_visible
from engine.bpmn import steps
from engine.dto import Actor, CaseInfo
from engine.dto.documents import ConsentDocument, PlanDocument
from engine.dto.social_documents import ContractDocument, SocialProject
from engine.errors import NotAllowed
from engine.services.documents.consent import build_consent
from engine.services.documents.consent import statements as consent_statements
from engine.services.documents.contract import SOCIAL_WORKER, build_contract, contract_for_reader
from engine.services.documents.group_project import GROUP_PROCESS, build_group_project
from engine.services.documents.plan import build_plan
from engine.services.documents.project import project_from_plan
from engine.services.documents.reading import case_tasks, generated_by, member_label, names_of_members, newest_data
from engine.store.case_rows import case_info
from engine.store.cases import checkout
from engine.store.context import EngineContext

GROUP_SECTION = "projekt_socjalny"  # of the visibility table: the group's project and its approval


class DocumentService:
    """The agreed plan and the consent records of a case."""

    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def plan(self, actor: Actor, case_id: str) -> PlanDocument:
        """The agreed Indywidualny Program Współpracy of the case.

        The IPW is the case team's shared working document: the institutions whose role may read the
        plan section of the case file (the model's visibility table) have it, without the members
        whose consent does not reach them; and supervisors. The read is audited as ``document.plan``.

        Raises:
            NotFound: no such case, or the actor's institution does not take part in it.
            NotAllowed: the actor's role in the case does not cover the plan.
            InvalidState: the family has not accepted, or the PZK has not approved, any plan version yet.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            roles = require_visible(session, who, case_id, "document.plan")
            by = generated_by(session, who, actor.label)
            with self._case(session, case_id) as (case, workflow, forms, definition):
                reader = reader_of(who, roles, table_of(definition), steps.current_data(workflow))
                reader.require("plan", "planu pracy z rodziną (IPW)")
                document = for_reader(build_plan(session, case, workflow, forms, now, by), reader)
            audit(session, now, who, "document.plan", case_id, wersja=document.version)
            return document

    def contract(self, actor: Actor, case_id: str) -> ContractDocument:
        """The social contract(s) of the case (kontrakt socjalny, art. 108 u.p.s.).

        The contract is part of the plan section of the case file: the same readers as the IPW have it,
        without the contracts of members whose consent does not reach them. Audited as ``document.contract``.

        Raises:
            NotFound: no such case, or the actor's institution does not take part in it.
            NotAllowed: the actor's role in the case does not cover the plan.
            InvalidState: no contract has been concluded yet.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            roles = require_visible(session, who, case_id, "document.contract")
            by = generated_by(session, who, actor.label)
            with self._case(session, case_id) as (case, workflow, forms, definition):
                reader = reader_of(who, roles, table_of(definition), steps.current_data(workflow))
                reader.require("plan", "kontraktu socjalnego")
                document = contract_for_reader(build_contract(session, case, workflow, now, by, forms), reader)
            audit(session, now, who, "document.contract", case_id)
            return document

    def project(self, actor: Actor, case_id: str) -> SocialProject:
        """The agreed plan of a family case, or the approved project of a group case, as a social project.

        Same readers and the same leaving-out of members as the IPW (for a group: the readers of its
        project section, only participants who consented and whose consent reaches the reader);
        audited as ``document.project``.

        Raises:
            NotFound: no such case, or the actor's institution does not take part in it.
            NotAllowed: the actor's role in the case does not cover the plan.
            InvalidState: no plan has been agreed yet.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            roles = require_visible(session, who, case_id, "document.project")
            by = generated_by(session, who, actor.label)
            with self._case(session, case_id) as (case, workflow, forms, definition):
                organiser = next((name for role, name in case.participant_names if role == SOCIAL_WORKER), None)
                reader = reader_of(who, roles, table_of(definition), steps.current_data(workflow))
                if case.process_id == GROUP_PROCESS:
                    reader.require(GROUP_SECTION, "projektu socjalnego")
                    project, version = build_group_project(
                        session, case, workflow, forms, reader.covered, organiser, now, by
                    )
                else:
                    reader.require("plan", "projektu socjalnego")
                    plan = for_reader(build_plan(session, case, workflow, forms, now, by), reader)
                    project, version = project_from_plan(plan, organiser), plan.version
            audit(session, now, who, "document.project", case_id, wersja=version)
            return project

    def consent(self, actor: Actor, case_id: str, member: str) -> ConsentDocument:
        """The consent record of one adult of the family or one participant of a group (``member`` is their
        id from the nomination or the group's registration).

        Consent records are for the roles whose part of the case file includes the consents (the
        model's visibility table: the social worker and the animator of the case) and for
        supervisors. The read is audited as ``document.consent``.

        Raises:
            NotFound: no such case (or not visible to the actor), no such member, or no statement recorded.
            NotAllowed: the actor takes part in the case in another role.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            roles = require_visible(session, who, case_id, "document.consent")
            by = generated_by(session, who, actor.label)
            with self._case(session, case_id) as (case, workflow, forms, definition):
                _require_consent_reader(who, roles, definition, workflow)
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
            roles = require_visible(session, who, case_id, "document.list")
            with self._case(session, case_id) as (_case, workflow, _forms, definition):
                _require_consent_reader(who, roles, definition, workflow)
                tasks = case_tasks(workflow)
                recorded = consent_statements(tasks)
                names = names_of_members(newest_data(tasks, lambda data: "czlonkowie" in data) or {})
            audit(session, now, who, "document.list", case_id)
            return [(member, member_label(names, member)) for member in sorted(recorded)]

    @contextmanager
    def _case(self, session: Session, case_id: str) -> Iterator[tuple[CaseInfo, object, dict, object]]:
        """The case's summary, live workflow and forms; the workflow goes back to the cache even when
        building the document fails (a read changes nothing)."""
        case = checkout(session, self._ctx, case_id)
        try:
            yield case_info(session, case_id), case.workflow, case.definition.forms, case.definition
        finally:
            self._ctx.workflows.put(case.id, case)


#: the section of the visibility table holding a group's participants' statements
GROUP_CONSENTS = "grupa_zgody"


def _require_consent_reader(who: Acting, roles: frozenset[str], definition, workflow) -> None:
    """The reader may read the consents: the family's ("zgody") or a group's participants' ("grupa_zgody")."""
    reader = reader_of(who, roles, table_of(definition), steps.current_data(workflow))
    section = GROUP_CONSENTS if definition.process_id == GROUP_PROCESS else "zgody"
    if not reader.may_read(section):
        raise NotAllowed(
            "Rekord zgody może pobrać tylko pracownik socjalny OPS lub animator prowadzący sprawę albo superwizor."
        )


def for_reader(document: PlanDocument, reader: Reader) -> PlanDocument:
    """The plan without the members (and their goals and items) whose consent does not reach the reader."""
    if reader.covered is None:
        return document
    hidden = {m.name for m in document.members if m.id not in reader.covered}
    return replace(
        document,
        members=tuple(m for m in document.members if m.id in reader.covered),
        goals=tuple(g for g in document.goals if g.member not in hidden),
        items=tuple(i for i in document.items if i.member not in hidden),
    )
