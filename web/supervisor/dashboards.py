"""Dashboards: each figure as a server-drawn SVG chart with its data table beside it and a CSV export;
filtered by partnership, variant and period."""

from __future__ import annotations

from datetime import date

from flask import abort, g, render_template, request
from flask_babel import format_date, format_decimal, format_percent
from flask_babel import gettext as _

from engine.dto.dashboards import DashboardFilter
from engine.roles import SUPERVISOR
from web.access import roles_required
from web.services import engine
from web.supervisor import charts
from web.supervisor.blueprint import blueprint
from web.supervisor.csv_export import csv_download
from web.supervisor.labels import value_label
from web.supervisor.report_filters import shared_filter


@blueprint.get("/wskazniki")
@roles_required(SUPERVISOR)
def dashboards():
    where, errors = _filter()
    figures = engine().dashboards.figures(g.actor, where)
    tables = _tables(figures)
    return render_template(
        "supervisor/dashboards.html",
        tables=tables,
        charts=_charts(figures),
        diagnoses=figures.diagnoses,
        share=format_percent(figures.diagnoses.share) if figures.diagnoses.share is not None else None,
        partnerships=engine().directory.partnerships(),
        variants=[(v, value_label(v)) for v in figures.variants],
        args=request.args,
        errors=errors,
    )


@blueprint.get("/wskazniki/<name>.csv")
@roles_required(SUPERVISOR)
def dashboard_csv(name: str):
    where, _errors = _filter()
    tables = _tables(engine().dashboards.figures(g.actor, where))
    if name not in tables:
        abort(404)
    _title, header, rows = tables[name]
    return csv_download(header, rows, f"wskazniki-{name}.csv")


def _filter() -> tuple[DashboardFilter, dict]:
    fields, errors = shared_filter()
    return DashboardFilter(**fields), errors


def _month(month: str) -> str:
    """ "2026-12" as "grudzień 2026"."""
    return format_date(date.fromisoformat(month + "-01"), "LLLL y")


def _days(value: float) -> str:
    return format_decimal(value, format="#,##0.0")


def _tables(figures) -> dict[str, tuple[str, list[str], list[list]]]:
    """name -> (title, header, rows): what the page shows beside each chart and what the CSV holds."""
    return {
        "czas-krokow": (
            _("Czas wykonania kroków (dni od otwarcia zadania do wykonania)"),
            [_("Krok"), _("Wykonano"), _("Mediana (dni)"), _("90. percentyl (dni)")],
            [[r.step, r.done, _days(r.median_days), _days(r.p90_days)] for r in figures.lead_times],
        ),
        "sprawy-miesiecznie": (
            _("Sprawy otwarte i zamknięte w miesiącach"),
            [_("Miesiąc"), _("Otwarte"), _("Zamknięte")],
            [[_month(m.month), m.opened, m.closed] for m in figures.months],
        ),
        "wyniki": (
            _("Wyniki zamkniętych spraw"),
            [_("Wynik sprawy"), _("Sprawy")],
            [[value_label(c.label), c.count] for c in figures.outcomes],
        ),
        "powody-zamkniecia": (
            _("Powody zamknięcia spraw"),
            [_("Powód zamknięcia"), _("Sprawy")],
            [[value_label(c.label), c.count] for c in figures.close_reasons],
        ),
        "po-terminie": (
            _("Zadania po terminie według instytucji"),
            [_("Instytucja"), _("Zadania po terminie")],
            [[c.label, c.count] for c in figures.overdue_by_institution],
        ),
    }


def _charts(figures) -> dict[str, charts.Chart]:
    return {
        "czas-krokow": charts.grouped(
            [
                (r.step, [(r.median_days, _days(r.median_days)), (r.p90_days, _days(r.p90_days))])
                for r in figures.lead_times
            ]
        ),
        "sprawy-miesiecznie": charts.grouped(
            [(_month(m.month), [(m.opened, str(m.opened)), (m.closed, str(m.closed))]) for m in figures.months]
        ),
        "wyniki": charts.bars([(value_label(c.label), c.count, str(c.count)) for c in figures.outcomes]),
        "powody-zamkniecia": charts.bars(
            [(value_label(c.label), c.count, str(c.count)) for c in figures.close_reasons]
        ),
        "po-terminie": charts.bars([(c.label, c.count, str(c.count)) for c in figures.overdue_by_institution]),
    }
