"""The engine this application talks to (set up by ``create_app``)."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from engine import Engine
from engine.practice import PracticeRuns


def engine() -> Engine:
    return current_app.extensions["kooperacja.engine"]


def practice() -> PracticeRuns:
    """The analysts' practice runs of this application's engine (``PRACTICE_DIR`` sets where they live)."""
    runs = current_app.extensions.get("kooperacja.practice")
    if runs is None:
        root = current_app.config.get("PRACTICE_DIR")
        runs = PracticeRuns(engine(), Path(root) if root else None)
        current_app.extensions["kooperacja.practice"] = runs
    return runs
