"""The supervisor's Księga rekomendacji in the browser: the ROPS supervisor opens it from "Nadzór", sees
the headline figures, the outcomes per partnership and the recommendations of the demo's closed group
case and of a closed family case in words (no case number, family or group), narrows it by stage, and
downloads the PDF; axe passes.

The demo's seniors of Bratkowice closed their projekt socjalny with recommendations; this module's
database gets a family case too: the Krawczyks' steps up to their plan, then the family refuses it and
the case is closed with two recommendations (played through the services as the demo is)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from engine.demo.directory import AN, PS
from engine.demo.groups import RECOMMENDATION as GROUP_RECOMMENDATION
from engine.demo.plans import krawczykowie
from engine.demo.play import Task
from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import heading, login
from tests.browser.server import LiveServer, serve_with_cases

KEY = "KOOP/2026/0101"
RECOMMENDATION = "Punkt konsultacyjny GKRPA czynny także po południu."


def _refused(today: date) -> list[Task]:
    def day(offset: int) -> str:
        return (today + timedelta(days=offset)).isoformat()

    until_plan = list(krawczykowie(day).steps)[:-1]  # all but the family's acceptance
    closing = {"data_zamkniecia": day(-1), "notatka_zamkniecia": "Rodzina odmówiła.", "dostep_partnerow_cofniety": True}
    recommendations = {
        "wnioski": "Rodzina nie była gotowa na pracę z uzależnieniem ojca.",
        "rekomendacje": [{"obszar": "organizacyjne", "tresc": RECOMMENDATION}],
        "data_przekazania_do_rops": day(0),
    }
    return [
        *until_plan,
        Task(PS, "ut_przeglad_rodziny", {"decyzja_rodziny": "odmowa", "data_przegladu": day(-2)}),
        Task(PS, "ut_zamkniecie", closing),
        Task(AN, "ut_rekomendacje", recommendations),
    ]


@pytest.fixture(scope="module")
def live_server(seeded_database, tmp_path_factory) -> Iterator[LiveServer]:
    """Overrides the shared server: this module's copy of the demo gets a case closed with recommendations."""

    def refused(engine, directory, player) -> None:
        steps = _refused(engine.clock.now().date())
        player.start(PS, "Rodzina Krawczyków", KEY, directory.partnership_id, steps, "rodzina")

    with serve_with_cases(seeded_database[0], tmp_path_factory.mktemp("book"), PASSWORD, refused) as server:
        yield server


def test_the_rops_supervisor_reads_the_book_of_recommendations(page: Page, shot, csp_violations):
    login(page, "superwizor", PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="Nadzór").click()
    page.get_by_role("link", name="Księga rekomendacji").click()

    expect(heading(page)).to_have_text("Księga rekomendacji")
    main = page.locator("main")
    expect(main).to_contain_text("IPW zrealizowane: 0 z 0")
    expect(main).to_contain_text("Projekty socjalne zrealizowane: 1 z 1")  # the demo's seniors
    expect(main).to_contain_text("Sprawy objęte zestawieniem: 9; zamknięte w okresie: 3.")
    partnerships = page.get_by_role("table", name="Wyniki według partnerstwa i wariantu")
    expect(
        partnerships.get_by_role("row", name="Partnerski Zespół Kooperacji Gminy Świlcza wiejski 8 2 0")
    ).to_have_count(1)
    expect(
        partnerships.get_by_role("row", name="Partnerski Zespół Kooperacji Gminy Świlcza nie podano 1 1 0")
    ).to_have_count(1)  # the group: its form asks no variant
    listed = page.get_by_role("table", name="Wnioski i rekomendacje")
    expect(listed.get_by_role("row")).to_have_count(5)  # the heading row, the family's two texts, the group's two
    expect(listed).to_contain_text(RECOMMENDATION)
    expect(listed).to_contain_text(GROUP_RECOMMENDATION)
    expect(listed).to_contain_text("Rekomendacja zmian dla ROPS")
    expect(listed).to_contain_text("odmowa planu")
    text = main.inner_text()
    assert KEY not in text and "Krawczyk" not in text and "Bratkowic" not in text
    shot("book")
    assert_accessible(page)

    page.get_by_label("Etap rekomendacji").select_option("Zamknięcie")
    page.get_by_role("button", name="Pokaż").click()
    expect(page.get_by_role("table", name="Wnioski i rekomendacje")).to_contain_text(RECOMMENDATION)
    with page.expect_download() as download:
        page.get_by_role("link", name="Pobierz całą księgę (PDF)").click()
    assert download.value.suggested_filename.startswith("ksiega-rekomendacji-")
    assert csp_violations == []
