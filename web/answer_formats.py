"""Answers shown to people in the page's language: dates and amounts written by Flask-Babel."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date, format_decimal, gettext

from web import formview
from web.formview.formats import number_text


class PageFormats:
    """``formview.formats.Formats`` for the current request's locale ("20 grudnia 2026", "1 200,50 zł")."""

    def date(self, value: date) -> str:
        return format_date(value, "long")

    def number(self, value: int | float, unit: str | None) -> str:
        return number_text(value, unit, lambda v, pattern: format_decimal(v, pattern))


FORMATS = PageFormats()

#: ``answer_of`` / ``answers_of`` for templates: titles, yes/no translated, dates and numbers localised.
TEMPLATE_GLOBALS = {
    "answer_of": lambda field: formview.display_item(field, gettext, FORMATS),
    "answers_of": lambda view: formview.values_for_display(view, gettext, FORMATS),
}
