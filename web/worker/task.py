"""The task page: case summary, instructions, the form; claim, unclaim, save draft, complete.

What the page shows follows the task's state for this user: the form (assigned to me), a claim
button (open and unassigned), or a clear message (done, cancelled or held by someone else). Input
is never lost: a refused submission re-renders everything typed, and a submission that comes too
late (someone else completed or took the task) shows the typed values back for copying.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.errors import Conflict, InvalidFormData
from engine.roles import SUPERVISOR
from web import formview
from web.access import holds, login_required
from web.casefile_view import section_views
from web.services import engine
from web.templating import ITEM_FIELDS
from web.worker.blueprint import blueprint

SAVE, COMPLETE = "save", "complete"


@blueprint.get("/zadania/<task_id>")
@login_required
def task(task_id: str):
    shown = engine().task_page.get(g.actor, task_id)
    detail = shown.detail
    return _page(shown, detail.draft if detail.draft is not None else detail.data)


@blueprint.post("/zadania/<task_id>")
@login_required
def submit(task_id: str):
    form = engine().tasks.form(g.actor, task_id)  # read only: the completion is the one write of this request
    parsed = formview.parse(_schema(form), request.form, keep_empty_rows=True)
    action = request.form.get("_action", SAVE)
    if not _mine(form):
        engine().tasks.require_permitted(g.actor, task_id)  # 403 for someone who may never do it
        return _too_late(engine().task_page.get(g.actor, task_id), parsed)
    if action not in (SAVE, COMPLETE):
        return _row_action(engine().task_page.get(g.actor, task_id), parsed, action)
    if action == SAVE:
        return _save_draft(form, parsed)
    if parsed.errors:
        errors = engine().tasks.check(g.actor, task_id, parsed.data)
        return _refused(engine().task_page.get(g.actor, task_id), parsed, errors)
    try:
        completion = engine().tasks.complete(g.actor, task_id, parsed.data)
    except InvalidFormData as error:
        return _refused(engine().task_page.get(g.actor, task_id), parsed, error.by_field())
    except Conflict as error:
        return _too_late(engine().task_page.get(g.actor, task_id), parsed, error.message)
    flash(_("Zadanie „%(name)s” zostało zakończone.", name=form.task.name), "success")
    mine = [t for t in completion.opened if t.assignee_id == g.user.id]
    if mine:
        flash(_("Następne zadanie czeka na Ciebie: %(name)s.", name=mine[0].name), "success")
        return redirect(url_for("worker.task", task_id=mine[0].id))
    return redirect(url_for("worker.inbox"))


@blueprint.post("/zadania/<task_id>/podejmij")
@login_required
def claim(task_id: str):
    try:
        engine().tasks.claim(g.actor, task_id)
    except Conflict as error:
        flash(error.message, "error")
        return redirect(url_for("worker.task", task_id=task_id))
    flash(_("Podjęto zadanie. Formularz jest teraz Twój."), "success")
    return redirect(url_for("worker.task", task_id=task_id))


@blueprint.post("/zadania/<task_id>/zwolnij")
@login_required
def unclaim(task_id: str):
    try:
        engine().tasks.unclaim(g.actor, task_id)
    except Conflict as error:
        flash(error.message, "error")
        return redirect(url_for("worker.task", task_id=task_id))
    flash(_("Zadanie wróciło do listy „Do podjęcia” Twojej instytucji."), "success")
    return redirect(url_for("worker.queue"))


# ---------------------------------------------------------------------------- helpers


def _mine(detail) -> bool:
    return detail.task.status == "open" and detail.task.assignee_id == g.user.id


def _schema(detail) -> dict:
    """The task's schema with the choice lists read from its case (household members by name)."""
    return formview.with_choices(detail.schema or {}, detail.choices)


def _refused(shown, parsed, engine_errors: dict[str, list[str]]):
    """Every error of the submission at once (typing and the engine's checks), and a draft kept by itself.

    Rows left empty stay on the page (with their errors), so the row numbers are those the user saw;
    a field whose text did not convert shows that problem only, not also the engine's "required".
    """
    errors = {path: messages for path, messages in engine_errors.items() if path not in parsed.raw}
    for path, messages in parsed.errors.items():
        errors.setdefault(path, []).extend(messages)
    engine().tasks.save_draft(g.actor, shown.detail.task.id, parsed.draft)
    notice = _("Formularz ma błędy, więc zadanie nie zostało zakończone. Wpisane dane zapisano jako wersję roboczą.")
    return _page(shown, parsed.values, errors, status=422, notice=notice)


def _save_draft(detail, parsed):
    engine().tasks.save_draft(g.actor, detail.task.id, parsed.draft)
    flash(_("Zapisano wersję roboczą. Możesz wrócić do formularza później."), "success")
    return redirect(url_for("worker.task", task_id=detail.task.id))


def _row_action(shown, parsed, action: str):
    try:
        values = formview.apply_action(_schema(shown.detail), parsed.values, action)
    except formview.ActionError:
        abort(400)
    return _page(shown, values, {}, focus=formview.focus_after(action, values))


def _too_late(shown, parsed, message: str | None = None):
    """The task is no longer this user's: say why and show what they typed, so nothing is lost."""
    detail = shown.detail
    typed = formview.build(_schema(detail), detail.ui_schema or {}, parsed.values, {})
    return _page(shown, {}, status=409, notice=message or _state_message(detail), typed=typed)


def _page(shown, values, errors=None, status: int = 200, notice: str | None = None, typed=None, focus=None):
    """The task page of ``shown`` (``engine.task_page.get``: the task, its case and context, read at once)."""
    detail = shown.detail
    if errors is None:
        errors = {}
    form = None
    if _mine(detail):
        form = formview.build(_schema(detail), detail.ui_schema or {}, values, errors, focus=focus)
    page = render_template(
        "worker/task.html",
        detail=detail,
        task=detail.task,
        form=form,
        errors=errors,
        notice=notice or (None if form else _state_message(detail)),
        typed=typed,
        can_claim=shown.claimable,
        can_release=detail.task.status == "open"
        and detail.task.assignee_id is not None
        and (detail.task.assignee_id == g.user.id or holds(SUPERVISOR)),
        overview=(shown.case, list(shown.case_tasks)),
        context=_context(shown.context),
        item=_item_view(detail),
    )
    return page, status


def _item_view(detail):
    """What a multi-instance task is about, as answers with labels and titles (None: shown field by field)."""
    if not detail.item or not detail.item_schema:
        return None
    known = detail.item_schema.get("properties") or {}
    extra = {  # what a process added to the item (e.g. its status): shown as it is
        key: {"title": str(ITEM_FIELDS.get(key, key.replace("_", " ").capitalize()))}
        for key, value in detail.item.items()
        if key not in known and not key.startswith("_") and isinstance(value, str | int | float)
    }
    schema = {**detail.item_schema, "type": "object", "properties": {**known, **extra}}
    return formview.build(formview.with_choices(schema, detail.choices), detail.item_ui_schema or {}, detail.item, {})


def _context(context):
    """What the decision needs (sections of the case file and facts), as the model declares it."""
    return {"sections": section_views(context.sections), "facts": context.facts} if context else None


def _state_message(detail) -> str | None:
    task = detail.task
    if task.status == "completed":
        return _("To zadanie zostało już zakończone. Formularza nie można już zmienić.")
    if task.status != "open":
        return _("To zadanie zostało anulowane (sprawa poszła dalej inną ścieżką).")
    if task.assignee_id is None:
        return None
    if task.assignee_id != g.user.id:
        who = getattr(task, "assignee_name", None) or _("inna osoba")
        return _("To zadanie podjęła %(who)s. Możesz je obejrzeć, ale nie wypełnić.", who=who)
    return None
