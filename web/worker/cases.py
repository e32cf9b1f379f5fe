"""Cases: the list of my institution's cases, one case's overview, starting a family case."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.errors import NotAllowed
from engine.roles import CASE_STARTERS
from web.access import login_required, roles_required
from web.casefile_view import section_views
from web.services import engine
from web.worker.blueprint import blueprint

FAMILY_PROCESS = "kooperacja_rodzina"
MAX_TITLE = 200


@blueprint.get("/sprawy")
@login_required
def cases():
    return render_template("worker/cases.html", cases=engine().runtime.cases_of(g.actor))


@blueprint.get("/sprawy/<case_id>")
@login_required
def case(case_id: str):
    """The case file ("Teczka sprawy"): what the case waits for and the sections the user may see."""
    casefile = engine().casefile.file(g.actor, case_id)
    return render_template(
        "worker/case.html",
        case=casefile.case,
        casefile=casefile,
        sections=section_views(casefile.sections),
        readable={s.id for s in casefile.sections},
        consents=_consents(case_id),
    )


def _consents(case_id: str) -> list[tuple[str, str]]:
    """Recorded consent statements, for those who may read them (social worker, animator, supervisors)."""
    try:
        return engine().documents.consents(g.actor, case_id)
    except NotAllowed:
        return []


@blueprint.route("/sprawy/nowa", methods=["GET", "POST"])
@roles_required(*CASE_STARTERS)
def start():
    partnerships = engine().directory.partnerships_of(g.user.institution_id)
    if request.method == "GET":
        return render_template("worker/start.html", partnerships=partnerships, title="", errors={})
    title = request.form.get("title", "").strip()[:MAX_TITLE]
    chosen = request.form.get("partnership", "")
    errors = {}
    if not title:
        errors["title"] = _("Podaj nazwę sprawy, np. „Rodzina Nowakowskich”.")
    if chosen not in {str(p.id) for p in partnerships}:
        errors["partnership"] = _("Wybierz partnerstwo (PZK), w którym prowadzona będzie sprawa.")
    if errors:
        return render_template("worker/start.html", partnerships=partnerships, title=title, errors=errors), 422
    started = engine().runtime.start(g.actor, FAMILY_PROCESS, {}, title=title, partnership_id=int(chosen))
    flash(_("Rozpoczęto sprawę %(key)s.", key=started.business_key), "success")
    first = [t for t in engine().tasks.inbox(g.actor) if t.case_id == started.id]
    if first:
        return redirect(url_for("worker.task", task_id=first[0].id))
    return redirect(url_for("worker.case", case_id=started.id))
