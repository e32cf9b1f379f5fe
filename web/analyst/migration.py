"""Moving running cases to another deployed version of their process ("Migracja spraw"), and back.

The page lists the process's cases on other versions: which may move, why the others may not, and
what would change for each (tasks rebuilt, steps added or dropped, timers keeping or restarting
their date). Without JavaScript the form moves every selected case in one request and shows a
result per case; with it, ``bulk.js`` (the supervisors' bulk page's script) sends them in batches to
``migrate_batch`` (an undo to ``undo_batch``) and shows the progress. Each case moves in its own
transaction in the engine.
"""

from __future__ import annotations

from flask import g, jsonify, render_template, request
from flask_babel import gettext as _

from engine.errors import InvalidInput
from web.access import roles_required
from web.analyst.blueprint import MODEL_ROLES, blueprint
from web.services import engine

BATCH = 20  # cases per request of the batched (JavaScript) path


@blueprint.get("/migracja")
@roles_required(*MODEL_ROLES)
def migration():
    return _page()


@blueprint.post("/migracja")
@roles_required(*MODEL_ROLES)
def migrate():
    process_id, target = _chosen()
    try:
        results = engine().migration.migrate(g.actor, request.form.getlist("case_id"), target or 0)
    except InvalidInput as refused:
        return _page(error=refused.message, status=422)
    return _page(results=results)


@blueprint.post("/migracja/partia")
@roles_required(*MODEL_ROLES)
def migrate_batch():
    _, target = _chosen()
    case_ids = request.form.getlist("case_id")
    if len(case_ids) > BATCH:
        return jsonify(error=_("Najwyżej %(count)d spraw w jednej partii.", count=BATCH)), 422
    try:
        results = engine().migration.migrate(g.actor, case_ids, target or 0)
    except InvalidInput as refused:
        return jsonify(error=refused.message), 422
    return jsonify(results=[_json(r) for r in results])


@blueprint.post("/migracja/cofnij")
@roles_required(*MODEL_ROLES)
def undo():
    try:
        results = engine().migration.undo(g.actor, request.form.getlist("case_id"))
    except InvalidInput as refused:
        return _page(error=refused.message, status=422)
    return _page(results=results, undone=True)


@blueprint.post("/migracja/cofnij/partia")
@roles_required(*MODEL_ROLES)
def undo_batch():
    case_ids = request.form.getlist("case_id")
    if len(case_ids) > BATCH:
        return jsonify(error=_("Najwyżej %(count)d spraw w jednej partii.", count=BATCH)), 422
    try:
        results = engine().migration.undo(g.actor, case_ids)
    except InvalidInput as refused:
        return jsonify(error=refused.message), 422
    return jsonify(results=[_json(r) for r in results])


def _json(result) -> dict:
    return {
        "case_id": result.case_id,
        "business_key": result.business_key or "—",
        "done": result.done,
        "status": _("z wersji %(old)s na wersję %(new)s", old=result.from_version, new=result.to_version)
        if result.done
        else "",
        "message": result.message,
    }


def _chosen() -> tuple[str, int | None]:
    values = request.form if request.method == "POST" else request.args
    return values.get("proces", ""), values.get("do", type=int)


def _page(results=None, error: str | None = None, status: int = 200, undone: bool = False):
    processes = engine().migration.processes(g.actor)
    process_id, target = _chosen()
    process_id = process_id or (processes[0][0] if processes else "")
    overview = None
    if process_id and target is not None:
        overview = engine().migration.overview(g.actor, process_id, target)
    versions = [v.number for v in engine().library.overview(g.actor).versions]
    page = render_template(
        "analyst/migration.html",
        processes=processes,
        process_id=process_id,
        target=target,
        versions=versions,
        overview=overview,
        results=results,
        undone=undone,
        error=error,
        batch=BATCH,
        selected=set(request.form.getlist("case_id")),
    )
    return page, status
