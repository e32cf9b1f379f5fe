"""The register of processing (art. 30 GDPR) drawn from one deployed version of the model: every user
task with a form is a processing step; its fields are the categories of data; the visibility table
says for which purpose (the case-file section) and who receives them."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.access.table import table_of
from engine.bpmn.specs import user_task_forms
from engine.db.models import Deployment, ProcessDefinition
from engine.dto.protection import RegisterEntry, RegisterField
from engine.errors import NotFound
from engine.services.answer_words import form_fields
from engine.services.protection.subject import recipients
from engine.services.protection.wording import NO_SECTION_PURPOSE, ORDINARY_SECTIONS, legal_basis


def deployment_of(session: Session, version_number: int | None) -> Deployment:
    """The deployment of ``version_number``, or the newest one."""
    number = version_number or session.execute(select(func.max(Deployment.number))).scalar_one_or_none()
    row = session.execute(select(Deployment).where(Deployment.number == number)).scalar_one_or_none()
    if row is None:
        raise NotFound("Nie wdrożono jeszcze żadnej wersji procesów." if not version_number else "Nie ma tej wersji.")
    return row


def entries(session: Session, definitions: list, deployment: Deployment, retention: str) -> tuple[RegisterEntry, ...]:
    """One entry per user task (with its form) of the deployment's processes, process by process."""
    found, seen = [], set()
    for definition in definitions:
        table = table_of(definition)
        specs = (definition.spec, *definition.subprocess_specs.values())
        for task_id, name, lane, form in user_task_forms(specs):
            if (task_id, form) in seen:
                continue
            seen.add((task_id, form))
            section = table.section_of_task(task_id) if table is not None else None
            schema = definition.forms.get(form) or {}
            who = recipients(table, section.id) if section is not None else ()
            if not who:
                who = tuple(role for role in (lane,) if role)
            found.append(
                RegisterEntry(
                    process=definition.name,
                    task_id=task_id,
                    task=name,
                    collected_by=lane,
                    form=str(schema.get("title") or form),
                    section=section.title if section is not None else None,
                    purpose=section.title if section is not None else NO_SECTION_PURPOSE,
                    fields=tuple(RegisterField(path, label) for path, label in form_fields(schema)),
                    recipients=who,
                    legal_basis=legal_basis(section.id if section is not None else None),
                    retention=retention,
                    special_category=section is None or section.id not in ORDINARY_SECTIONS,
                )
            )
    return tuple(found)


def definition_ids(session: Session, deployment: Deployment) -> list[int]:
    return list(
        session.execute(
            select(ProcessDefinition.id)
            .where(ProcessDefinition.deployment_id == deployment.id)
            .order_by(ProcessDefinition.process_id)
        ).scalars()
    )
