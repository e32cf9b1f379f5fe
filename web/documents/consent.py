"""One adult's (or one group participant's) consent record as PDF."""

from __future__ import annotations

from typing import TYPE_CHECKING

from web.documents.page import CaseDocument, polish_date, polish_moment, recorded_text

if TYPE_CHECKING:
    from engine.dto.documents import ConsentDocument

TITLE = "Oświadczenie członka rodziny o zgodzie"
GROUP_TITLE = "Oświadczenie uczestnika grupy o zgodzie"
GROUP_SUBTITLE = (
    "Udział w projekcie socjalnym grupy i udostępnianie danych instytucjom Partnerskiego Zespołu Kooperacji"
)
SUBTITLE = "Praca Modelem Kooperacji i udostępnianie danych instytucjom Partnerskiego Zespołu Kooperacji"
ALL_INSTITUTIONS = "brak – zgoda obejmuje wszystkie instytucje zaproszone do sprawy"


def render_consent_pdf(doc: ConsentDocument) -> bytes:
    """The consent record of one adult as an A4 PDF (Polish, fonts embedded).

    Raises:
        MissingFont: DejaVu Sans is not installed (Debian package fonts-dejavu-core).
    """
    group = doc.kind == "grupa"
    title = GROUP_TITLE if group else TITLE
    pdf = CaseDocument(title, doc.business_key, doc.generated_at)
    pdf.title_block(title, GROUP_SUBTITLE if group else SUBTITLE)
    member = doc.member
    who = [
        ("Numer sprawy", doc.business_key),
        ("Grupa" if group else "Rodzina", doc.family),
        ("Gmina", doc.municipality or "—"),
        ("Uczestnik" if group else "Osoba składająca oświadczenie", member.name),
        ("Wiek", str(member.age) if member.age is not None else "—"),
    ]
    pdf.fields(
        who
        + ([("Oświadczenie składa", doc.declared_by or "—")] if group else [("Relacja w rodzinie", member.relation)])
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
        *([] if group else [("Oświadczenie także w imieniu małoletnich dzieci", minors)]),
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
    signer = f"{member.name} – osoba składająca oświadczenie"
    if group:
        by_representative = "przedstawiciel" in (doc.declared_by or "").lower()
        signer = (
            f"Przedstawiciel ustawowy – za uczestnika {member.name}"
            if by_representative
            else f"{member.name} – uczestnik"
        )
    pdf.signatures("Podpisy", [signer, "Pracownik socjalny przyjmujący oświadczenie"])
    return pdf.output_bytes()
