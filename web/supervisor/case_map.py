"""The case on its diagram: every element's state, the called processes to drill into, what the case
waits for; the same as an accessible list below the picture. For supervisors and the case's animator
(the engine checks that the animator works on this case); an element's data for supervisors only."""

from __future__ import annotations

from flask import Response, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engine.roles import ANIMATOR, SUPERVISOR
from web.access import holds, roles_required
from web.services import engine
from web.supervisor.blueprint import blueprint
from web.supervisor.cases import EVENTS
from web.supervisor.labels import labelled

STATE_LABELS = {
    "completed": _l("wykonany"),
    "active": _l("w toku"),
    "waiting": _l("czeka"),
    "error": _l("błąd"),
    "cancelled": _l("anulowany"),
}
KIND_LABELS = {
    "gateway": _l("Rozgałęzienie (bez nazwy)"),
    "event": _l("Zdarzenie (bez nazwy)"),
    "task": _l("Krok (bez nazwy)"),
    "subprocess": _l("Podproces (bez nazwy)"),
    "call": _l("Wywołany proces (bez nazwy)"),
}
TASK_STATUS = {"open": _l("otwarte"), "completed": _l("wykonane"), "cancelled": _l("anulowane")}


@blueprint.get("/sprawy/<case_id>/mapa")
@roles_required(SUPERVISOR, ANIMATOR)
def case_map(case_id: str):
    level = request.args.get("poziom", "")
    info = engine().runtime.case(g.actor, case_id)
    shown = engine().case_map.case_map(g.actor, case_id, level)
    elements = [(element, _name(element), _count(element)) for element in shown.level.elements]
    markers = {
        element.element_id: {
            "state": element.state,
            "badge": count,
            "drills": [
                {"href": url_for("supervisor.case_map", case_id=case_id, poziom=d.level), "label": d.label}
                for d in element.drills
            ],
        }
        for element, name, count in elements
    }
    return render_template(
        "supervisor/case_map.html",
        case=info,
        map=shown,
        elements=elements,
        markers=markers,
        states=STATE_LABELS,
        task_status=TASK_STATUS,
        events=EVENTS,
        may_read_data=holds(SUPERVISOR),
        diagram_url=url_for("supervisor.case_map_diagram", case_id=case_id, poziom=level),
    )


@blueprint.get("/sprawy/<case_id>/mapa/diagram.bpmn")
@roles_required(SUPERVISOR, ANIMATOR)
def case_map_diagram(case_id: str):
    xml = engine().case_map.diagram(g.actor, case_id, request.args.get("poziom", ""))
    return Response(xml, mimetype="application/xml")


@blueprint.get("/sprawy/<case_id>/mapa/dane")
@roles_required(SUPERVISOR)
def case_map_data(case_id: str):
    level, element_id = request.args.get("poziom", ""), request.args.get("element", "")
    info = engine().runtime.case(g.actor, case_id)
    data, schema = engine().case_map.element_data(g.actor, case_id, level, element_id)
    shown = engine().case_map.case_map(g.actor, case_id, level)
    element = next((e for e in shown.level.elements if e.element_id == element_id), None)
    return render_template(
        "supervisor/case_map_data.html",
        case=info,
        map=shown,
        name=_name(element) if element is not None else "",
        data=labelled(data, schema),
    )


def _name(element) -> str:
    return element.name or str(KIND_LABELS.get(element.kind, KIND_LABELS["task"]))


def _count(element) -> str:
    """ "3 z 5" for an activity that ran several times (loop or multi-instance); else nothing."""
    if not element.repeated and element.total < 2:
        return ""
    done = element.counts.get("completed", 0)
    return _("%(done)d z %(total)d", done=done, total=element.total)
