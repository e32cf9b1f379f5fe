"""The supervisor's case filters: read from the query string into ``CaseFilter``, and the choices the
filter form offers (processes, partnerships, institutions, variants) in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import g
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engine.dto.pages import CaseFilter
from web.services import engine
from web.supervisor.labels import value_label
from web.templating import CASE_STATUS

#: query parameter -> what it filters (Polish names: they show in the address bar)
PARAMETERS = (
    *("status", "szukaj", "proces", "etap", "krok", "krok_nazwa", "instytucja"),
    *("po_terminie", "wariant", "partnerstwo", "od", "do", "kolejnosc"),
)
ORDERS = {
    "najnowsze": _l("najnowsze"),
    "najstarsze": _l("najstarsze"),
    "zmiana": _l("ostatnio zmienione"),
    "numer": _l("według numeru"),
}


@dataclass(frozen=True)
class Filters:
    """What the list is filtered by, the problems of what was typed (field id -> message), the values as given."""

    status: str
    search: str
    sort: str
    cases: CaseFilter
    errors: dict[str, str]
    given: dict[str, str]

    @property
    def active(self) -> bool:
        return any(value for key, value in self.given.items() if key != "kolejnosc")


def read(args) -> Filters:
    given = {key: args.get(key, "").strip() for key in PARAMETERS}
    errors: dict[str, str] = {}
    days = {key: _day(given[key], key, errors) for key in ("od", "do")}
    cases = CaseFilter(
        process_id=given["proces"],
        stage=given["etap"],
        element=given["krok"],
        institution_id=_number(given["instytucja"]),
        overdue=given["po_terminie"] == "1",
        variant=given["wariant"],
        partnership_id=_number(given["partnerstwo"]),
        created_from=_start_of(days["od"]),
        created_to=_start_of(days["do"] + timedelta(days=1)) if days["do"] else None,  # the last day counts
    )
    status = given["status"] if given["status"] in CASE_STATUS else ""
    sort = given["kolejnosc"] if given["kolejnosc"] in ORDERS else ""
    return Filters(status, given["szukaj"][:200], sort, cases, errors, given)


def choices() -> dict:
    """What the filter form offers, each as (value, words)."""
    versions = engine().repository.versions()
    processes = {p.process_id: p.name for v in reversed(versions) for p in v.processes}
    return {
        "processes": sorted(processes.items(), key=lambda item: item[1]),
        "partnerships": [(str(p.id), p.name) for p in engine().directory.partnerships()],
        "institutions": [(str(i.id), i.name) for i in engine().directory.institutions()],
        "variants": [(v, value_label(v)) for v in engine().runtime.case_variants(g.actor)],
        "statuses": list(CASE_STATUS.items()),
        "orders": [(value, str(words)) for value, words in ORDERS.items()],
    }


def _day(text: str, key: str, errors: dict) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[f"f-{key}"] = _("Podaj datę w postaci RRRR-MM-DD.")
        return None


def _start_of(day: date | None) -> datetime | None:
    return datetime.combine(day, time(), tzinfo=get_timezone()) if day else None  # midnight where the user is


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else None
