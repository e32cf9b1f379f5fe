"""Comparing versions of the model: two deployed versions, or a deployed version with the working draft.

Each changed diagram is drawn twice, side by side (bpmn-js NavigatedViewer from ``/vendor``, the page's
analyst/compare.js), its elements marked as added, removed or changed; the tables below say the same in
words, so the page works without JavaScript and without telling colours apart.
"""

from __future__ import annotations

from flask import Response, g, render_template, request, url_for

from engine.errors import NotFound
from web.access import roles_required
from web.analyst.blueprint import MODEL_ROLES, blueprint
from web.services import engine

DRAFT = "robocza"
DIAGRAM_SUFFIXES = (".bpmn", ".bpmn20.xml")


@blueprint.get("/porownaj")
@roles_required(*MODEL_ROLES)
def compare():
    """The form choosing the two sides; with both chosen (``od``, ``do``) the differences below it."""
    library = engine().library.overview(g.actor)
    numbers = [v.number for v in library.versions]
    old = request.args.get("od", type=int, default=numbers[1] if len(numbers) > 1 else None)
    new_arg = request.args.get("do", DRAFT if library.has_drafts or len(numbers) < 2 else str(numbers[0]))
    comparison = None
    if "od" in request.args and "do" in request.args:
        new = None if new_arg == DRAFT else _number(new_arg)
        if old is None:
            raise NotFound("Wybierz wersję, od której porównać.")
        comparison = engine().library.compare(g.actor, old, new)
    return render_template(
        "analyst/compare.html",
        library=library,
        old=old,
        new=new_arg,
        draft=DRAFT,
        comparison=comparison,
        side_url=_side_url,
        markers=_markers,
    )


@blueprint.get("/porownaj/<side>/<path:path>")
@roles_required(*MODEL_ROLES)
def side_file(side: str, path: str):
    """The file ``path`` as it is in version ``side`` (a number or ``robocza``), for the diagrams."""
    number = None if side == DRAFT else _number(side)
    content = engine().library.version_file(g.actor, number, path)
    return Response(content, mimetype="application/json" if path.endswith(".json") else "application/xml")


def _side_url(side, path: str) -> str:
    return url_for("analyst.side_file", side=DRAFT if side.is_draft else side.number, path=path)


def _number(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise NotFound(f"Nie ma wdrożonej wersji {value[:20]}.") from None


def _markers(file) -> dict[str, str] | None:
    """Element id -> ``added``/``removed``/``changed`` for a diagram; None for a file that is not one."""
    if not file.path.lower().endswith(DIAGRAM_SUFFIXES):
        return None
    return {element.element_id: element.change for element in file.elements}
