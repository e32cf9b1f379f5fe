"""Księga rekomendacji: for supervisors (their partnerships) and the ROPS (the region): outcomes and
closing reasons per partnership and variant, lead times, the services most used and every
recommendation written at the end of a case; filterable, as a page, CSV and PDF."""

from __future__ import annotations

from io import BytesIO

from flask import abort, g, render_template, request, send_file
from flask_babel import format_date
from flask_babel import gettext as _

from engine.dto import CASE_KINDS
from engine.dto.recommendations import ReportFilter
from engine.roles import SUPERVISOR
from web.access import roles_required
from web.services import engine
from web.supervisor.blueprint import blueprint
from web.supervisor.book_tables import chart_set, tables
from web.supervisor.csv_export import csv_download
from web.supervisor.labels import value_label
from web.supervisor.report_filters import shared_filter


@blueprint.get("/ksiega-rekomendacji")
@roles_required(SUPERVISOR)
def book():
    where, errors = _filter()
    report = engine().recommendations.report(g.actor, where)
    return render_template(
        "supervisor/book.html",
        report=report,
        tables=tables(report),
        charts=chart_set(report),
        partnerships=engine().directory.partnerships(),
        variants=[(v, value_label(v)) for v in report.variants],
        case_kinds=[(kind, value_label(kind)) for kind in report.case_types],
        args=request.args,
        errors=errors,
    )


@blueprint.get("/ksiega-rekomendacji/<name>.csv")
@roles_required(SUPERVISOR)
def book_csv(name: str):
    where, _errors = _filter()
    shown = tables(engine().recommendations.report(g.actor, where))
    if name not in shown:
        abort(404)
    _title, header, rows = shown[name]
    return csv_download(header, rows, f"ksiega-rekomendacji-{name}.csv")


@blueprint.get("/ksiega-rekomendacji.pdf")
@roles_required(SUPERVISOR)
def book_pdf():
    from web.documents import render_book_pdf

    where, _errors = _filter()
    report = engine().recommendations.report(g.actor, where)
    content = render_book_pdf(report, tables(report), _conditions(where, report))
    name = f"ksiega-rekomendacji-{report.generated_at:%Y-%m-%d}.pdf"
    return send_file(BytesIO(content), mimetype="application/pdf", as_attachment=True, download_name=name)


def _filter() -> tuple[ReportFilter, dict]:
    fields, errors = shared_filter()
    kind = request.args.get("typ")
    stage = request.args.get("etap") or None
    return ReportFilter(**fields, case_type=kind if kind in CASE_KINDS else None, stage=stage), errors


def _conditions(where: ReportFilter, report) -> list[tuple[str, str]]:
    """The filter in words, for the PDF's first page."""
    every = _("wszystkie")
    names = {p.id: p.name for p in engine().directory.partnerships()}
    since = format_date(where.since, "dd.MM.yyyy") if where.since else "…"
    until = format_date(where.until, "dd.MM.yyyy") if where.until else "…"
    return [
        (_("Partnerstwo"), names.get(where.partnership_id, every)),
        (_("Wariant modelu"), value_label(where.variant) if where.variant else every),
        (_("Rodzaj sprawy"), value_label(where.case_type) if where.case_type else every),
        (_("Etap"), where.stage or every),
        (_("Okres"), f"{since} – {until}" if where.since or where.until else _("cały czas działania")),
    ]
