"""Cases as the token's institution may see them: the list, and one case's summary and file."""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _

from engine.dto import KIND_OF_PROCESS, CaseInfo
from engine.dto.casefile import CaseFile
from engine.errors import FieldError, InvalidFormData
from web.api import lists
from web.api.blueprint import operation, parsed, reply
from web.api.messages import CASE_REF
from web.api.models import (
    Awaited,
    AwaitedTask,
    AwaitedTimer,
    CaseDetail,
    CasePage,
    CaseSummary,
    FileEntry,
    FileSection,
    Participant,
    StartCase,
)
from web.services import engine


@operation("GET", "/cases", "cases:read", CasePage, parameters=lists.PAGE_PARAMETERS)
def list_cases():
    """Cases the token's institution takes part in.

    Newest first, keyset pages: pass next_cursor as cursor for the next page. Summaries only; the
    institution must be admitted to a case (the same rules as the pages).
    """
    page = engine().runtime.cases_of(g.api_actor, lists.list_request())
    return reply(CasePage(items=[summary(case) for case in page], **lists.page_fields(page)))


@operation(
    "POST", "/cases", "cases:start", CaseSummary, status=201, request_model=StartCase, problems=(404, 413, 415, 422)
)
def start_case():
    """Start a case.

    On the newest version of the process, in a partnership (PZK) where the token's institution plays the
    process's start role; the partnership's members take part in the case as in the pages.
    """
    body = parsed(StartCase)
    data = _kind_data(body.process_id, body.kind)
    started = engine().runtime.start(
        g.api_actor, body.process_id, data, title=body.title, partnership_id=body.partnership_id, kind=body.kind
    )
    return reply(summary(started), 201)


def _kind_data(process_id: str, kind: str | None) -> dict:
    """What the process is told of the kind, as the start page tells it: a person or a family case of the
    family process says which (``rodzaj_sprawy``).

    Raises:
        InvalidFormData: the kind is not one the process is for (a group on the family process, …).
    """
    meant_for = KIND_OF_PROCESS.get(process_id)
    if kind is None or meant_for is None:
        return {}
    if (meant_for == "grupa") != (kind == "grupa"):
        message = _("Rodzaj sprawy „%(kind)s” nie pasuje do procesu %(process)s.", kind=kind, process=process_id)
        raise InvalidFormData([FieldError("kind", message)])
    return {} if kind == "grupa" else {"rodzaj_sprawy": kind}


@operation("GET", "/cases/{case_ref}", "cases:read", CaseDetail, parameters=(CASE_REF,), problems=(404,))
def read_case(case_ref: str):
    """A case's summary and the sections of its file the token's institution may see.

    The case is named by its business key or id. The sections, their entries and the household members'
    data follow the model's visibility table and the members' consent, as for a worker of the institution.
    """
    return reply(detail(engine().casefile.file_of(g.api_actor, case_ref)))


def summary(case: CaseInfo) -> CaseSummary:
    return CaseSummary(
        id=case.id,
        business_key=case.business_key,
        title=case.title,
        process_id=case.process_id,
        process_name=case.process_name,
        version_number=case.version_number,
        status=case.status,
        stage=case.stage,
        kind=case.kind,
        created_at=case.created_at,
        updated_at=case.updated_at,
        participants=[Participant(role=role, institution=name) for role, name in case.participant_names],
    )


def detail(file: CaseFile) -> CaseDetail:
    sections = [
        FileSection(
            id=section.id,
            title=section.title,
            entries=[
                FileEntry(
                    task_id=entry.task_id,
                    task_name=entry.task_name,
                    role=entry.role,
                    subject=entry.subject,
                    completed_at=entry.completed_at,
                    completed_by=entry.completed_by,
                    institution=entry.institution,
                    values=entry.values,
                )
                for entry in section.entries
            ],
        )
        for section in file.sections
    ]
    awaited = Awaited(
        tasks=[
            AwaitedTask(
                task_id=t.task_id,
                name=t.name,
                subject=t.subject,
                role=t.role,
                institutions=list(t.institutions),
                due_at=t.due_at,
            )
            for t in file.awaited.tasks
        ],
        timers=[AwaitedTimer(name=name, due_at=due) for name, due in file.awaited.timers],
        messages=list(file.awaited.messages),
    )
    return CaseDetail(case=summary(file.case), whole_file=file.whole, sections=sections, awaited=awaited)
