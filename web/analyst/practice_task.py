"""A task of a practice run: its form drawn by the workers' renderer (``web.formview``), filled "as" its role.

The submission is read and checked exactly as on the worker's task page; completing it moves the
practice case only.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.errors import Conflict, InvalidFormData
from web import formview
from web.access import roles_required
from web.analyst.blueprint import MODEL_ROLES, blueprint
from web.services import practice

COMPLETE = "complete"


@blueprint.get("/proby/<run_id>/zadania/<task_id>")
@roles_required(*MODEL_ROLES)
def practice_task(run_id: str, task_id: str):
    detail = practice().task(g.actor, run_id, task_id)
    values = detail.draft if detail.draft is not None else detail.data
    return _page(run_id, detail, values)


@blueprint.post("/proby/<run_id>/zadania/<task_id>")
@roles_required(*MODEL_ROLES)
def practice_submit(run_id: str, task_id: str):
    detail = practice().task(g.actor, run_id, task_id)
    schema = _schema(detail)
    parsed = formview.parse(schema, request.form, keep_empty_rows=True)
    action = request.form.get("_action", COMPLETE)
    if action != COMPLETE:
        try:
            values = formview.apply_action(schema, parsed.values, action)
        except formview.ActionError:
            abort(400)
        return _page(run_id, detail, values, focus=formview.focus_after(action, values))
    if parsed.errors:
        return _refused(run_id, detail, parsed, practice().check(g.actor, run_id, task_id, parsed.data))
    try:
        practice().complete(g.actor, run_id, task_id, parsed.data)
    except InvalidFormData as error:
        return _refused(run_id, detail, parsed, error.by_field())
    except Conflict as error:
        flash(error.message, "error")
        return redirect(url_for("analyst.practice_run", run_id=run_id))
    flash(
        _("Zadanie „%(name)s” zakończone jako rola %(role)s.", name=detail.task.name, role=detail.task.role or "—"),
        "success",
    )
    return redirect(url_for("analyst.practice_run", run_id=run_id))


def _schema(detail) -> dict:
    return formview.with_choices(detail.schema or {}, detail.choices)


def _refused(run_id: str, detail, parsed, engine_errors: dict[str, list[str]]):
    errors = {path: messages for path, messages in engine_errors.items() if path not in parsed.raw}
    for path, messages in parsed.errors.items():
        errors.setdefault(path, []).extend(messages)
    return _page(run_id, detail, parsed.values, errors, status=422)


def _page(run_id: str, detail, values, errors=None, status: int = 200, focus=None):
    form = None
    if detail.task.status == "open":
        form = formview.build(_schema(detail), detail.ui_schema or {}, values, errors or {}, focus=focus)
    page = render_template(
        "analyst/practice_task.html",
        run_id=run_id,
        detail=detail,
        task=detail.task,
        form=form,
        person=practice().person(g.actor, run_id, detail.task.role),
    )
    return page, status
