"""What a supervisor does to a case: suspend, resume, terminate (with a reason), retry after an error,
give a task to another person; and retry a background job that became an incident."""

from __future__ import annotations

from flask import flash, g, redirect, request, url_for
from flask_babel import gettext as _

from engine.errors import Conflict, NotAllowed, NotFound
from engine.roles import SUPERVISOR
from web.access import roles_required
from web.services import engine
from web.supervisor.blueprint import blueprint
from web.supervisor.cases import render_case

MAX_REASON = 1000


@blueprint.post("/sprawy/<case_id>/wstrzymaj")
@roles_required(SUPERVISOR)
def suspend(case_id: str):
    return _act(case_id, lambda: engine().runtime.suspend(g.actor, case_id, _reason()), _("Sprawa wstrzymana."))


@blueprint.post("/sprawy/<case_id>/wznow")
@roles_required(SUPERVISOR)
def resume(case_id: str):
    return _act(case_id, lambda: engine().runtime.resume(g.actor, case_id, _reason()), _("Sprawa wznowiona."))


@blueprint.post("/sprawy/<case_id>/zakoncz")
@roles_required(SUPERVISOR)
def terminate(case_id: str):
    reason = _reason()
    if not reason:
        errors = {"terminate-reason": _("Podaj powód przerwania sprawy (zapisze się w jej historii).")}
        return render_case(case_id, errors, status=422)
    return _act(case_id, lambda: engine().runtime.terminate(g.actor, case_id, reason), _("Sprawa przerwana."))


@blueprint.post("/sprawy/<case_id>/ponow")
@roles_required(SUPERVISOR)
def retry(case_id: str):
    return _act(
        case_id, lambda: engine().runtime.retry(g.actor, case_id), _("Ponowiono zadania, które zakończyły się błędem.")
    )


@blueprint.post("/zadania/<task_id>/przydziel")
@roles_required(SUPERVISOR)
def assign(task_id: str):
    task = engine().tasks.get(g.actor, task_id).task
    chosen = request.form.get("user_id", "")
    if not chosen.isdigit():
        errors = {f"assign-{task_id}": _("Wybierz osobę, której przydzielić zadanie.")}
        return render_case(task.case_id, errors, status=422)
    try:
        assigned = engine().tasks.assign(g.actor, task_id, int(chosen))
    except (NotAllowed, Conflict) as error:
        flash(error.message, "error")
        return redirect(url_for("supervisor.case", case_id=task.case_id))
    who = assigned.assignee_name or engine().directory.user(int(chosen)).display_name
    flash(_("Zadanie „%(task)s” przydzielono: %(who)s.", task=assigned.name, who=who), "success")
    return redirect(url_for("supervisor.case", case_id=task.case_id))


@blueprint.post("/incydenty/<int:job_id>/ponow")
@roles_required(SUPERVISOR)
def retry_incident(job_id: int):
    try:
        engine().worker.retry_incident(g.actor, job_id)
    except NotFound as error:
        flash(error.message, "error")
        return redirect(url_for("supervisor.index"))
    flash(_("Zadanie w tle wróciło do kolejki; proces roboczy wykona je ponownie."), "success")
    return redirect(url_for("supervisor.index"))


def _reason() -> str:
    return request.form.get("reason", "").strip()[:MAX_REASON]


def _act(case_id: str, change, done: str):
    """Run a case action; a refusal because of the case's state (e.g. resuming a running case) is a message."""
    try:
        change()
    except Conflict as error:
        flash(error.message, "error")
    else:
        flash(done, "success")
    return redirect(url_for("supervisor.case", case_id=case_id))
