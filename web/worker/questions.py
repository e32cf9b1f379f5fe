"""Questions to the ROPS model team: "Zapytaj doradcę" from a task or a case, the team's queue
"Pytania do zespołu ROPS" with its deadlines, the answer page, and the asker's "Moje pytania".

Who may ask, read and answer is the engine's decision (the case's need-to-know rules); these views only
choose the page."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engine.dto.questions import ANSWERED, OPEN, OVERDUE
from engine.errors import InvalidFormData
from engine.roles import ADVICE_ROLES, ADVISER, LEGAL_CONSULTANT, SUPERVISOR
from web.access import holds, login_required, roles_required
from web.services import engine
from web.worker.blueprint import blueprint

#: The team roles in words, in the order the form offers them.
TEAM = {ADVISER: _l("doradca"), LEGAL_CONSULTANT: _l("konsultant prawny"), SUPERVISOR: _l("superwizor")}
#: The queue's filters: query value -> (engine state, label).
STATES = {
    "otwarte": (OPEN, _l("Czekają na odpowiedź")),
    "po-terminie": (OVERDUE, _l("Po terminie")),
    "odpowiedziane": (ANSWERED, _l("Z odpowiedzią")),
}
MAX_TEXT = 5000


@blueprint.route("/sprawy/<case_id>/pytanie", methods=["GET", "POST"])
@login_required
def ask(case_id: str):
    case = engine().runtime.case(g.actor, case_id)
    task_id = request.values.get("zadanie") or None
    task = engine().tasks.get(g.actor, task_id).task if task_id else None
    values = {
        "adresat": request.form.get("adresat", ADVISER),
        "pilne": request.form.get("pilne") == "1",
        "tresc": request.form.get("tresc", "")[:MAX_TEXT],
    }
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            asked = engine().questions.ask(
                g.actor, case_id, values["adresat"], values["tresc"], values["pilne"], task_id
            )
        except InvalidFormData as error:
            errors = {path: messages[0] for path, messages in error.by_field().items()}
        else:
            when = format_datetime(asked.due_at, "short")
            flash(
                _("Wysłano pytanie (%(to)s). Termin odpowiedzi: %(when)s.", to=TEAM[asked.to_role], when=when),
                "success",
            )
            if task is not None:
                return redirect(url_for("worker.task", task_id=task.id))
            return redirect(url_for("worker.case", case_id=case_id) + "#pytania")
    page = render_template("worker/ask.html", case=case, task=task, team=TEAM, values=values, errors=errors)
    return page, (422 if errors else 200)


@blueprint.get("/pytania")
@roles_required(*ADVICE_ROLES)
def questions():
    chosen = request.args.get("stan", "otwarte")
    chosen = chosen if chosen in STATES else "otwarte"
    found = engine().questions.queue(g.actor, STATES[chosen][0])
    return render_template(
        "worker/questions.html", questions=found, states=STATES, chosen=chosen, team=TEAM, now=engine().clock.now()
    )


@blueprint.route("/pytania/<int:question_id>", methods=["GET", "POST"])
@login_required
def question(question_id: int):
    shown = engine().questions.question(g.actor, question_id)
    errors: dict[str, str] = {}
    typed = request.form.get("odpowiedz", "")[:MAX_TEXT]
    if request.method == "POST":
        try:
            engine().questions.answer(g.actor, question_id, typed)
        except InvalidFormData as error:
            errors = {path: messages[0] for path, messages in error.by_field().items()}
        else:
            flash(_("Zapisano odpowiedź. Pytający zobaczy ją w sprawie i na liście swoich pytań."), "success")
            return redirect(url_for("worker.questions"))
    page = render_template(
        "worker/question.html",
        question=shown,
        team=TEAM,
        errors=errors,
        typed=typed,
        now=engine().clock.now(),
        in_team=holds(*ADVICE_ROLES),  # the queue is the team's; an asker goes back to their own questions
    )
    return page, (422 if errors else 200)


@blueprint.get("/moje-pytania")
@login_required
def my_questions():
    return render_template(
        "worker/my_questions.html", questions=engine().questions.mine(g.actor), team=TEAM, now=engine().clock.now()
    )
