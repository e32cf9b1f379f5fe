"""The Księga rekomendacji as PDF: the conditions it was drawn with, the headline figures and the same
tables the page shows, the recommendations last."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fpdf.enums import XPos

from web.documents.page import CaseDocument, polish_moment

if TYPE_CHECKING:
    from engine.dto.recommendations import RecommendationsReport

TITLE = "Księga rekomendacji"
SUBTITLE = "Wyniki pracy Modelem Kooperacji, czas pracy, usługi oraz wnioski i rekomendacje dla ROPS"
#: table name -> column widths (mm, 180 in all)
WIDTHS = {
    "partnerstwa": (38, 16, 18, 18, 17, 23, 23, 27),
    "wyniki": (130, 50),
    "powody-zamkniecia": (130, 50),
    "czas": (100, 20, 30, 30),
    "uslugi": (90, 30, 30, 30),
    "rekomendacje": (15, 24, 18, 53, 18, 15, 22, 15),
}
RECOMMENDATION_COLUMNS = (0, 1, 2, 3, 4, 5, 6, 8)  # all but the variant, which the first table gives


class _BookDocument(CaseDocument):
    def header(self) -> None:
        self._small()
        self.cell(0, 4, f"Kooperacja · {TITLE}", new_x=XPos.LMARGIN)
        self.ln(7)
        self._normal()


def render_book_pdf(report: RecommendationsReport, tables: dict, conditions: list[tuple[str, str]]) -> bytes:
    """The report as an A4 PDF (Polish, fonts embedded); ``tables`` are the page's (title, header, rows).

    Raises:
        MissingFont: DejaVu Sans is not installed (Debian package fonts-dejavu-core).
    """
    pdf = _BookDocument(TITLE, "", report.generated_at)
    pdf.set_title(TITLE)
    pdf.title_block(TITLE, SUBTITLE)
    pdf.fields([*conditions, ("Sporządzono", f"{polish_moment(report.generated_at)}, {report.generated_by}")])
    pdf.section("Najważniejsze liczby")
    pdf.paragraph(f"Sprawy objęte zestawieniem: {report.cases}; zamknięte w okresie: {report.closed}.")
    pdf.paragraph(
        f"IPW zrealizowane: {report.plan_done} z {report.evaluated} spraw osób i rodzin "
        "zakończonych oceną końcową IPW.",
        bold=True,
    )
    if report.projects_evaluated:
        pdf.paragraph(
            f"Projekty socjalne zrealizowane: {report.projects_done} z {report.projects_evaluated} spraw "
            "grupowych zakończonych oceną końcową projektu socjalnego.",
            bold=True,
        )
    for name, widths in WIDTHS.items():
        title, header, rows = tables[name]
        pdf.section(title)
        if name == "rekomendacje":
            header = [header[i] for i in RECOMMENDATION_COLUMNS]
            rows = [[row[i] for i in RECOMMENDATION_COLUMNS] for row in rows]
        if rows:
            pdf.grid(header, [[str(cell) for cell in row] for row in rows], widths, size=7.5)
        else:
            pdf.paragraph("Brak danych dla wybranych warunków.")
    return pdf.output_bytes()
