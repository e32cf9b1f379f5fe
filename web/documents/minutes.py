"""The minutes of a PZK meeting (protokół z posiedzenia) as PDF.

A case appears by its number and the family's initial only (a person's initials, a group case by its
kind), and only for readers who may see the case; a decision by its chosen options, never its free-text
justification.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fpdf.enums import XPos

from web.documents.page import CaseDocument, polish_moment, polish_moment_in_words

if TYPE_CHECKING:
    from engine.dto.meetings import MinutesDocument

TITLE = "Protokół z posiedzenia Partnerskiego Zespołu Kooperacji"
OUTCOME = {
    "done": "decyzja wykonana",
    "refused": "decyzji nie wykonano",
    "undecided": "bez decyzji – sprawa czeka na kolejne posiedzenie",
    "pending": "posiedzenie niezamknięte",
}
HIDDEN_CASE = "sprawa, w której instytucja czytająca nie uczestniczy"


class _MinutesDocument(CaseDocument):
    def header(self) -> None:
        self._small()
        self.cell(0, 4, f"Kooperacja · Protokół posiedzenia PZK · {self.case_number}", new_x=XPos.LMARGIN)
        self.ln(7)
        self._normal()


def render_minutes_pdf(doc: MinutesDocument) -> bytes:
    """The minutes as an A4 PDF in Polish.

    Raises:
        MissingFont: DejaVu Sans is not installed (Debian package fonts-dejavu-core).
    """
    when = polish_moment_in_words(doc.starts_at)
    pdf = _MinutesDocument(TITLE, when, doc.generated_at)
    pdf.title_block(TITLE, doc.partnership)
    quorum = doc.quorum
    rule = f"wymagane {quorum.required}" + (" (porozumienie)" if quorum.from_agreement else " (więcej niż połowa)")
    pdf.fields(
        [
            ("Data i godzina", when),
            ("Miejsce", doc.place),
            ("Kworum", f"obecnych {quorum.present} z {quorum.members} instytucji, {rule} – {_met(quorum.met)}"),
            ("Liczeni członkowie", _base(quorum)),
            ("Posiedzenie zamknięto", polish_moment(doc.closed_at) if doc.closed_at else "posiedzenie niezamknięte"),
        ]
    )
    pdf.section("Instytucje obecne")
    pdf.paragraph("\n".join(f"• {name}" for name in doc.present) or "Nie zapisano obecności.")
    if doc.absent:
        pdf.section("Instytucje nieobecne")
        pdf.paragraph("\n".join(f"• {name}" for name in doc.absent))
    pdf.section("Porządek obrad i podjęte decyzje")
    rows = [
        (
            str(item.position),
            f"{item.case.business_key}, {item.case.family}" if item.case.visible else HIDDEN_CASE,
            item.case.task_name,
            item.decision_summary or "—",
            OUTCOME.get(item.outcome, item.outcome),
        )
        for item in doc.items
    ]
    pdf.grid(("Lp.", "Sprawa", "Do decyzji", "Decyzja", "Wynik"), rows or [("—",) * 5], (10, 42, 45, 48, 35))
    pdf.paragraph(f"Sporządzono: {polish_moment(doc.generated_at)}, {doc.generated_by}", size=9)
    pdf.signatures("Podpisy", ["Prowadzący posiedzenie", "Protokolant"])
    return pdf.output_bytes()


def _met(met: bool) -> str:
    return "jest" if met else "brak"


def _base(quorum) -> str:
    if quorum.members_from_process:
        return f"członkowie PZK według porozumienia i deklaracji: {quorum.members}"
    return f"wszystkie instytucje partnerstwa w katalogu: {quorum.members}"
