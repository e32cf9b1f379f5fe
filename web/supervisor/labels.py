"""Polish names of the values the dashboards count (the model's codes never reach the page)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

VALUES = {
    # wariant
    "wiejski": _l("wiejski"),
    "miejski": _l("miejski"),
    "miejsko-wiejski": _l("miejsko-wiejski"),
    # wynik_sprawy
    "w_toku": _l("w toku"),
    "nie_zakwalifikowano": _l("niezakwalifikowana"),
    "nie_przystapiono": _l("rodzina nie przystąpiła"),
    "odmowa_planu": _l("odmowa planu"),
    "zamknieta": _l("zamknięta"),
    "zakonczona_sukcesem": _l("zakończona sukcesem"),
    "zgoda_wycofana": _l("zgoda wycofana"),
    # powod_zamkniecia
    "niezakwalifikowana": _l("rodzina niezakwalifikowana"),
    "brak_zgody": _l("brak zgody rodziny"),
    "odmowa_rodziny": _l("rodzina odmówiła planu"),
    "brak_akceptacji_ipw": _l("brak akceptacji IPW"),
    "ipw_zrealizowany": _l("IPW zrealizowany"),
    "ipw_czesciowo_zrealizowany": _l("IPW zrealizowany częściowo"),
    "ipw_niezrealizowany": _l("IPW niezrealizowany"),
    "projekt_zrealizowany": _l("projekt socjalny zrealizowany"),
    "projekt_czesciowo_zrealizowany": _l("projekt socjalny zrealizowany częściowo"),
    "projekt_niezrealizowany": _l("projekt socjalny niezrealizowany"),
    "cel_osiagniety_wczesniej": _l("cele osiągnięte przed terminem"),
    "brak_wspolpracy": _l("brak współpracy rodziny"),
    "przeprowadzka": _l("rodzina wyprowadziła się z gminy"),
    "utrata_kontaktu": _l("utrata kontaktu z rodziną"),
    "inne": _l("inny powód"),
    "": _l("nie podano"),
    "tak": _l("tak"),
    # rodzaj sprawy (CASE_KINDS)
    "osoba": _l("osoba"),
    "rodzina": _l("rodzina"),
    "grupa": _l("grupa"),
    "nie": _l("nie"),
}


def value_label(value: str) -> str:
    """The Polish name of a data value; an unknown code shown as words, not as a code."""
    known = VALUES.get(value)
    return str(known) if known is not None else value.replace("_", " ")


@dataclass(frozen=True)
class Field:
    label: str
    value: object  # text, a list of values, or a list of fields (a nested object)


def labelled(data: dict, schema: dict | None) -> list[Field]:
    """Data as (field title, value) pairs by the form's JSON schema: titles for keys, choice titles for
    codes, "tak"/"nie" for booleans; nested objects as pairs again, lists as lists. Keys the form does not
    describe are shown as words."""
    properties = (schema or {}).get("properties", {})
    return [
        Field(properties.get(key, {}).get("title") or _words(key), _value(value, properties.get(key, {})))
        for key, value in data.items()
    ]


def _value(value, schema: dict):
    if isinstance(value, dict):
        return labelled(value, schema)
    if isinstance(value, list):
        return [_value(item, schema.get("items", {})) for item in value]
    if isinstance(value, bool):
        return str(VALUES["tak"] if value else VALUES["nie"])
    options = schema.get("oneOf", []) + schema.get("anyOf", [])
    choices = {option["const"]: option.get("title") for option in options if "const" in option}
    return choices.get(value) or ("—" if value is None or value == "" else str(value))


def _words(key: str) -> str:
    return key.replace("_", " ").capitalize()
