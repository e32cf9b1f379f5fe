"""Screens of the workers of partner institutions: task lists, the task page, cases."""

from __future__ import annotations

from web.worker import cases, corrections, documents, lists, questions, task  # noqa: F401  - the views register on the blueprint
from web.worker.blueprint import blueprint

__all__ = ["blueprint"]
