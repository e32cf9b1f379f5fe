"""The social project (projekt socjalny) as PDF: aim, participants, actions and schedule, resources,
expected results, evaluation and signature places. Renders any ``SocialProject`` (family or group)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from web.documents.page import CaseDocument, amount, period, polish_moment

if TYPE_CHECKING:
    from engine.dto.social_documents import ProjectAction, SocialProject

TITLE = "Projekt socjalny"
ACTION_HEADINGS = ("Lp.", "Działanie", "Uczestnicy", "Odpowiada / realizuje", "Termin", "Zasoby", "Koszt (zł)")
ACTION_WIDTHS = (8, 38, 20, 40, 24, 32, 18)


def render_project_pdf(doc: SocialProject) -> bytes:
    """The project as an A4 PDF (Polish, fonts embedded).

    Raises:
        MissingFont: DejaVu Sans is not installed (Debian package fonts-dejavu-core).
    """
    pdf = CaseDocument(TITLE, doc.reference, doc.generated_at)
    pdf.title_block(doc.title)
    pdf.fields(
        [
            ("Numer sprawy", doc.reference),
            ("Realizator projektu", doc.organiser or "—"),
            ("Zespół", doc.team or "—"),
            ("Wariant modelu", doc.variant or "—"),
            ("Okres realizacji", period(doc.period_from, doc.period_to)),
            ("Wygenerowano", f"{polish_moment(doc.generated_at)}, {doc.generated_by}"),
        ]
    )
    pdf.section("Cel główny")
    pdf.paragraph(doc.aim)
    _bullets(pdf, "Cele szczegółowe", doc.objectives)
    pdf.section("Uczestnicy")
    pdf.grid(
        ("Lp.", "Uczestnik", "Opis"),
        [(f"{n}.", p.name, p.description) for n, p in _numbered(doc.participants)],
        (10, 60, 110),
    )
    pdf.section("Działania i harmonogram")
    rows = [_action_row(n, action) for n, action in _numbered(doc.actions)]
    pdf.grid(ACTION_HEADINGS, rows or [("—",) * len(ACTION_HEADINGS)], ACTION_WIDTHS, size=7.5)
    costs = [a.cost for a in doc.actions if a.cost]
    if costs:
        pdf.ln(1)
        pdf.paragraph(f"Szacunkowy koszt działań: {amount(sum(costs))} zł", size=9)
    pdf.section("Zasoby")
    pdf.fields(list(doc.resources) or [("Zasoby", "—")])
    _bullets(pdf, "Spodziewane rezultaty", doc.expected_results)
    _bullets(pdf, "Sposób ewaluacji", doc.evaluation)
    pdf.signatures("Podpisy", list(doc.signatories))
    return pdf.output_bytes()


def _numbered(rows):
    return enumerate(rows, start=1)


def _bullets(pdf: CaseDocument, heading: str, lines) -> None:
    pdf.section(heading)
    for line in lines or ("—",):
        pdf.paragraph(f"• {line}")


def _action_row(number: int, action: ProjectAction) -> tuple[str, ...]:
    name = f"{action.name}\n{action.description}" if action.description else action.name
    if action.status:
        name += f"\n({action.status})"
    cost = amount(action.cost) if action.cost is not None else "—"
    dates = period(action.date_from, action.date_to)
    return (f"{number}.", name, action.participants, action.responsible, dates, action.resources, cost)
