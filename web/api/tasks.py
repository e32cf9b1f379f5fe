"""The open tasks of the token's institution (list, read with the form, complete) and the process versions."""

from __future__ import annotations

from flask import g, request
from flask_babel import gettext as _

from engine.errors import InvalidInput
from web.api import lists
from web.api.blueprint import operation, parsed, reply
from web.api.models import Completed, CompleteTask, ProcessInfo, Task, TaskForm, TaskPage, Version, VersionPage
from web.services import engine


@operation("GET", "/tasks", "tasks:read", TaskPage, parameters=lists.PAGE_PARAMETERS)
def list_tasks():
    """Open tasks of the token's institution.

    Tasks of running cases in the roles the institution plays (and is admitted to) in each case, due
    first; keyset pages.
    """
    page = engine().tasks.of_institution(g.api_actor, lists.list_request())
    return reply(TaskPage(items=[task(t) for t in page], **lists.page_fields(page)))


TASK_ID = {"name": "task_id", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 36}}


@operation("GET", "/tasks/{task_id}", "tasks:read", TaskForm, parameters=(TASK_ID,), problems=(404,))
def read_task(task_id: str):
    """A task of a case the token's institution takes part in, with its form.

    The form's JSON Schema says what POST /tasks/{task_id}/complete takes; the data are the values the
    form starts with, as far as the institution may see them (only for tasks of its own roles).
    """
    found = engine().tasks.get(g.api_actor, task_id)
    return reply(
        TaskForm(
            task=task(found.task), instructions=found.instructions, form=found.schema, data=found.data, item=found.item
        )
    )


@operation(
    "POST",
    "/tasks/{task_id}/complete",
    "tasks:complete",
    Completed,
    request_model=CompleteTask,
    parameters=(TASK_ID,),
    problems=(404, 409, 413, 415, 422),
)
def complete_task(task_id: str):
    """Complete an open task of the token's institution with its form data.

    The data is checked against the task's form (JSON Schema and the form's rules) exactly as the web
    form is: 422 lists every problem by field and nothing changes. Only tasks nobody has taken (assigned:
    false) can be completed by a system; a task completed meanwhile answers 409.
    """
    body = parsed(CompleteTask)
    done = engine().tasks.complete(g.api_actor, task_id, body.data)
    return reply(Completed(task=task(done.task), opened=[task(t) for t in done.opened]))


def task(t) -> Task:
    return Task(
        id=t.id,
        case_id=t.case_id,
        business_key=t.business_key,
        case_title=t.case_title,
        bpmn_id=t.bpmn_id,
        name=t.name,
        role=t.role,
        subject=t.subject,
        status=t.status,
        stage=t.stage,
        assigned=t.assignee_id is not None,
        created_at=t.created_at,
        due_at=t.due_at,
    )


VERSION_CURSOR = {
    "name": "cursor",
    "in": "query",
    "required": False,
    "description": "next_cursor poprzedniej strony (numer wersji)",
    "schema": {"type": "string", "maxLength": 20},
}
VERSION_SIZE = {**lists.PAGE_PARAMETERS[2]}


@operation("GET", "/processes", "processes:read", VersionPage, parameters=(VERSION_CURSOR, VERSION_SIZE))
def list_versions():
    """Deployed process versions.

    Newest first, with the processes each holds and the role that may start them; keyset pages by
    version number.
    """
    cursor = request.args.get("cursor") or ""
    if cursor and not (cursor.isascii() and cursor.isdigit()):
        raise InvalidInput(_("Nieprawidłowy kursor strony."))
    size = lists.list_request().size
    everything = engine().repository.versions()  # a handful: the list is small, the pages are for symmetry
    versions = [v for v in everything if not cursor or v.number < int(cursor)]
    shown = versions[:size]
    items = [
        Version(
            number=v.number,
            content_hash=v.content_hash,
            created_at=v.created_at,
            processes=[ProcessInfo(process_id=p.process_id, name=p.name, start_role=p.start_role) for p in v.processes],
        )
        for v in shown
    ]
    following = str(shown[-1].number) if len(versions) > size else None
    page = {"total": len(everything), "more": False, "next_cursor": following, "previous_cursor": None}
    return reply(VersionPage(items=items, **page))
