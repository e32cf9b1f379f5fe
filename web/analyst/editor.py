"""The diagram editors (bpmn-js, dmn-js): open a file's working content, save it as a draft and check it.

Saving returns every problem of the working set at once, as ``file:line: element-id: message`` lines and
as element ids the page marks on the diagram. The pages load bpmn.io's browser builds from ``/vendor``
under the application's strict Content-Security-Policy; the DMN editor alone needs a relaxation
(``DMN_EDITOR_CSP``).
"""

from __future__ import annotations

from flask import Response, abort, g, jsonify, render_template, request, url_for

from engine.errors import Problem
from web.access import roles_required
from web.analyst.blueprint import MODEL_ROLES, blueprint
from web.security import CONTENT_SECURITY_POLICY
from web.services import engine

#: dmn-js writes ``style="…"`` attributes into markup it parses (three CSP reports while loading our
#: decision diagram; the bpmn.io watermark, which its licence requires, then lands outside the canvas).
#: Only the DMN editor page allows inline styles; scripts, fonts and connections stay 'self'. bpmn-js sets
#: its styles through the CSSOM, which the strict policy allows, so the BPMN editor keeps the strict one
#: (its browser test fails on any CSP report).
DMN_EDITOR_CSP = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
EDITORS = {"process": "bpmn", "decision": "dmn"}


@blueprint.get("/edytor/<path:path>")
@roles_required(*MODEL_ROLES)
def edit(path: str):
    opened = engine().library.open(g.actor, path)
    if opened.kind not in EDITORS:
        abort(404)
    response = Response(
        render_template(
            "analyst/editor.html",
            opened=opened,
            editor=EDITORS[opened.kind],
            source_url=url_for("analyst.source", path=path),
            save_url=url_for("analyst.save", path=path),
            roles=engine().repository.roles() if opened.kind == "process" else [],
            **(_choices() if opened.kind == "process" else {}),
        )
    )
    if opened.kind == "decision":
        response.headers["Content-Security-Policy"] = DMN_EDITOR_CSP
    return response


@blueprint.get("/plik/<path:path>")
@roles_required(*MODEL_ROLES)
def source(path: str):
    opened = engine().library.open(g.actor, path)
    mimetype = "application/json" if path.endswith(".json") else "application/xml"
    return Response(opened.content, mimetype=mimetype)


@blueprint.post("/plik/<path:path>")
@roles_required(*MODEL_ROLES)
def save(path: str):
    checked = engine().library.save(g.actor, path, request.get_data(cache=False))
    return jsonify(
        saved=True,
        problems=[_problem(p, path) for p in checked.problems],
        count=len(checked.problems),
    )


@blueprint.post("/plik/<path:path>/odrzuc")
@roles_required(*MODEL_ROLES)
def discard(path: str):
    engine().library.discard(g.actor, path)
    return jsonify(discarded=True)


def _choices() -> dict[str, list[str]]:
    """What the properties panel offers: the model's forms, processes (to call) and decisions.

    A process or decision is named as its file is (``processes/<id>.bpmn``, ``<id>.dmn``), plus the
    processes of the newest deployed version; the fields take any other name too.
    """
    files = engine().library.overview(g.actor).files
    deployed = engine().repository.versions()[:1]
    processes = {f.name.removesuffix(".bpmn") for f in files if f.kind == "process"}
    processes |= {p.process_id for version in deployed for p in version.processes}
    return {
        "forms": [f.name for f in files if f.kind == "form" and f.name.endswith(".schema.json")],
        "processes": sorted(processes),
        "decisions": sorted(f.name.removesuffix(".dmn") for f in files if f.kind == "decision"),
    }


def _problem(problem: Problem, path: str) -> dict:
    return {
        "file": problem.file,
        "line": problem.line,
        "element_id": problem.element_id,
        "message": problem.message,
        "text": str(problem),
        "here": problem.file == path,
    }
