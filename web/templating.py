"""Jinja filters shared by the pages."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from engine.dto import KIND_OF_PROCESS
from web.answer_formats import TEMPLATE_GLOBALS

CASE_STATUS = {
    "running": _l("w toku"),
    "completed": _l("zakończona"),
    "error": _l("błąd — wymaga interwencji"),
    "suspended": _l("wstrzymana"),
    "terminated": _l("przerwana"),
}

CASE_KIND = {"osoba": _l("Sprawa osoby"), "rodzina": _l("Sprawa rodziny"), "grupa": _l("Sprawa grupowa")}

# Labels for the fields of a multi-instance item (a household member, a plan item, an invited role).
ITEM_FIELDS = {
    "id": _l("Identyfikator"),
    "imie": _l("Imię"),
    "wiek": _l("Wiek"),
    "pokrewienstwo": _l("Pokrewieństwo"),
    "nazwa": _l("Nazwa"),
    "rola": _l("Rola"),
    "usluga": _l("Usługa"),
    "opis": _l("Opis"),
    "czlonek": _l("Członek rodziny"),
    "wlasciciel": _l("Instytucja odpowiedzialna"),
    "zrodlo": _l("Źródło"),
    "data_od": _l("Od"),
    "data_do": _l("Do"),
    "liczba_jednostek": _l("Liczba jednostek"),
    "koszt_szacunkowy": _l("Koszt szacunkowy (zł)"),
}


def item_fields(item: dict | None) -> list[tuple[str, str]]:
    """The item's plain values as (label, text), labelled fields first; nested values are left out."""
    if not isinstance(item, dict):
        return []
    plain = {key: value for key, value in item.items() if _is_plain(value)}
    known = [(str(ITEM_FIELDS[key]), str(plain[key])) for key in ITEM_FIELDS if key in plain]
    other = [(key.replace("_", " ").capitalize(), str(value)) for key, value in plain.items() if key not in ITEM_FIELDS]
    return known + other


def _is_plain(value) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool) and value != ""


def case_kind(case) -> str:
    """ "Sprawa grupowa" and the like, for a case summary; empty for a case that is for nobody (the PZK's)."""
    kind = getattr(case, "kind", None) or KIND_OF_PROCESS.get(getattr(case, "process_id", None))
    return str(CASE_KIND[kind]) if kind in CASE_KIND else ""


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Europe/Warsaw")
    app.jinja_env.filters["case_status"] = lambda status: str(CASE_STATUS.get(status, status))
    app.jinja_env.filters["item_fields"] = item_fields
    app.jinja_env.filters["case_kind"] = case_kind
    app.jinja_env.globals.update(TEMPLATE_GLOBALS)
