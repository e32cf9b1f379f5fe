"""The social contract (kontrakt socjalny, art. 108 u.p.s.) as PDF: one section per contract, each with
its parties, goals, the obligations of both sides, its period and the signature places."""

from __future__ import annotations

from typing import TYPE_CHECKING

from web.documents.page import CaseDocument, period, polish_date, polish_moment, recorded_text

if TYPE_CHECKING:
    from engine.dto.social_documents import Contract, ContractDocument

TITLE = "Kontrakt socjalny"
SUBTITLE = "Pisemna umowa zawarta na podstawie art. 108 ustawy o pomocy społecznej"
OPS_PARTY = "ośrodek pomocy społecznej prowadzący sprawę"


def render_contract_pdf(doc: ContractDocument) -> bytes:
    """The case's social contracts as an A4 PDF (Polish, fonts embedded).

    Raises:
        MissingFont: DejaVu Sans is not installed (Debian package fonts-dejavu-core).
    """
    pdf = CaseDocument(TITLE, doc.business_key, doc.generated_at)
    pdf.title_block(TITLE, SUBTITLE)
    pdf.fields(
        [
            ("Numer sprawy", doc.business_key),
            ("Rodzina", doc.family),
            ("Gmina", doc.municipality or "—"),
            ("Kontrakt zapisał(a)", recorded_text(doc.social_worker)),
            ("Wygenerowano", f"{polish_moment(doc.generated_at)}, {doc.generated_by}"),
        ]
    )
    if not doc.contracts:
        pdf.paragraph("Brak kontraktów, które możesz zobaczyć w tej sprawie.")
    for number, contract in enumerate(doc.contracts, start=1):
        if number > 1:
            pdf.add_page()
        _contract(pdf, doc, contract, number)
    pdf.section("Podstawa prawna")
    for line in doc.legal_basis:
        pdf.paragraph(f"• {line}", size=9)
    return pdf.output_bytes()


def _contract(pdf: CaseDocument, doc: ContractDocument, contract: Contract, number: int) -> None:
    pdf.section(f"Kontrakt {number}: {contract.party}")
    worker = doc.social_worker.name if doc.social_worker else "pracownik socjalny"
    # relations carry their own brackets ("Osoba zgłoszona (wnioskodawca)"): a dash keeps them readable
    people = ", ".join(f"{m.name} – {m.relation.lower()}" for m in contract.people) or contract.party
    pdf.fields(
        [
            ("Strona: ośrodek pomocy społecznej", f"{doc.ops or OPS_PARTY}, reprezentowany przez: {worker}"),
            ("Strona: osoba / rodzina", people),
            ("Data zawarcia", polish_date(contract.concluded_on)),
            ("Okres obowiązywania", period(contract.valid_from, contract.valid_to)),
        ]
    )
    pdf.section("Cele kontraktu")
    for goal in contract.goals or ("zgodnie z Indywidualnym Programem Współpracy",):
        pdf.paragraph(f"• {goal}")
    pdf.section("Zobowiązania osoby")
    pdf.paragraph(contract.person_obligations or "—")
    pdf.section("Zobowiązania ośrodka pomocy społecznej")
    pdf.paragraph(contract.ops_obligations or "—")
    pdf.paragraph("Strony będą wspólnie oceniać realizację kontraktu; zmiany wymagają formy pisemnej (aneksu).", size=9)
    signers = [f"{m.name} – strona kontraktu" for m in contract.people] or [f"{contract.party} – strona kontraktu"]
    pdf.signatures("Podpisy stron", [*signers, f"{worker} – pracownik socjalny"])
