"""Cases: the list of my institution's cases, one case's overview, starting a case for a person, a family or a group."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.errors import NotAllowed, NotFound
from engine.roles import CASE_STARTERS, SOCIAL_WORKER, SUPERVISOR
from web.access import holds, login_required, roles_required
from web.casefile_view import section_views
from web.services import engine
from web.worker.blueprint import blueprint
from web.worker.listing import page_links, page_request
from web.worker.questions import TEAM

FAMILY_PROCESS = "kooperacja_rodzina"
GROUP_PROCESS = "kooperacja_grupa"
# a person's case is the family process with a household of one; a group runs a projekt socjalny
PROCESS_OF_KIND = {"osoba": FAMILY_PROCESS, "rodzina": FAMILY_PROCESS, "grupa": GROUP_PROCESS}
MAX_TITLE = 200


@blueprint.get("/sprawy")
@login_required
def cases():
    listed = engine().runtime.cases_of(g.actor, page_request(request.args))
    previous_page, next_page = page_links(listed)
    return render_template("worker/cases.html", cases=listed, previous_page=previous_page, next_page=next_page)


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
        may_correct=holds(SUPERVISOR, SOCIAL_WORKER) and not casefile.case.anonymized,
        questions=engine().questions.of_case(g.actor, case_id),
        team=TEAM,
        now=engine().clock.now(),
    )


def _consents(case_id: str) -> list[tuple[str, str]]:
    """Recorded consent statements, for those who may read them (social worker, animator, supervisors)."""
    try:
        return engine().documents.consents(g.actor, case_id)
    except (NotAllowed, NotFound):  # NotFound: the case exists (checked before) but retention erased its data
        return []


@blueprint.route("/sprawy/nowa", methods=["GET", "POST"])
@roles_required(*CASE_STARTERS)
def start():
    partnerships = engine().directory.partnerships_of(g.user.institution_id)
    if request.method == "GET":
        return render_template("worker/start.html", partnerships=partnerships, title="", kind="rodzina", errors={})
    title = request.form.get("title", "").strip()[:MAX_TITLE]
    chosen = request.form.get("partnership", "")
    kind = request.form.get("kind") or "rodzina"  # the page always sends it; a family case before it did
    errors = {}
    if kind not in PROCESS_OF_KIND:
        errors["kind"] = _("Wybierz, dla kogo jest sprawa: osoba, rodzina czy grupa.")
    if not title:
        errors["title"] = _("Podaj nazwę sprawy, np. „Rodzina Nowakowskich”.")
    if chosen not in {str(p.id) for p in partnerships}:
        errors["partnership"] = _("Wybierz partnerstwo (PZK), w którym prowadzona będzie sprawa.")
    if errors:
        page = render_template("worker/start.html", partnerships=partnerships, title=title, kind=kind, errors=errors)
        return page, 422
    data = {} if kind == "grupa" else {"rodzaj_sprawy": kind}
    started = engine().runtime.start(
        g.actor, PROCESS_OF_KIND[kind], data, title=title, partnership_id=int(chosen), kind=kind
    )
    flash(_("Rozpoczęto sprawę %(key)s.", key=started.business_key), "success")
    first = [t for t in engine().tasks.of_case(g.actor, started.id) if t.assignee_id == g.user.id]
    if first:
        return redirect(url_for("worker.task", task_id=first[0].id))
    return redirect(url_for("worker.case", case_id=started.id))
