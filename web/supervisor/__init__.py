"""Supervision: cases in error, escalated tasks, background-job incidents; any case's history and the
supervisor's actions on it (suspend, resume, terminate, retry, reassign a task).

Every view needs the Superwizor or Administrator role; the engine checks it again on every action.
"""

from __future__ import annotations

from web.supervisor import actions, book, bulk, case_map, cases, dashboards, home, overview  # noqa: F401  - the views register on the blueprint
from web.supervisor.blueprint import blueprint

__all__ = ["blueprint"]
