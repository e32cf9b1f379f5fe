"""The engine this application talks to (set up by ``create_app``)."""

from __future__ import annotations

from flask import current_app

from engine import Engine


def engine() -> Engine:
    return current_app.extensions["kooperacja.engine"]
