"""The ``analyst`` blueprint, in a module of its own so that its views need not import their package."""

from __future__ import annotations

from flask import Blueprint

from engine.roles import ADMINISTRATOR, ANALYST

blueprint = Blueprint("analyst", __name__, url_prefix="/procesy")

#: Who works on the model: analysts, and administrators standing in for them.
MODEL_ROLES = (ANALYST, ADMINISTRATOR)
