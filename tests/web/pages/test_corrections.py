"""Correcting a recorded fact on the pages: the social worker picks the field, types the new value and
the reason; the case file shows the new value with the correction; others may not."""

from __future__ import annotations

import pytest

from tests.processes.driver import CaseDriver
from tests.processes.people import AN, PS
from tests.processes.scenarios import NOMINACJA, T
from tests.web.pages.html import text


@pytest.fixture
def nominated(engine, people):
    driver = CaseDriver(engine, people, roundtrip=False, check_visibility=False)
    driver.start()
    driver.play([T("ut_nominacja", PS, NOMINACJA)])
    task_id = engine.casefile.file(people.user[PS], driver.case.id).sections[0].entries[0].task_id
    return driver.case, task_id


def test_the_social_worker_corrects_a_fact_and_the_case_file_shows_it(browser, nominated):
    case, task_id = nominated
    worker = browser(PS)
    path = f"/sprawy/{case.id}/zadania/{task_id}/poprawka"

    assert "Popraw zapisany fakt" in text(worker.get(f"/sprawy/{case.id}"))
    chosen = worker.get(f"{path}?pole=data_zgloszenia")
    assert "Zapisana wartość" in text(chosen)
    refused = worker.post(path, {"pole": "data_zgloszenia", "wartosc": "7.02.2025", "powod": ""})
    assert refused.status_code == 400 and "Podaj powód poprawienia." in text(refused)
    done = worker.post(path, {"pole": "data_zgloszenia", "wartosc": "7.02.2025", "powod": "Data z pisma."})

    assert done.status_code == 302
    page = text(worker.get(f"/sprawy/{case.id}"))
    assert "Poprawione dane (art. 16 RODO)" in page
    assert "Data z pisma." in page
    assert "do powiadomienia" in page  # the flash names the institutions to tell
    assert "7 lutego 2025" in page  # the new value where the fact is shown
    history = text(worker.get(path))
    assert "Historia poprawek" in history and "07.02.2025" in history


def test_the_animator_may_not_correct(browser, nominated):
    case, task_id = nominated
    animator = browser(AN)

    assert "Popraw zapisany fakt" not in text(animator.get(f"/sprawy/{case.id}"))
    assert animator.get(f"/sprawy/{case.id}/zadania/{task_id}/poprawka").status_code == 403
