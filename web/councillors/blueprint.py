"""The ``councillors`` blueprint, in a module of its own so that its views need not import their package."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("councillors", __name__, url_prefix="/rada")
