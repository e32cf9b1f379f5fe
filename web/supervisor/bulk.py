"""Bulk actions from a filtered case list: suspend, resume, terminate (with a reason), retry.

Without JavaScript the form runs every selected case in one request and shows a result per case; with
it, ``bulk.js`` sends the cases in small batches to ``bulk_batch`` and shows the progress as it goes.
Each case is one transaction in the engine: changed completely or not at all, and audited.
"""

from __future__ import annotations

from dataclasses import replace

from flask import g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l

from engine.dto.bulk import BULK_ACTIONS
from engine.dto.pages import ListRequest
from engine.errors import InvalidState
from engine.roles import SUPERVISOR
from web.access import roles_required
from web.services import engine
from web.supervisor import case_filters
from web.supervisor.blueprint import blueprint
from web.templating import CASE_STATUS

ACTIONS = {
    "suspend": _l("Wstrzymaj"),
    "resume": _l("Wznów"),
    "terminate": _l("Przerwij (podaj powód)"),
    "retry": _l("Ponów po błędzie"),
}
BATCH = 20  # cases per request of the batched (JavaScript) path
LISTED = 200  # cases listed at once to choose from (the list's largest page); narrow with the filters
MAX_REASON = 1000


@blueprint.get("/zbiorczo")
@roles_required(SUPERVISOR)
def bulk():
    return _page()


@blueprint.post("/zbiorczo")
@roles_required(SUPERVISOR)
def bulk_run():
    action, reason, case_ids = _form()
    try:
        results = engine().bulk.run(g.actor, action, case_ids, reason)
    except InvalidState as refused:
        return _page(error=refused.message, status=422)
    return _page(results=results)


@blueprint.post("/zbiorczo/partia")
@roles_required(SUPERVISOR)
def bulk_batch():
    action, reason, case_ids = _form()
    if len(case_ids) > BATCH:
        return jsonify(error=f"Najwyżej {BATCH} spraw w jednej partii."), 422
    try:
        results = engine().bulk.run(g.actor, action, case_ids, reason)
    except InvalidState as refused:
        return jsonify(error=refused.message), 422
    return jsonify(
        results=[
            {
                "case_id": r.case_id,
                "business_key": r.business_key or "—",
                "done": r.done,
                "status": str(CASE_STATUS.get(r.status, r.status)) if r.status else "",
                "message": r.message,
            }
            for r in results
        ]
    )


def _form() -> tuple[str, str, list[str]]:
    action = request.form.get("action", "")
    return (
        action if action in BULK_ACTIONS else "",
        request.form.get("reason", "").strip()[:MAX_REASON],
        request.form.getlist("case_id"),
    )


def _page(results=None, error: str | None = None, status: int = 200):
    filters = case_filters.read(request.args)
    # ``krok`` here is the process overview's step (with ``wersja``: timers and messages too), not a task
    wanted = replace(filters.cases, element="")
    listed = engine().runtime.cases_of(
        g.actor, ListRequest(size=LISTED, status=filters.status, search=filters.search, cases=wanted)
    )
    shown = list(listed)
    waiting = _waiting()
    if waiting is not None:
        shown = [case for case in shown if case.id in waiting.case_ids]
    page = render_template(
        "supervisor/bulk.html",
        cases=shown,
        total=listed.total,
        more=listed.more,
        cut=listed.next_cursor is not None,
        filters=filters.given,
        statuses=CASE_STATUS,
        processes=case_filters.choices()["processes"],
        stages=sorted({case.stage for case in listed if case.stage} | ({filters.given["etap"]} - {""})),
        actions=ACTIONS,
        chosen=request.form.get("action", ""),
        selected=set(request.form.getlist("case_id")),
        reason=request.form.get("reason", ""),
        results=results,
        error=error,
        batch=BATCH,
        case_status=CASE_STATUS,
        waiting=waiting,
        overdue_only=request.args.get("po_terminie") == "1",
    )
    return page, status


def _waiting():
    """The cases of the process overview's link: waiting at one step of one version (maybe overdue only)."""
    version, element = request.args.get("wersja", ""), request.args.get("krok", "")
    if not version.isdigit() or not element:
        return None
    return engine().overview.cases_at(g.actor, int(version), element, request.args.get("po_terminie") == "1")
