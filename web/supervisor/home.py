"""The supervisor's start page: what needs attention now."""

from __future__ import annotations

from flask import g, render_template

from engine.dto.pages import ListRequest
from engine.roles import SUPERVISOR
from web.access import roles_required
from web.services import engine
from web.supervisor.blueprint import blueprint
from web.worker.listing import deadline_state


@blueprint.get("")
@roles_required(SUPERVISOR)
def index():
    now = engine().clock.now()
    counts = engine().runtime.case_counts(g.actor)
    escalated = engine().tasks.escalated(g.actor)
    return render_template(
        "supervisor/index.html",
        in_error=engine().runtime.cases_of(g.actor, ListRequest(status="error")),
        errors=counts.get("error", 0),
        suspended=counts.get("suspended", 0),
        running=counts.get("running", 0),
        escalated=[(task, deadline_state(task, now)) for task in escalated],
        incidents=engine().worker.incidents(g.actor),
    )
