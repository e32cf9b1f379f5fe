"""Polish names of the values the dashboards count (the model's codes never reach the page)."""

from __future__ import annotations

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
    "cel_osiagniety_wczesniej": _l("cele osiągnięte przed terminem"),
    "brak_wspolpracy": _l("brak współpracy rodziny"),
    "przeprowadzka": _l("rodzina wyprowadziła się z gminy"),
    "utrata_kontaktu": _l("utrata kontaktu z rodziną"),
    "inne": _l("inny powód"),
    "": _l("nie podano"),
}


def value_label(value: str) -> str:
    """The Polish name of a data value; an unknown code shown as words, not as a code."""
    known = VALUES.get(value)
    return str(known) if known is not None else value.replace("_", " ")
