"""The Księga rekomendacji as titled tables: what the page shows (beside its charts), what each CSV
holds and what the PDF prints. Codes of the model are put in words here."""

from __future__ import annotations

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from web.supervisor import charts
from web.supervisor.labels import value_label

KINDS = {
    "rekomendacja": _l("Rekomendacja zmian dla ROPS"),
    "wnioski": _l("Wnioski z pracy w sprawie"),
    "ocena_koncowa": _l("Rekomendacje dalszego wsparcia (ocena końcowa)"),
    "zamkniecie": _l("Dalsze wsparcie poza Modelem (zamknięcie sprawy)"),
}
SPANS = {
    "kwalifikacja": _l("Od zgłoszenia do decyzji o kwalifikacji (osoby i rodziny)"),
    "plan": _l("Od zgłoszenia do zatwierdzenia przez PZK planu (IPW) lub projektu socjalnego"),
    "zamkniecie": _l("Od zgłoszenia do zamknięcia sprawy"),
}
NAMES = ("partnerstwa", "wyniki", "powody-zamkniecia", "czas", "uslugi", "rekomendacje")


def kind_label(kind: str) -> str:
    known = KINDS.get(kind)
    return str(known) if known is not None else kind.replace("_", " ")


def _days(value: float | None) -> str:
    return format_decimal(value, format="#,##0.0") if value is not None else "—"


def _variant(value: str | None) -> str:
    return value_label(value) if value else _("nie podano")


def tables(report) -> dict[str, tuple[str, list[str], list[list]]]:
    """name -> (title, header, rows)."""
    return {
        "partnerstwa": (
            _("Wyniki według partnerstwa i wariantu"),
            [
                _("Partnerstwo"),
                _("Wariant"),
                _("Zgłoszone"),
                _("Zamknięte"),
                _("Z oceną końcową IPW"),
                _("IPW zrealizowane"),
                _("IPW zrealizowane częściowo"),
                _("IPW niezrealizowane"),
            ],
            [
                [r.partnership, _variant(r.variant), r.nominated, r.closed, r.evaluated, r.plan_done]
                + [r.plan_partly, r.plan_not_done]
                for r in report.by_partnership
            ],
        ),
        "wyniki": (
            _("Wyniki zamkniętych spraw"),
            [_("Wynik sprawy"), _("Sprawy")],
            [[value_label(c.label), c.count] for c in report.outcomes],
        ),
        "powody-zamkniecia": (
            _("Powody zamknięcia spraw"),
            [_("Powód zamknięcia"), _("Sprawy")],
            [[value_label(c.label), c.count] for c in report.close_reasons],
        ),
        "czas": (
            _("Czas pracy w sprawach (dni między datami wpisanymi w formularzach)"),
            [_("Odcinek"), _("Sprawy"), _("Mediana (dni)"), _("90. percentyl (dni)")],
            [[str(SPANS[t.span]), t.cases, _days(t.median_days), _days(t.p90_days)] for t in report.lead_times],
        ),
        "uslugi": (
            _("Usługi najczęściej planowane (zatwierdzone plany IPW i projekty socjalne)"),
            [_("Usługa"), _("Pozycje planów"), _("Sprawy"), _("Zrealizowane pozycje")],
            [[s.service, s.items, s.cases, s.delivered] for s in report.services],
        ),
        "rekomendacje": (
            _("Wnioski i rekomendacje"),
            [
                _("Data"),
                _("Rodzaj"),
                _("Obszar"),
                _("Treść"),
                _("Rodzaj sprawy"),
                _("Etap"),
                _("Partnerstwo"),
                _("Wariant"),
                _("Wynik sprawy"),
            ],
            [
                [format_date(r.written_on, "dd.MM.yyyy"), kind_label(r.kind), r.area or "—", r.text, _kind(r.case_type)]
                + [r.stage or "—", r.partnership, _variant(r.variant), value_label(r.outcome or "")]
                for r in report.recommendations
            ],
        ),
    }


def chart_set(report) -> dict[str, charts.Chart]:
    return {
        "wyniki": charts.bars([(value_label(c.label), c.count, str(c.count)) for c in report.outcomes]),
        "powody-zamkniecia": charts.bars([(value_label(c.label), c.count, str(c.count)) for c in report.close_reasons]),
        "czas": charts.grouped(
            [
                (str(SPANS[t.span]), [(t.median_days or 0, _days(t.median_days)), (t.p90_days or 0, _days(t.p90_days))])
                for t in report.lead_times
                if t.cases
            ]
        ),
        "uslugi": charts.bars([(s.service, s.items, str(s.items)) for s in report.services[:10]]),
    }


def _kind(kind: str | None) -> str:
    return value_label(kind) if kind else "—"
