"""Jinja filters shared by the pages."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

CASE_STATUS = {
    "running": _l("w toku"),
    "completed": _l("zakończona"),
    "error": _l("błąd — wymaga interwencji"),
    "suspended": _l("wstrzymana"),
    "terminated": _l("przerwana"),
}


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Europe/Warsaw")
    app.jinja_env.filters["case_status"] = lambda status: str(CASE_STATUS.get(status, status))
