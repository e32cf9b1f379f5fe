"""The data-protection officer's documents: a person's subject-access report (art. 15 GDPR) as PDF and
JSON, and the register of processing (art. 30 GDPR) as PDF."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from typing import TYPE_CHECKING

from fpdf.enums import XPos, YPos

from web.documents.page import FAMILY, CaseDocument, polish_date, polish_moment

if TYPE_CHECKING:
    from engine.dto.protection import ProcessingRegister, SubjectAccess

SUBJECT_TITLE = "Informacja o przetwarzaniu danych osobowych"
SUBJECT_SUBTITLE = "Prawo dostępu osoby, której dane dotyczą (art. 15 RODO)"
REGISTER_TITLE = "Rejestr czynności przetwarzania"
REGISTER_SUBTITLE = "Art. 30 RODO – sporządzony z wdrożonej wersji Modelu Kooperacji"
STATUS = {"running": "w toku", "completed": "zakończona", "terminated": "przerwana", "suspended": "wstrzymana"}


def render_subject_access_pdf(doc: SubjectAccess) -> bytes:
    """The report as an A4 PDF in Polish.

    Raises:
        MissingFont: DejaVu Sans is not installed (Debian package fonts-dejavu-core).
    """
    pdf = CaseDocument(SUBJECT_TITLE, doc.case.business_key, doc.generated_at)
    pdf.title_block(SUBJECT_TITLE, SUBJECT_SUBTITLE)
    member = doc.member
    pdf.fields(
        [
            ("Osoba", member.name),
            ("Wiek", str(member.age) if member.age is not None else "—"),
            ("Numer sprawy", doc.case.business_key),
            ("Sprawa", doc.case.title),
            ("Stan sprawy", STATUS.get(doc.case.status, doc.case.status)),
            ("Sprawa założona", polish_date(doc.case.created_at.date())),
            ("Administrator danych", doc.controller or "ośrodek pomocy społecznej prowadzący sprawę"),
            ("Zgoda na udostępnianie", doc.consent),
            ("Okres przechowywania", doc.retention),
        ]
    )
    pdf.section("Dane zapisane w sprawie")
    if not doc.sections:
        pdf.paragraph("W sprawie nie zapisano danych tej osoby.")
    for section in doc.sections:
        pdf.section(f"{section.title}")
        pdf.paragraph("Cel: " + section.purpose, size=9)
        pdf.paragraph("Podstawa prawna: " + "; ".join(section.legal_basis), size=9)
        pdf.paragraph("Kto może otrzymać te dane (role w sprawie): " + ", ".join(section.recipients or ("—",)), size=9)
        for entry in section.entries:
            pdf.ln(1)
            who = ", ".join(part for part in (entry.completed_by, entry.institution) if part)
            heading = f"{entry.task} – {polish_moment(entry.completed_at)}" + (f" ({who})" if who else "")
            pdf.paragraph(heading, bold=True)
            pdf.grid(("Informacja", "Wartość"), [(item.label, item.value) for item in entry.items], (70, 110))
    if doc.withheld:
        pdf.paragraph(
            f"Pominięto {doc.withheld} opis(y), które dotyczą także innych członków rodziny (art. 15 ust. 4 RODO).",
            size=9,
        )
    pdf.section("Odbiorcy danych (kto odczytywał lub zapisywał dane)")
    if doc.recipients:
        rows = [
            (r.institution, polish_moment(r.first_at), polish_moment(r.last_at), str(r.reads), str(r.writes))
            for r in doc.recipients
        ]
        pdf.grid(("Instytucja", "Pierwszy dostęp", "Ostatni dostęp", "Odczyty", "Zapisy"), rows, (62, 38, 38, 20, 22))
    else:
        pdf.paragraph("Nikt nie odczytywał danych tej osoby.")
    pdf.section("Szczegółowy wykaz dostępu")
    rows = [
        (polish_moment(e.at), e.institution or "System", e.user or "—", e.label + (f": {e.task}" if e.task else ""))
        for e in doc.accesses
    ]
    pdf.grid(("Kiedy", "Instytucja", "Kto", "Czynność"), rows or [("—", "—", "—", "—")], (30, 45, 35, 70), size=7.5)
    pdf.section("Uwagi")
    for note in doc.notes:
        pdf.paragraph(f"• {note}", size=9)
    pdf.paragraph(f"Sporządził(a): {doc.generated_by}, {polish_moment(doc.generated_at)}", size=9)
    return pdf.output_bytes()


def subject_access_json(doc: SubjectAccess) -> str:
    """The report as JSON: the same content, keys in English, moments in ISO 8601."""
    return json.dumps(dataclasses.asdict(doc), ensure_ascii=False, indent=2, default=_iso)


def _iso(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


class _RegisterDocument(CaseDocument):
    def header(self) -> None:
        self._small()
        self.cell(0, 4, f"Kooperacja · {REGISTER_TITLE} · wersja {self.case_number}", new_x=XPos.LMARGIN)
        self.ln(7)
        self._normal()


def render_register_pdf(register: ProcessingRegister) -> bytes:
    """The register of processing as an A4 PDF in Polish, one block per processing step."""
    pdf = _RegisterDocument(REGISTER_TITLE, str(register.version_number), register.generated_at)
    pdf.title_block(REGISTER_TITLE, REGISTER_SUBTITLE)
    pdf.fields(
        [
            ("Wersja modelu", str(register.version_number)),
            ("Wdrożona", polish_moment(register.deployed_at)),
            ("Sporządzono", polish_moment(register.generated_at)),
            ("Role prowadzące sprawę (wgląd w całą teczkę)", ", ".join(register.lead_roles) or "—"),
            ("Okres przechowywania", register.retention),
        ]
    )
    process = None
    for entry in register.entries:
        if entry.process != process:
            process = entry.process
            pdf.section(f"Proces: {process}")
        if pdf.will_page_break(30):
            pdf.add_page()
        pdf.set_font(FAMILY, "B", 10)
        pdf.multi_cell(0, 5, f"{entry.task} – formularz „{entry.form}”", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.fields(
            [
                ("Cel (część teczki sprawy)", entry.purpose),
                ("Zbiera", entry.collected_by or "—"),
                ("Odbiorcy (role)", ", ".join(entry.recipients) or "—"),
                ("Podstawa prawna", "\n".join(entry.legal_basis)),
                ("Dane szczególnej kategorii", "tak" if entry.special_category else "nie"),
                ("Kategorie danych (pola formularza)", "; ".join(f.label for f in entry.fields) or "—"),
            ]
        )
        pdf.ln(2)
    return pdf.output_bytes()
