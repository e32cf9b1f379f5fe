"""The agreed plan (Indywidualny Program Współpracy) as PDF."""

from __future__ import annotations

from typing import TYPE_CHECKING

from web.documents.page import CaseDocument, amount, money, period, polish_date, polish_moment, recorded_text

if TYPE_CHECKING:
    from engine.dto.documents import Member, PlanDocument, PlanItem

TITLE = "Indywidualny Program Współpracy (IPW)"
PLAN_NOTE = "Plan pracy z rodziną z koszykiem usług – wersja uzgodniona z rodziną i zatwierdzona przez PZK"
CONTRACT_NOTE = "Plan stanowiący podstawę kontraktu socjalnego (art. 108 ustawy o pomocy społecznej)"
ITEM_HEADINGS = (
    "Nr",
    "Usługa",
    "Dla kogo",
    "Odpowiada / realizuje",
    "Źródło",
    "Okres",
    "Jedn.",
    "Koszt (zł)",
    "Status",
)
ITEM_WIDTHS = (8, 30, 16, 34, 22, 20, 10, 17, 23)


def render_plan_pdf(doc: PlanDocument) -> bytes:
    """The agreed IPW of a case as an A4 PDF (Polish, fonts embedded).

    Raises:
        MissingFont: DejaVu Sans is not installed (Debian package fonts-dejavu-core).
    """
    pdf = CaseDocument(TITLE, doc.business_key, doc.generated_at)
    pdf.title_block(TITLE, CONTRACT_NOTE if doc.social_contract else PLAN_NOTE)
    pdf.fields(
        [
            ("Numer sprawy", doc.business_key),
            ("Rodzina", doc.family),
            ("Gmina", doc.municipality or "—"),
            ("Wariant modelu", doc.variant or "—"),
            ("Zespół sprawy", doc.team or "—"),
            ("Wersja planu", str(doc.version)),
            ("Wygenerowano", f"{polish_moment(doc.generated_at)}, {doc.generated_by}"),
        ]
    )
    pdf.section("Członkowie rodziny")
    pdf.grid(
        ("Imię", "Wiek (lata)", "Relacja w rodzinie", "Zgoda na pracę Modelem"),
        [(m.name, str(m.age) if m.age is not None else "—", m.relation, _consent(m)) for m in doc.members],
        (40, 18, 62, 60),
    )
    pdf.section("Cele planu")
    pdf.grid(
        ("Lp.", "Członek rodziny", "Cel", "Miernik osiągnięcia"),
        [(f"{n}.", g.member, g.goal, g.measure or "—") for n, g in enumerate(doc.goals, start=1)],
        (10, 32, 78, 60),
    )
    pdf.section("Koszyk usług")
    pdf.grid(ITEM_HEADINGS, [_item_row(item) for item in doc.items], ITEM_WIDTHS, size=7.5)
    purchases = [item.estimated_cost for item in doc.items if item.estimated_cost and item.status != "anulowana"]
    if purchases:
        pdf.ln(1)
        pdf.paragraph(f"Szacunkowy koszt zakupów z koszyka usług: {money(sum(purchases))}", size=9)
    _agreement(pdf, doc)
    pdf.signatures("Podpisy", [*_family_signatures(doc.members), *_team_signatures(doc)])
    return pdf.output_bytes()


def _consent(member: Member) -> str:
    if not member.adult:
        return "osoba małoletnia – w oświadczeniu rodzica"
    if member.withdrawn_on is not None:
        return f"wycofana {polish_date(member.withdrawn_on)}"
    return {True: "wyrażona", False: "brak zgody – poza planem", None: "nie zapisano"}[member.consent]


def _item_row(item: PlanItem) -> tuple[str, ...]:
    service = f"{item.service}\n{item.description}" if item.description else item.service
    who = [item.owner, *item.owner_institutions, *([f"realizator: {item.provider}"] if item.provider else [])]
    units = str(item.units) if item.units is not None else "—"
    cost = amount(item.estimated_cost) if item.estimated_cost is not None else "—"
    dates = period(item.date_from, item.date_to)
    return (item.number, service, item.member, "\n".join(who), item.source, dates, units, cost, item.status)


def _agreement(pdf: CaseDocument, doc: PlanDocument) -> None:
    pdf.section("Uzgodnienie planu")
    acceptance = polish_date(doc.family_accepted_on)
    if doc.signed_by:
        acceptance += f"; plan podpisali: {doc.signed_by}"
    approval = polish_date(doc.approved_on)
    if doc.purchase_budget is not None:
        approval += f"; zatwierdzony budżet zakupów: {money(doc.purchase_budget)}"
    rows = [
        ("Akceptacja rodziny", acceptance),
        ("Zapisał(a)", recorded_text(doc.acceptance_recorded)),
        ("Zatwierdzenie przez Partnerski Zespół Kooperacji", approval),
        ("Zapisał(a)", recorded_text(doc.approval_recorded)),
    ]
    if doc.approval_remarks:
        rows.append(("Uwagi PZK", doc.approval_remarks))
    pdf.fields(rows)


def _family_signatures(members: tuple[Member, ...]) -> list[str]:
    """The adults taking part: consent given and not withdrawn."""
    return [f"{m.name} ({m.relation.lower()})" for m in members if m.adult and m.consent and m.withdrawn_on is None]


def _team_signatures(doc: PlanDocument) -> list[str]:
    team = f"Za zespół sprawy – {doc.team}" if doc.team else "Za zespół sprawy"
    return ["Pracownik socjalny prowadzący sprawę", team]
