"""The Nowakowski family in the browser, from the nomination to the agreed plan, the way the partnership works it.

The same case as tests/processes/test_family.py (data from tests/processes/scenarios.py), played only
through the pages by the Świlcza demo users: the GOPS social worker, animator, case team and PZK, and
the six institutions the decision table invites (PCPR, health care, PPP, school, labour office, GKRPA).
Each person works in a browser of their own and logs in once, as at their own desk; screenshots (and
the failure picture) are of the browser in use. The engine is only read, to check where the case got
to. Every task is claimed from the institution's "Do podjęcia" list; the qualification is done by
keyboard alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from engine.dto import Actor
from tests.browser.artifacts import Screenshots
from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD, TIMEOUT_MS
from tests.browser.pages import (
    QUEUE,
    click_button,
    expect_flash,
    field,
    fill_fields,
    group,
    heading,
    login,
)
from tests.processes.scenarios import (
    CELE,
    DIAGNOZA_ZINTEGROWANA,
    DIAGNOZY,
    KWALIFIKACJA_TAK,
    NOMINACJA,
    POZYCJE_V1,
    WARSZTAT,
    ZAPROSZENIE_BEZ_ZMIAN,
    ZATWIERDZENIE,
    przeglad,
    zgoda,
)

TITLE = "Rodzina Nowakowskich"
COMPLETE = "Zakończ zadanie"
ADD_ROW = "Dodaj pozycję"

RELATION = {
    "wnioskodawca": "Osoba zgłoszona (wnioskodawca)",
    "malzonek_partner": "Małżonek / partner",
    "dziecko": "Dziecko",
    "rodzic": "Rodzic / teść",
}
PROBLEMS = ["Niepełnosprawność", "Długotrwała lub ciężka choroba", "Bezrobocie", "Alkoholizm", "Ubóstwo"]
SERVICE = {
    "turnus_rehabilitacyjny": "Turnus rehabilitacyjny (dofinansowanie PFRON przez PCPR)",
    "rehabilitacja": "Rehabilitacja (sesje)",
    "terapia_logopedyczna": "Terapia logopedyczna",
    "transport": "Transport (np. dowóz na zajęcia)",
    "aktywizacja_zawodowa": "Aktywizacja zawodowa (rejestracja, profilowanie, program PUP)",
    "spotkania_motywacyjne": "Spotkania motywacyjne / profilaktyka",
}
OWNER = {"PPP": "PPP – Poradnia Psychologiczno-Pedagogiczna", "PUP": "PUP – Powiatowy Urząd Pracy"}
SOURCE = {"zakup": "Zakup z koszyka usług (zamówienie)", "wlasna_oferta": "Oferta własna instytucji (zadania ustawowe)"}
# household members are chosen by name
MEMBER = {m["id"]: m["imie"] for m in NOMINACJA["czlonkowie"]} | {"rodzina": "Cała rodzina"}
AREA = {"zdrowie": "Zdrowie i rehabilitacja", "praca": "Praca i aktywizacja zawodowa"}
GOALS = CELE[:2]  # Kacper's and Marek's
ITEMS = [POZYCJE_V1[0], POZYCJE_V1[4]]  # speech therapy bought for Kacper, the labour office's offer for Marek
# login of the Świlcza demo user of each institution the decision table invites for this family
INVITED = {
    "PCPR": "pcpr",
    "Ochrona zdrowia": "zdrowie",
    "PPP": "ppp",
    "Szkoła": "szkola",
    "PUP": "pup",
    "GKRPA": "gkrpa",
}
ADULTS = {"Marek": False, "Anna": True, "Janina": False}  # whose consent, and whether it covers the children too


class Walk:
    """The people's browsers, one per login, each logged in at its first use; and what is learnt on the way."""

    def __init__(self, first: Page, new_page: Callable[[], Page], shot: Screenshots):
        self.pages: dict[str, Page] = {}
        self.first, self.new_page, self.shot = first, new_page, shot
        self.key = ""  # the case number, e.g. K/2026/1A2B3C4D
        self.url = ""  # the case page, /sprawy/<id>

    def at(self, account: str) -> Page:
        """The browser of ``account``, logged in; screenshots are of it from now on."""
        if account not in self.pages:
            page = self.new_page() if self.pages else self.first
            login(page, account, PASSWORD)
            self.pages[account] = page
        self.shot.page = self.pages[account]
        return self.pages[account]


@pytest.fixture
def walk(request, page, chromium, live_server, shot) -> Iterator[Walk]:
    """The walk's browsers: the ``page`` fixture's for the first person, new contexts like it for the others."""
    contexts = []

    def new_page() -> Page:
        context = chromium.new_context(
            base_url=live_server.url, locale="pl-PL", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    walk = Walk(page, new_page, shot)
    yield walk
    if getattr(request.node, "browser_test_failed", False) and shot.page is not page:
        shot("failure-here")  # the browser in use; conftest adds the first one's
    shot.page = page
    for context in contexts:
        context.close()


def test_nowakowski_case_from_nomination_to_the_agreed_plan(walk: Walk, live_server, demo_user):
    nominate(walk)
    qualify_by_keyboard(walk)
    record_consents(walk)
    confirm_invitations(walk)
    hold_workshop(walk)
    for role, account in INVITED.items():
        sectoral_diagnosis(walk, role, account)
    consolidated_diagnosis(walk)
    draw_up_plan(walk)
    family_accepts(walk)
    pzk_approves(walk)
    agreed_plan(walk, live_server.engine, demo_user)
    assert len({demo_user(account).institution for account in walk.pages}) == 7  # GOPS and the six invited


# ------------------------------------------------------------------------------------------ the steps


def nominate(walk: Walk) -> None:
    page = walk.at("ps.gops")
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Nowa sprawa").first.click()
    expect(heading(page)).to_have_text("Nowa sprawa")
    walk.shot("start-page")
    assert_accessible(page)
    page.get_by_label("Nazwa sprawy").fill(TITLE)
    click_button(page, "Rozpocznij sprawę")

    expect(heading(page)).to_have_text("Zgłoszenie rodziny do pracy Modelem")  # straight into the nomination
    case_link = page.get_by_role("link", name=re.compile(rf"^{TITLE} \("))
    walk.key = re.search(r"\((.+)\)", case_link.inner_text()).group(1)
    walk.url = case_link.get_attribute("href")
    expect_flash(page, f"Rozpoczęto sprawę {walk.key}.")

    fill_fields(
        page,
        {
            "Rodzina": NOMINACJA["rodzina_nazwa"],
            "Gmina": "Świlcza",
            "Wariant modelu": "Gmina wiejska (model „Liderzy kooperacji”, Zespół Diagnostyczny)",
            "Data zgłoszenia": NOMINACJA["data_zgloszenia"],
            "Problemy rodziny (art. 7 ustawy o pomocy społecznej)": PROBLEMS,
            "Nadzór kuratora sądowego": False,
        },
    )
    members = [
        {
            "Identyfikator": m["id"],
            "Imię": m["imie"],
            "Wiek (lata)": str(m["wiek"]),
            "Relacja w rodzinie": RELATION[m["pokrewienstwo"]],
        }
        for m in NOMINACJA["czlonkowie"]
    ]
    fill_rows(page, "Członkowie gospodarstwa domowego", members)
    walk.shot("nomination-form")
    assert_accessible(page)

    click_button(page, COMPLETE)  # the description of the family's situation is still missing
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Popraw błędy w formularzu")
    expect(summary.get_by_role("listitem")).to_have_count(1)
    expect(field(page, "Identyfikator").last).to_have_value("janina")  # what was typed is all there
    walk.shot("nomination-refused")
    assert_accessible(page)
    summary.get_by_role("link", name=re.compile("^Opis sytuacji rodziny")).click()
    description = field(page, "Opis sytuacji rodziny")
    expect(description).to_be_focused()
    description.fill(NOMINACJA["opis_sytuacji"])
    complete(page, walk.shot, "Zgłoszenie rodziny do pracy Modelem", "nomination")


def decision_needs(page: Page, walk: Walk, step: str, *facts: str) -> None:
    """The task page shows, above the form, what this decision needs (the model's task context)."""
    context = page.get_by_role("region", name="Co trzeba wiedzieć do tej decyzji")
    for fact in facts:
        expect(context).to_contain_text(fact)
    walk.shot(f"{step}-context")


def qualify_by_keyboard(walk: Walk) -> None:
    """The animator takes and completes the qualification without touching the mouse."""
    page = walk.at("animator.gops")
    page.goto(QUEUE)
    name = "Kwalifikacja rodziny do pracy Modelem"
    tab_to(page, task_link(page, name, walk))
    page.keyboard.press("Enter")
    expect(heading(page)).to_contain_text(name)
    decision_needs(page, walk, "qualification", "Marek", "Kacper", "Janina", "Niepełnosprawność", "Bezrobocie")
    tab_to(page, page.get_by_role("button", name="Podejmij zadanie"))
    page.keyboard.press("Enter")
    expect_flash(page, "Podjęto zadanie.")

    qualified = group(page, "Decyzja").get_by_role("radio", name="Rodzina zakwalifikowana")
    tab_to(page, qualified)
    page.keyboard.press("Space")
    expect(qualified).to_be_checked()
    page.keyboard.press("Tab")
    expect(field(page, "Uzasadnienie")).to_be_focused()
    page.keyboard.type(KWALIFIKACJA_TAK["uzasadnienie_kwalifikacji"])
    page.keyboard.press("Tab")
    expect(field(page, "Data decyzji")).to_be_focused()
    page.keyboard.type("05052025")  # day and month alike: the same date whichever order the browser's format has
    expect(field(page, "Data decyzji")).to_have_value("2025-05-05")
    walk.shot("qualification-typed")
    tab_to(page, page.get_by_role("button", name=COMPLETE, exact=True))
    page.keyboard.press("Enter")
    expect_flash(page, f"Zadanie „{name}” zostało zakończone.")


def record_consents(walk: Walk) -> None:
    """The social worker records each adult's statement: one task per adult, named after them."""
    page = walk.at("ps.gops")
    for person, for_children in ADULTS.items():
        name = "Zgoda członka rodziny (oświadczenie)"
        take(page, name, walk, subject=person)
        expect(heading(page)).to_have_text(f"{name}: {person}")
        statement = zgoda(dzieci=for_children)
        fill_fields(
            page,
            {
                "Osoba wyraża zgodę": statement["zgoda_udzielona"],
                "Data oświadczenia": statement["data_oswiadczenia"],
                "Klauzula informacyjna przekazana": statement["klauzula_informacyjna_przekazana"],
                "Oświadczenie także w imieniu małoletnich dzieci": statement["oswiadczenie_za_maloletnich"],
            },
        )
        complete(page, walk.shot, name, f"consent-{person}")


def confirm_invitations(walk: Walk) -> None:
    page = walk.at("animator.gops")
    name = "Zaproszenie instytucji do diagnozy"
    take(page, name, walk)
    proposal = ("Instytucje zaproponowane przez tabelę decyzyjną", "PCPR", "Niepełnosprawność: rehabilitacja, PFRON")
    decision_needs(page, walk, "invitations", *proposal, "Marek", "Anna")
    expect(group(page, "Nie zapraszaj (z proponowanych)").get_by_role("checkbox", checked=True)).to_have_count(0)
    fill_fields(
        page,
        {
            "Termin warsztatu diagnostycznego": ZAPROSZENIE_BEZ_ZMIAN["termin_warsztatu"],
            "Miejsce warsztatu": "GOPS w Świlczy",
        },
    )
    complete(page, walk.shot, name, "invitations")


def hold_workshop(walk: Walk) -> None:
    page = walk.at("zespol.gops")
    name = "Warsztat diagnostyczny z rodziną"
    take(page, name, walk)
    decision_needs(page, walk, "workshop", "Kacper", "Zaproszenie instytucji do diagnozy", "Termin warsztatu")
    fill_fields(
        page,
        {
            "Data warsztatu": WARSZTAT["data_warsztatu"],
            "Udział rodziny": WARSZTAT["udzial_rodziny"],
            "Genogram sporządzony": WARSZTAT["genogram_sporzadzony"],
            "Przyczyny i źródła trudnej sytuacji": WARSZTAT["przyczyny_trudnosci"],
            "Mocne strony rodziny": WARSZTAT["mocne_strony"],
            "Potrzeby i oczekiwania rodziny": WARSZTAT["potrzeby_i_oczekiwania"],
        },
    )
    complete(page, walk.shot, name, "workshop")


def sectoral_diagnosis(walk: Walk, role: str, account: str) -> None:
    """Each invited institution claims its own diagnosis from its queue and completes it."""
    page = walk.at(account)
    name = "Diagnoza sektorowa instytucji"
    if role == "PCPR":
        page.goto(QUEUE)
        walk.shot("queue")
        assert_accessible(page)
    take(page, name, walk)
    decision_needs(page, walk, f"diagnosis-{account}", "Kacper", "Zuzia", WARSZTAT["przyczyny_trudnosci"][:30])
    assessment, member, service = DIAGNOZY[role]
    fill_fields(
        page,
        {
            "Ocena sytuacji z perspektywy instytucji": assessment,
            "Oferta własna instytucji dla rodziny": f"Wsparcie w ramach zadań ustawowych: {role}.",
            "Data diagnozy": "2025-03-03",
        },
    )
    fill_rows(
        page,
        "Rekomendowane wsparcie",
        [{"Członek rodziny": MEMBER[member], "Usługa": SERVICE[service], "Opis": assessment}],
    )
    complete(page, walk.shot, name, f"diagnosis-{account}")


def consolidated_diagnosis(walk: Walk) -> None:
    page = walk.at("ps.gops")
    name = "Diagnoza indywidualna (zintegrowana)"
    take(page, name, walk)
    sectoral = [DIAGNOZY[role][0][:30] for role in INVITED]
    decision_needs(page, walk, "consolidated-diagnosis", "Diagnozy sektorowe", WARSZTAT["mocne_strony"][:30], *sectoral)
    diagnosis = DIAGNOZA_ZINTEGROWANA
    fill_fields(
        page,
        {
            "Data diagnozy": diagnosis["data_diagnozy_zintegrowanej"],
            "Podsumowanie diagnozy": diagnosis["podsumowanie_diagnozy"],
            "Diagnoza przyjęta przez zespół sprawy": diagnosis["zatwierdzona_przez_zespol"],
        },
    )
    areas = [a for a in diagnosis["obszary_wsparcia"] if a["obszar"] in AREA]
    fill_rows(
        page,
        "Obszary wsparcia",
        [
            {"Członek rodziny": MEMBER[a["czlonek"]], "Obszar": AREA[a["obszar"]], "Opis potrzeby": a["opis"]}
            for a in areas
        ],
    )
    complete(page, walk.shot, name, "consolidated-diagnosis")


def draw_up_plan(walk: Walk) -> None:
    """The case team writes the IPW: two goals and two items of the service basket, rows added on the page."""
    page = walk.at("zespol.gops")
    name = "Plan pracy z rodziną (IPW) z koszykiem usług"
    take(page, name, walk)
    decision_needs(page, walk, "plan", DIAGNOZA_ZINTEGROWANA["podsumowanie_diagnozy"][:30])
    goals = [
        {"Członek rodziny": MEMBER[g["czlonek"]], "Cel": g["cel"], "Miernik osiągnięcia": g["miernik"]} for g in GOALS
    ]
    fill_rows(page, "Cele planu", goals)
    items = [
        {
            "Nr pozycji": item["id"],
            "Usługa": SERVICE[item["usluga"]],
            "Członek rodziny": MEMBER[item["czlonek"]],
            "Instytucja odpowiedzialna": OWNER[item["wlasciciel"]],
            "Źródło usługi": SOURCE[item["zrodlo"]],
            "Od": item["data_od"],
            "Do": item["data_do"],
            "Liczba jednostek (sesji, godzin, sztuk)": str(item["liczba_jednostek"]),
            "Koszt szacunkowy (zł)": str(item.get("koszt_szacunkowy", "")),
        }
        for item in ITEMS
    ]
    fill_rows(page, "Koszyk usług", items)
    fill_fields(page, {"Planowany kontrakt socjalny": True})
    assert_accessible(page)
    complete(page, walk.shot, name, "plan")


def family_accepts(walk: Walk) -> None:
    page = walk.at("ps.gops")
    name = "Omówienie planu z rodziną"
    take(page, name, walk)
    decision_needs(page, walk, "family-review", "Terapia logopedyczna", "Koszt szacunkowy", GOALS[0]["cel"])
    review = przeglad("akceptacja", "2025-03-26")
    fill_fields(
        page,
        {
            "Decyzja rodziny": "Rodzina akceptuje plan (plan podpisany)",
            "Data spotkania z rodziną": review["data_przegladu"],
            "Plan podpisali": "Anna i Marek Nowakowscy",
        },
    )
    complete(page, walk.shot, name, "family-review")


def pzk_approves(walk: Walk) -> None:
    page = walk.at("pzk.gops")
    name = "Zatwierdzenie planu przez PZK"
    take(page, name, walk)
    decision_needs(page, walk, "pzk-approval", "Terapia logopedyczna", "Koszt szacunkowy", "Omówienie planu z rodziną")
    budget = sum(item.get("koszt_szacunkowy", 0) for item in ITEMS if item["zrodlo"] == "zakup")
    fill_fields(
        page,
        {
            "Decyzja": "Plan zatwierdzony",
            "Data decyzji": ZATWIERDZENIE["data_decyzji_pzk"],
            "Zatwierdzony budżet zakupów (zł)": str(budget),
        },
    )
    complete(page, walk.shot, name, "pzk-approval")


def agreed_plan(walk: Walk, engine, demo_user) -> None:
    """The plan is agreed: the social contract it plans is what is open, and the IPW is a PDF."""
    page = walk.at("ps.gops")
    page.goto(walk.url)
    expect(heading(page)).to_have_text(f"Sprawa rodziny: {TITLE}")
    expect(page.locator("dt", has_text="Etap").locator("xpath=following-sibling::dd[1]")).to_have_text("Plan")
    open_tasks = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Zadanie"))
    expect(open_tasks.get_by_role("row")).to_have_count(2)  # the header and the one open task
    expect(open_tasks.get_by_role("row").nth(1)).to_contain_text("Zawarcie kontraktu socjalnego")
    expect(open_tasks.get_by_role("row").nth(1)).to_contain_text("Pracownik socjalny OPS")
    walk.shot("case-page")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Plan pracy z rodziną (IPW), PDF").click()
    assert download.value.suggested_filename == f"IPW-{walk.key.replace('/', '-')}.pdf"
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF-")
    text = " ".join(" ".join(pdf_page.extract_text().split()) for pdf_page in PdfReader(BytesIO(content)).pages)
    for expected in (walk.key, "Nowakowscy", "Postęp w mowie i sprawności", "Terapia logopedyczna", "PUP"):
        assert expected in text, f"{expected!r} not in the IPW PDF: {text[:2000]}"

    supervisor = Actor(demo_user("superwizor").user_id, "superwizor")
    case_id = walk.url.rstrip("/").rsplit("/", 1)[-1]
    assert [t.bpmn_id for t in engine.tasks.of_case(supervisor, case_id)] == ["ut_kontrakt"]
    data = engine.runtime.case_data(supervisor, case_id)
    assert data["decyzja_rodziny"] == "akceptacja" and data["decyzja_pzk"] == "zatwierdzony"
    assert [(p["id"], p["usluga"], p["czlonek"]) for p in data["pozycje_planu"]] == [
        (item["id"], item["usluga"], item["czlonek"]) for item in ITEMS
    ]
    assert [(g["czlonek"], g["cel"]) for g in data["cele_planu"]] == [(g["czlonek"], g["cel"]) for g in GOALS]
    assert sorted(d["rola"] for d in data["diagnozy_sektorowe"]) == sorted(INVITED)


# ------------------------------------------------------------------------------------------ helpers


def task_link(page: Page, name: str, walk: Walk, subject: str | None = None) -> Locator:
    rows = page.get_by_role("row").filter(has_text=walk.key)
    if subject is not None:
        rows = rows.filter(has_text=subject)
    return rows.get_by_role("link", name=name, exact=True)


def take(page: Page, name: str, walk: Walk, subject: str | None = None) -> None:
    """Claim the case's task ``name`` (about ``subject``) from "Do podjęcia": every task of the walk waits there."""
    page.goto(QUEUE)
    link = task_link(page, name, walk, subject)
    expect(link, f"{name!r} ({subject}) is not in the queue").to_have_count(1)
    link.click()
    click_button(page, "Podejmij zadanie")
    expect_flash(page, "Podjęto zadanie.")
    expect(heading(page)).to_contain_text(name)


def fill_rows(page: Page, legend: str, rows: list[dict[str, str]]) -> None:
    """Fill a repeating group row by row, adding rows with its "Dodaj pozycję" button as needed."""
    repeat = group(page, legend)
    for number, values in enumerate(rows, start=1):
        row = repeat.get_by_role("group", name=f"Pozycja {number}", exact=True)
        if not row.count():
            repeat.get_by_role("button", name=re.compile(f"^{ADD_ROW}")).click()
            expect(row).to_be_visible()
        fill_fields(row, {label: value for label, value in values.items() if value})


def complete(page: Page, shot, name: str, step: str) -> None:
    """Picture the filled form, then complete the task."""
    shot(step)
    click_button(page, COMPLETE)
    expect_flash(page, f"Zadanie „{name}” zostało zakończone.")


def tab_to(page: Page, target: Locator, limit: int = 80) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user moves through the page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("e => e === document.activeElement"):
            return
    raise AssertionError(f"{target} not reached with {limit} presses of Tab")
