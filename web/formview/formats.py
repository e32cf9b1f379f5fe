"""How answers shown to people write dates and amounts: "20 grudnia 2026", "1 200,50 zł".

``formview`` stays free of Flask: the default writes Polish with Babel; a page passes formats that
follow the request's locale (``web.templating`` does, with Flask-Babel).
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from babel.dates import format_date
from babel.numbers import format_decimal

AMOUNT_PATTERN = "#,##0.00"  # an amount always shows its grosze: "1 200,00 zł"


class Formats(Protocol):
    def date(self, value: date) -> str: ...

    def number(self, value: int | float, unit: str | None) -> str: ...


class BabelFormats:
    """Dates in the long form and numbers grouped, in one locale (Polish by default)."""

    def __init__(self, locale: str = "pl"):
        self.locale = locale

    def date(self, value: date) -> str:
        return format_date(value, "long", locale=self.locale)

    def number(self, value: int | float, unit: str | None) -> str:
        return number_text(value, unit, lambda v, pattern: format_decimal(v, pattern, locale=self.locale))


def number_text(value: int | float, unit: str | None, decimal) -> str:
    """``decimal(value, pattern)`` with the unit after it; with a unit the amount keeps two decimals."""
    if unit:
        return f"{decimal(value, AMOUNT_PATTERN)}\u00a0{unit}"
    return decimal(value, None)


def iso_date(value) -> date | None:
    """The date an ISO "RRRR-MM-DD" text names, or None."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


POLISH = BabelFormats("pl")
