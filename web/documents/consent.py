"""One adult's consent record as PDF."""

from __future__ import annotations

from typing import TYPE_CHECKING

from web.documents.page import CaseDocument, polish_date, polish_moment, recorded_text

if TYPE_CHECKING:
    from engine.dto.documents import ConsentDocument

TITLE = "Oświadczenie członka rodziny o zgodzie"
SUBTITLE = "Praca Modelem Kooperacji i udostępnianie danych instytucjom Partnerskiego Zespołu Kooperacji"
ALL_INSTITUTIONS = "brak – zgoda obejmuje wszystkie instytucje zaproszone do sprawy"


def render_consent_pdf(doc: ConsentDocument) -> bytes:
    """The consent record of one adult as an A4 PDF (Polish, fonts embedded).

    Raises:
        MissingFont: DejaVu Sans is not installed (Debian package fonts-dejavu-core).
    """
    pdf = CaseDocument(TITLE, doc.business_key, doc.generated_at)
    pdf.title_block(TITLE, SUBTITLE)
    member = doc.member
    pdf.fields(
        [
            ("Numer sprawy", doc.business_key),
            ("Rodzina", doc.family),
            ("Gmina", doc.municipality or "—"),
            ("Osoba składająca oświadczenie", member.name),
            ("Wiek", str(member.age) if member.age is not None else "—"),
            ("Relacja w rodzinie", member.relation),
        ]
    )
    pdf.section("Treść oświadczenia")
    pdf.paragraph(doc.purpose)
    pdf.ln(2)
    pdf.paragraph("Osoba WYRAŻA ZGODĘ." if doc.given else "Osoba NIE WYRAŻA ZGODY.", bold=True, size=11)
    pdf.ln(2)
    minors = "tak" + (f" ({', '.join(doc.minors)})" if doc.minors else "") if doc.on_behalf_of_minors else "nie"
    rows = [
        ("Data oświadczenia", polish_date(doc.declared_on)),
        ("Klauzula informacyjna (RODO) przekazana", "tak" if doc.information_clause else "nie"),
        ("Oświadczenie także w imieniu małoletnich dzieci", minors),
        ("Instytucje, którym osoba nie udostępnia danych", "\n".join(doc.excluded_institutions) or ALL_INSTITUTIONS),
    ]
    if doc.remarks:
        rows.append(("Uwagi", doc.remarks))
    pdf.fields(rows)
    if doc.withdrawn_on is not None:
        pdf.section("Wycofanie zgody")
        pdf.fields(
            [("Data wycofania", polish_date(doc.withdrawn_on)), ("Powód", doc.withdrawal_reason or "nie podano")]
        )
    pdf.section("Podstawa prawna")
    for line in doc.legal_basis:
        pdf.paragraph(f"• {line}", size=9)
    pdf.section("Zapis w systemie Kooperacja")
    pdf.fields(
        [
            ("Oświadczenie zapisał(a)", recorded_text(doc.recorded)),
            ("Wygenerowano", f"{polish_moment(doc.generated_at)}, {doc.generated_by}"),
        ]
    )
    pdf.signatures(
        "Podpisy", [f"{member.name} – osoba składająca oświadczenie", "Pracownik socjalny przyjmujący oświadczenie"]
    )
    return pdf.output_bytes()
