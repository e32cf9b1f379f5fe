"""Screens of the workers of partner institutions: task lists, the task page, cases."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("worker", __name__)

from web.worker import cases, documents, lists, task  # noqa: E402,F401  - the views register on the blueprint
