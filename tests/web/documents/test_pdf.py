"""The PDF documents as a reader gets them: text extracted with pypdf (Polish letters intact), page
numbers, the special-category warning on every page, metadata, embedded fonts.

The documents are built as the engine hands them out (plain dataclasses), here by hand: what the engine
puts in them is tested in tests/engine/test_documents.py.
"""

from __future__ import annotations

import dataclasses
import functools
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader

from engine.dto.documents import ConsentDocument, Goal, Member, PlanDocument, PlanItem, Recorded
from web.documents import MissingFont, render_consent_pdf, render_plan_pdf
from web.documents.page import font_files

GENERATED = datetime(2025, 3, 27, 9, 30, tzinfo=UTC)  # 10:30 in Warsaw
K_MAZUR = Recorded("K Mazur", "GOPS Brzozowa Wola", datetime(2025, 3, 26, 12, 0, tzinfo=UTC))
MEMBERS = (
    Member("marek", "Marek", 46, "Osoba zgłoszona (wnioskodawca)", True, True),
    Member("anna", "Anna", 43, "Małżonek / partner", True, True),
    Member("kacper", "Kacper", 11, "Dziecko", False, None),
    Member("zuzia", "Zuzia", 7, "Dziecko", False, None),
    Member("janina", "Janina", 76, "Rodzic / teść", True, False),
)
GOALS = (
    Goal("Kacper", "Postęp w mowie i sprawności", "ocena logopedy i rehabilitanta"),
    Goal("Janina", "Stabilna opieka w domu", None),
)
LOGOPEDA = PlanItem(
    number="P1",
    service="Terapia logopedyczna",
    description=None,
    member="Kacper",
    owner="PPP – Poradnia Psychologiczno-Pedagogiczna",
    owner_institutions=("PPP w Brzozowej Woli",),
    source="Zakup z koszyka usług (zamówienie)",
    provider="Gabinet logopedyczny „Słowo”",
    date_from=date(2025, 4, 1),
    date_to=date(2025, 12, 31),
    units=40,
    estimated_cost=4000,
    status="zamówiona",
)
PSYCHOLOG = dataclasses.replace(
    LOGOPEDA,
    number="P9",
    service="Wsparcie psychologiczne (psycholog)",
    member="Anna",
    owner="OPS – pracownik socjalny (oferta własna OPS)",
    owner_institutions=("GOPS Brzozowa Wola",),
    provider=None,
    units=5,
    estimated_cost=750,
    status="zaplanowana",
)
OPIEKA = dataclasses.replace(
    PSYCHOLOG,
    number="P7",
    service="Usługi opiekuńcze",
    member="Janina",
    source="Oferta własna instytucji (zadania ustawowe)",
    estimated_cost=None,
    status="anulowana",
)
PLAN = PlanDocument(
    case_id="c0ffee",
    business_key="K/2025/C0FFEE01",
    family="Nowakowscy",
    municipality="Brzozowa Wola",
    variant="Gmina wiejska (model „Liderzy kooperacji”, Zespół Diagnostyczny)",
    team="Zespół Diagnostyczny",
    social_contract=False,
    version=2,
    members=MEMBERS,
    goals=GOALS,
    items=(LOGOPEDA, OPIEKA, PSYCHOLOG),
    family_accepted_on=date(2025, 3, 26),
    signed_by="Anna i Marek Nowakowscy",
    acceptance_recorded=K_MAZUR,
    approved_on=date(2025, 3, 27),
    approval_remarks=None,
    purchase_budget=13350,
    approval_recorded=Recorded("R Wójcik", "GOPS Brzozowa Wola", GENERATED),
    generated_at=GENERATED,
    generated_by="D Kwiatkowska (PCPR w Brzozowej Woli)",
)
CONSENT = ConsentDocument(
    case_id="c0ffee",
    business_key="K/2025/C0FFEE01",
    family="Nowakowscy",
    municipality="Brzozowa Wola",
    member=MEMBERS[1],
    given=True,
    declared_on=date(2025, 2, 10),
    information_clause=True,
    on_behalf_of_minors=True,
    minors=("Kacper", "Zuzia"),
    excluded_institutions=("Policja (dzielnicowy)",),
    remarks="Bez kontaktu z dzielnicowym.",
    withdrawn_on=None,
    withdrawal_reason=None,
    recorded=K_MAZUR,
    purpose="Zgoda na pracę Modelem Kooperacji oraz udostępnianie danych instytucjom PZK zaproszonym do sprawy.",
    legal_basis=("art. 9 ust. 2 lit. a RODO – wyraźna zgoda", "art. 100 ustawy o pomocy społecznej – poufność"),
    generated_at=GENERATED,
    generated_by="K Mazur (GOPS Brzozowa Wola)",
)
WARNING = "Dokument zawiera dane osobowe szczególnej kategorii"


@functools.cache
def plan_text() -> str:
    """The whole text of ``PLAN`` rendered (once: a render takes a good part of a second)."""
    return " ".join(pages(render_plan_pdf(PLAN)))


def pages(content: bytes) -> list[str]:
    """The text of each page, whitespace collapsed (a table cell may wrap anywhere)."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(content)).pages]


# ------------------------------------------------------------------ the plan


def test_the_plan_reads_as_the_agreed_ipw_of_the_family():
    text = plan_text()

    assert "Indywidualny Program Współpracy (IPW)" in text
    assert "K/2025/C0FFEE01" in text and "Nowakowscy" in text and "Zespół Diagnostyczny" in text
    for name in ("Marek", "Anna", "Kacper", "Zuzia", "Janina"):
        assert name in text
    assert "Postęp w mowie i sprawności" in text and "ocena logopedy i rehabilitanta" in text
    for service in ("Terapia logopedyczna", "Wsparcie psychologiczne (psycholog)", "Usługi opiekuńcze"):
        assert service in text
    assert "PPP w Brzozowej Woli" in text and "realizator: Gabinet logopedyczny „Słowo”" in text
    assert "01.04.2025 – 31.12.2025" in text and "4 000,00" in text and "zamówiona" in text


def test_the_plan_records_who_agreed_and_when():
    text = plan_text()

    assert "Akceptacja rodziny 26.03.2025; plan podpisali: Anna i Marek Nowakowscy" in text
    assert "K Mazur (GOPS Brzozowa Wola), 26.03.2025, 13:00" in text  # Polish time
    assert "27.03.2025; zatwierdzony budżet zakupów: 13 350,00 zł" in text
    assert "R Wójcik" in text
    assert "Wygenerowano 27.03.2025, 10:30, D Kwiatkowska (PCPR w Brzozowej Woli)" in text
    assert "Szacunkowy koszt zakupów z koszyka usług: 4 750,00 zł" in text  # the cancelled item left out


def test_members_show_where_their_consent_stands():
    withdrawn = dataclasses.replace(MEMBERS[0], withdrawn_on=date(2025, 6, 10))
    text = " ".join(pages(render_plan_pdf(dataclasses.replace(PLAN, members=(withdrawn, *MEMBERS[1:])))))

    assert "wycofana 10.06.2025" in text
    assert "brak zgody – poza planem" in text  # Janina
    assert "osoba małoletnia – w oświadczeniu rodzica" in text
    signing = text[text.index("Podpisy") :]
    assert "Anna (małżonek / partner)" in signing
    assert "Marek" not in signing and "Janina" not in signing  # withdrawn, refused


def test_every_page_is_numbered_and_warns_of_special_category_data():
    basket = tuple(dataclasses.replace(LOGOPEDA, number=f"P{n}") for n in range(1, 41))
    texts = pages(render_plan_pdf(dataclasses.replace(PLAN, items=basket)))

    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"Strona {number} z {len(texts)}" in text
        assert WARNING in text
    assert all("Odpowiada / realizuje" in text for text in texts[1:-1])  # the table heading repeats
    assert "P40" in texts[-1] or "P40" in texts[-2]


def test_the_urban_variant_plan_is_the_basis_of_a_social_contract():
    text = pages(render_plan_pdf(dataclasses.replace(PLAN, social_contract=True)))[0]
    assert "Plan stanowiący podstawę kontraktu socjalnego" in text


def test_the_pdf_is_an_a4_polish_document_by_kooperacja_with_its_fonts_embedded():
    reader = PdfReader(BytesIO(render_plan_pdf(PLAN)))

    assert reader.metadata.title == "Indywidualny Program Współpracy (IPW) – sprawa K/2025/C0FFEE01"
    assert reader.metadata.author == "Kooperacja"
    assert reader.metadata.creation_date == GENERATED
    assert reader.trailer["/Root"]["/Lang"] == "pl"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    fonts = reader.pages[0]["/Resources"]["/Font"]
    embedded = {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values()}
    assert embedded == {"DejaVuSansBook", "DejaVuSansBold"}  # DejaVu Sans and DejaVu Sans Bold
    descriptors = [font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"] for font in fonts.values()]
    assert all("/FontFile2" in descriptor for descriptor in descriptors)


# ------------------------------------------------------------------ a consent record


def test_the_consent_record_states_the_decision_and_its_legal_basis():
    texts = pages(render_consent_pdf(CONSENT))
    text = " ".join(texts)

    assert "Oświadczenie członka rodziny o zgodzie" in text
    assert "Anna" in text and "Małżonek / partner" in text and "K/2025/C0FFEE01" in text
    assert "Osoba WYRAŻA ZGODĘ." in text
    assert "Data oświadczenia 10.02.2025" in text
    assert "tak (Kacper, Zuzia)" in text
    assert "Policja (dzielnicowy)" in text and "Bez kontaktu z dzielnicowym." in text
    assert "art. 9 ust. 2 lit. a RODO – wyraźna zgoda" in text
    assert "art. 100 ustawy o pomocy społecznej" in text
    assert "K Mazur (GOPS Brzozowa Wola), 26.03.2025, 13:00" in text
    assert texts == [texts[0]] and "Strona 1 z 1" in text and WARNING in text


def test_a_refusal_and_a_withdrawal_read_as_such():
    refused = " ".join(pages(render_consent_pdf(dataclasses.replace(CONSENT, given=False, excluded_institutions=()))))
    assert "Osoba NIE WYRAŻA ZGODY." in refused
    assert "brak – zgoda obejmuje wszystkie instytucje zaproszone do sprawy" in refused
    assert "Wycofanie zgody" not in refused

    withdrawn = dataclasses.replace(CONSENT, withdrawn_on=date(2025, 6, 10), withdrawal_reason="Rezygnacja z pomocy")
    text = " ".join(pages(render_consent_pdf(withdrawn)))
    assert "Wycofanie zgody Data wycofania 10.06.2025 Powód Rezygnacja z pomocy" in text


def test_the_consent_record_metadata():
    reader = PdfReader(BytesIO(render_consent_pdf(CONSENT)))
    assert reader.metadata.title == "Oświadczenie członka rodziny o zgodzie – sprawa K/2025/C0FFEE01"
    assert reader.metadata.author == "Kooperacja"
    assert reader.trailer["/Root"]["/Lang"] == "pl"


# ------------------------------------------------------------------ fonts


def test_a_missing_font_names_the_debian_package(tmp_path):
    (tmp_path / "DejaVuSans.ttf").write_bytes(b"")
    with pytest.raises(MissingFont, match="fonts-dejavu-core") as raised:
        font_files(tmp_path)
    assert "DejaVuSans-Bold.ttf" in str(raised.value)
