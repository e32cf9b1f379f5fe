"""The councillors' figures page: one read of the engine, Polish names for the model's codes."""

from __future__ import annotations

from flask import g, render_template

from engine.roles import COUNCILLOR
from web.access import roles_required
from web.councillors.blueprint import blueprint
from web.services import engine
from web.supervisor.labels import value_label


@blueprint.get("")
@roles_required(COUNCILLOR)
def index():
    figures = engine().councillors.figures(g.actor)
    return render_template("councillors/index.html", figures=figures, value_label=value_label)
