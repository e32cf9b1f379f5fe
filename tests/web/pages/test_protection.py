"""The data-protection officer's pages: only the IOD reaches them; who-read-what shows reads and is audited."""

from __future__ import annotations

import pytest

from engine.dto import Actor
from engine.errors import NotFound
from engine.roles import DATA_PROTECTION_OFFICER
from tests.factories import add_person
from tests.processes.driver import CaseDriver
from tests.processes.people import PS
from tests.processes.scenarios import NOMINACJA, T
from tests.web.pages.conftest import Browser
from tests.web.pages.html import text


@pytest.fixture
def officer(engine, people):
    """The GOPS data-protection officer (made once per database: the PostgreSQL one outlives a test)."""
    try:
        return Actor(engine.directory.user_by_login("b.iod").id, "b.iod")
    except NotFound:
        return add_person(engine, "b.iod", people.institution["gops"], DATA_PROTECTION_OFFICER)


@pytest.fixture
def case(engine, people):
    driver = CaseDriver(engine, people, roundtrip=False, check_visibility=False)
    driver.start()
    driver.play([T("ut_nominacja", PS, NOMINACJA)])
    return driver.case


def test_only_the_officer_reaches_the_pages(app, browser, engine, people, officer, case):
    paths = [
        "/iod",
        f"/iod/sprawy/{case.id}",
        f"/iod/sprawy/{case.id}/osoby/marek.pdf",
        f"/iod/sprawy/{case.id}/osoby/marek.json",
        "/iod/rejestr",
        "/iod/rejestr.pdf",
    ]
    for role in (PS, "PCPR", "Animator"):
        for path in paths:
            assert browser(role).get(path).status_code == 403, (role, path)
    supervisor = Browser(app, people.supervisor)
    for path in paths:
        assert supervisor.get(path).status_code == 403
    iod = Browser(app, officer)
    for path in paths:
        assert iod.get(path).status_code == 200, path


def test_who_read_what_shows_reads_and_is_itself_audited(app, browser, engine, people, officer, case):
    engine.casefile.file(people.user[PS], case.id)  # the social worker reads the case file
    iod = Browser(app, officer)

    page = iod.get(f"/iod/sprawy/{case.id}")

    assert page.status_code == 200
    shown = text(page)
    assert "Odczyt teczki sprawy" in shown
    assert "GOPS Brzozowa Wola" in shown
    assert "casefile.read" not in shown
    trail = engine.history.audit_trail(people.supervisor, case.id)
    assert [row[2] for row in trail].count("protection.access_log") == 1
    assert any(row[1] == officer.user_id and row[2] == "protection.access_log" for row in trail)


def test_the_filters_narrow_the_log(app, engine, people, officer, case):
    engine.casefile.file(people.user[PS], case.id)
    iod = Browser(app, officer)

    writes = text(iod.get(f"/iod/sprawy/{case.id}?rodzaj=zapis"))
    reads = text(iod.get(f"/iod/sprawy/{case.id}?rodzaj=odczyt"))
    later = text(iod.get(f"/iod/sprawy/{case.id}?od=1.01.2999"))
    earlier = text(iod.get(f"/iod/sprawy/{case.id}?do=31.12.2000"))

    assert "Zapis decyzji" in writes and "Odczyt teczki sprawy" not in writes
    assert "Odczyt teczki sprawy" in reads and "Zapis decyzji" not in reads
    assert "Brak wpisów dla wybranych filtrów." in later and "Brak wpisów dla wybranych filtrów." in earlier
    assert 'value="1.01.2999"' in iod.get(f"/iod/sprawy/{case.id}?od=2999-01-01").get_data(as_text=True)


def test_the_register_page_lists_the_fields_of_the_deployed_forms(app, officer):
    page = Browser(app, officer).get("/iod/rejestr")

    shown = text(page)
    assert "Rejestr czynności przetwarzania" in shown
    assert "Opis sytuacji rodziny" in shown  # a field of the nomination form, by its label
    assert "opis_sytuacji" not in shown
    assert "KOOPERACJA_" not in shown


def test_the_officer_starts_on_their_page_without_the_worker_menu(app, officer):
    page = Browser(app, officer).get("/iod")

    shown = text(page)
    assert "Ochrona danych" in shown
    assert "Moje zadania" not in shown and "Do podjęcia" not in shown
