"""Process overview (heat map): where the open cases of each deployed version wait, on the diagram and as
a table; every number links to the filtered case list, where the cases can be acted on together."""

from __future__ import annotations

from flask import Response, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engine.roles import SUPERVISOR
from web.access import roles_required
from web.services import engine
from web.supervisor.blueprint import blueprint

KINDS = {"task": _l("zadanie"), "timer": _l("czeka na termin"), "message": _l("czeka na wiadomość")}


@blueprint.get("/procesy")
@roles_required(SUPERVISOR)
def processes():
    return render_template("supervisor/processes.html", versions=engine().overview.versions(g.actor))


@blueprint.get("/procesy/<int:definition_id>")
@roles_required(SUPERVISOR)
def heat_map(definition_id: int):
    shown = engine().overview.heat_map(g.actor, definition_id, request.args.get("proces") or None)
    top = max([row.waiting for row in shown.rows if row.kind != "message"] or [1])
    markers = {row.element_id: _marker(definition_id, row, top) for row in shown.rows}
    return render_template(
        "supervisor/heat_map.html",
        map=shown,
        markers=markers,
        kinds=KINDS,
        cases_url=lambda element_id, overdue=False: _cases(definition_id, element_id, overdue),
        diagram_url=url_for("supervisor.heat_map_diagram", definition_id=definition_id, proces=shown.process_id),
    )


@blueprint.get("/procesy/<int:definition_id>/diagram.bpmn")
@roles_required(SUPERVISOR)
def heat_map_diagram(definition_id: int):
    xml = engine().overview.diagram(g.actor, definition_id, request.args.get("proces", ""))
    return Response(xml, mimetype="application/xml")


def _cases(definition_id: int, element_id: str, overdue: bool = False) -> str:
    extra = {"po_terminie": "1"} if overdue else {}
    return url_for("supervisor.bulk", wersja=definition_id, krok=element_id, **extra)


def _marker(definition_id: int, row, top: int) -> dict:
    """The row on the diagram: a colour by how many cases wait (red when some are late), links to them."""
    links = [{"href": _cases(definition_id, row.element_id), "label": _("Sprawy: %(n)s", n=row.waiting)}]
    if row.overdue:
        late = _("%(n)s po terminie", n=row.overdue)
        links.append({"href": _cases(definition_id, row.element_id, True), "label": late})
    heat = "listen" if row.kind == "message" else f"heat-{min(4, 1 + (3 * row.waiting) // top)}"
    return {"state": "late" if row.overdue else heat, "badge": "", "drills": links}
