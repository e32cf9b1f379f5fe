"""Screens of the workers of partner institutions: task lists, the task page, cases."""

from __future__ import annotations

from web.worker import (  # noqa: F401  - the views register on the blueprint
    cases,
    corrections,
    documents,
    lists,
    meeting,
    meetings,
    questions,
    task,
)
from web.worker.blueprint import blueprint

__all__ = ["blueprint"]
