"""The supervisor's start page: what needs attention now."""

from __future__ import annotations

from flask import g, render_template

from engine.roles import SUPERVISOR
from web.access import roles_required
from web.services import engine
from web.supervisor.blueprint import blueprint
from web.worker.listing import deadline_state


@blueprint.get("")
@roles_required(SUPERVISOR)
def index():
    now = engine().clock.now()
    cases = engine().runtime.cases_of(g.actor)
    escalated = engine().tasks.escalated(g.actor)
    return render_template(
        "supervisor/index.html",
        in_error=[case for case in cases if case.status == "error"],
        suspended=sum(case.status == "suspended" for case in cases),
        running=sum(case.status == "running" for case in cases),
        escalated=[(task, deadline_state(task, now)) for task in escalated],
        incidents=engine().worker.incidents(g.actor),
    )
