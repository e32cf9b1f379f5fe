"""A participant of a group's projekt socjalny withdraws consent: the social worker's cancellation task says who,
when and why; the NGO running the group's classes no longer finds her in the group's file."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from engine.demo.directory import PS
from engine.demo.play import Task
from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import heading, login, logout, open_task
from tests.browser.server import LiveServer, serve_with_cases
from tests.processes.groups import SENIORZY, SENIORZY_Z_WOLI

KEY, TITLE = "KOOP/2026/0901", SENIORZY["nazwa_grupy"]
TASK = "Anulowanie usług uczestnika grupy"
APPROVED = 9  # registration, three statements (Stefan refuses), diagnosis, project sent back once, approval
WITHDRAWAL = {"czlonek": "halina", "data": "2025-06-10", "powod": "Przeprowadzka do córki"}
LAST_KEY, CLOSING = "KOOP/2026/0902", "Zakończenie projektu po wycofaniu zgód wszystkich uczestników"
LAST_WITHDRAWAL = {"czlonek": "irena", "data": "2025-06-12", "powod": "Pobyt w szpitalu"}


@pytest.fixture(scope="module")
def live_server(seeded_database, tmp_path_factory) -> Iterator[LiveServer]:
    """Overrides the shared server: the seniors' project approved, then Halina withdraws her consent; in a
    second such project Irena, the last participant with consent, withdraws too."""

    def withdrawn(engine, directory, player) -> None:
        steps = [Task(s["role"], s["id"], s["data"], s.get("where")) for s in SENIORZY_Z_WOLI[:APPROVED]]
        for key, withdrawals in ((KEY, [WITHDRAWAL]), (LAST_KEY, [WITHDRAWAL, LAST_WITHDRAWAL])):
            case = player.start(PS, TITLE, key, directory.partnership_id, steps, "grupa", "kooperacja_grupa")
            for withdrawal in withdrawals:
                engine.runtime.send_message(directory.acting[PS], "zgoda_wycofana_czlonek", withdrawal, case_id=case.id)

    folder = tmp_path_factory.mktemp("withdrawal")
    with serve_with_cases(seeded_database[0], folder, PASSWORD, withdrawn) as server:
        yield server


def test_the_social_worker_sees_who_withdrew_and_the_ngo_no_longer_sees_her(page: Page, shot, csp_violations):
    login(page, "ps.gops", PASSWORD)
    open_task(page, TASK, case=KEY)
    expect(heading(page)).to_have_text(TASK)
    form = page.get_by_role("main")
    expect(form).to_contain_text("Uczestnik grupy, który wycofał zgodę")
    expect(form).to_contain_text("Halina")
    expect(form).to_contain_text("10 czerwca 2025")
    expect(form).to_contain_text("Przeprowadzka do córki")
    expect(form).not_to_contain_text("halina")  # the participant's name, never her id
    shot("cancellation-task")
    assert_accessible(page)
    case_url = page.get_by_role("link", name=f"{TITLE} ({KEY})").first.get_attribute("href")
    logout(page)

    login(page, "ngo", PASSWORD)  # the NGO runs the whole group's classes (P1)
    page.goto(case_url)
    registration = page.get_by_role("region", name="Zgłoszenie grupy i uczestnicy")
    expect(registration).to_contain_text("Irena")
    expect(registration).not_to_contain_text("Halina")  # withdrew
    expect(registration).not_to_contain_text("Stefan")  # never consented
    shot("ngo-case-file")
    assert csp_violations == []


def test_when_the_last_participant_withdraws_the_social_worker_closes_the_project(page: Page, shot):
    login(page, "ps.gops", PASSWORD)
    open_task(page, CLOSING, case=LAST_KEY)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Ostatni uczestnik grupy, który miał zgodę, wycofał ją")
    expect(main).to_contain_text("Zamknięcie")  # the case's stage
    expect(main).to_contain_text("Ostatni uczestnik, który wycofał zgodę")
    expect(main).to_contain_text("Irena")
    expect(main).to_contain_text("12 czerwca 2025")
    expect(main).to_contain_text("Pobyt w szpitalu")
    expect(main).not_to_contain_text("Sprawdzenie środków na zakup")  # the work stopped: no order goes on
    shot("closing-task")
    assert_accessible(page)
