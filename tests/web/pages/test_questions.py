"""Asking the ROPS model team on the pages: "Zapytaj doradcę" from a task, the adviser's queue and answer
page, the answer in the case file and in "Moje pytania"; who may open which page."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from engine.dto import Actor
from engine.errors import NotFound
from engine.roles import ADVISER, LEGAL_CONSULTANT
from tests.factories import add_person
from tests.processes.driver import CaseDriver
from tests.processes.people import AN, PS
from tests.processes.scenarios import NOMINACJA, T
from tests.web.pages.html import parse, text

ASKED = "Rodzina odmawia wizyt w domu. Jak zaplanować pierwsze spotkanie?"
ANSWER = "Proponuję spotkanie w szkole, z pedagogiem."
WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture
def nominated(engine, people):
    driver = CaseDriver(engine, people, roundtrip=False, check_visibility=False)
    driver.start()
    driver.play([T("ut_nominacja", PS, NOMINACJA)])
    task_id = engine.casefile.file(people.user[PS], driver.case.id).sections[0].entries[0].task_id
    return driver.case, task_id


@pytest.fixture
def team(engine, people):
    """The ROPS adviser and legal consultant (on PostgreSQL the partnership's users stay from test to test)."""
    rops = people.institution["rops"]
    return _person(engine, "m.doradczyni", rops, ADVISER), _person(engine, "a.prawnik", rops, LEGAL_CONSULTANT)


def _person(engine, login: str, institution_id: int, role: str) -> Actor:
    try:
        return Actor(engine.directory.user_by_login(login).id, login)
    except NotFound:
        return add_person(engine, login, institution_id, role)


def test_a_question_asked_from_a_task_is_answered_by_the_adviser_and_shown_in_the_case(
    browser, engine, people, nominated, team
):
    case, task_id = nominated
    worker, adviser = browser(PS), browser(actor=team[0])
    assert "Zapytaj doradcę" in text(worker.get(f"/zadania/{task_id}"))
    path = f"/sprawy/{case.id}/pytanie?zadanie={task_id}"
    form = text(worker.get(path))
    assert "Do kogo" in form and "konsultant prawny" in form and case.business_key in form

    refused = worker.post(path, {"adresat": ADVISER, "tresc": "  "})
    assert refused.status_code == 422 and "Wpisz pytanie." in text(refused)
    sent = worker.post(path, {"adresat": ADVISER, "pilne": "1", "tresc": ASKED})
    assert sent.status_code == 302 and sent.headers["Location"].endswith(f"/zadania/{task_id}")
    question = engine.questions.mine(people.user[PS])[0]  # the newest
    assert question.question == ASKED and question.urgent

    queue = text(adviser.get("/pytania"))
    assert ASKED in queue and "pilne" in queue and case.business_key in queue
    assert ASKED not in text(adviser.get("/pytania?stan=odpowiedziane"))
    assert "Wyślij odpowiedź" in text(adviser.get(f"/pytania/{question.id}"))
    empty = adviser.post(f"/pytania/{question.id}", {"odpowiedz": ""})
    assert empty.status_code == 422 and "Wpisz odpowiedź." in text(empty)
    assert adviser.post(f"/pytania/{question.id}", {"odpowiedz": ANSWER}).status_code == 302

    for reader in (worker, browser(AN)):
        page = text(reader.get(f"/sprawy/{case.id}"))
        assert ASKED in page and ANSWER in page
    assert ANSWER in text(worker.get("/moje-pytania"))
    answered = text(adviser.get("/pytania?stan=odpowiedziane"))
    assert ASKED in answered and "odpowiedziano" in answered
    assert ANSWER in text(adviser.get(f"/pytania/{question.id}"))


def test_the_queue_is_the_teams_and_a_question_only_for_those_who_may_see_it(
    app, browser, engine, people, nominated, team
):
    case, task_id = nominated
    question = engine.questions.ask(people.user[PS], case.id, ADVISER, ASKED, task_id=task_id)
    adviser, lawyer, health, outsider = (
        browser(actor=team[0]),
        browser(actor=team[1]),
        browser("Ochrona zdrowia"),
        browser(actor=people.outsider),
    )

    assert browser(PS).get("/pytania").status_code == 403
    assert browser().get("/pytania").status_code == 302  # to the login page
    assert ASKED not in text(lawyer.get("/pytania"))  # another role's queue
    for someone in (lawyer, health, outsider):
        assert someone.get(f"/pytania/{question.id}").status_code == 404
        assert someone.post(f"/pytania/{question.id}", {"odpowiedz": "x"}).status_code in (403, 404)
    for someone in (health, outsider, adviser):  # none of them sees the case
        assert someone.get(f"/sprawy/{case.id}/pytanie").status_code == 404
        assert someone.post(f"/sprawy/{case.id}/pytanie", {"adresat": ADVISER, "tresc": "x"}).status_code == 404
    assert "Sprawa" in text(adviser.get(f"/pytania/{question.id}"))  # the minimum of the case, not the file
    assert adviser.get(f"/sprawy/{case.id}").status_code == 404
    assert engine.questions.question(people.user[PS], question.id).answer is None


def test_the_asker_reading_an_answer_is_led_back_to_their_own_questions_not_to_the_teams_queue(
    browser, engine, people, nominated, team
):
    case, task_id = nominated
    question = engine.questions.ask(people.user[PS], case.id, ADVISER, ASKED, task_id=task_id)
    engine.questions.answer(team[0], question.id, ANSWER)
    worker, adviser = browser(PS), browser(actor=team[0])
    assert worker.get("/pytania").status_code == 403
    page = worker.get(f"/pytania/{question.id}").get_data(as_text=True)
    assert ANSWER in page and 'href="/moje-pytania"' in page
    assert 'href="/pytania"' not in page  # the team's queue, which the worker may not open
    assert 'href="/pytania"' in adviser.get(f"/pytania/{question.id}").get_data(as_text=True)


def test_times_on_the_question_pages_read_as_dates_in_words(browser, engine, people, nominated, team):
    """ "3 lutego 2025, 10:00" (Polish time, the month in words), never "3.02.2025" or an ISO string."""
    case, task_id = nominated
    question = engine.questions.ask(people.user[PS], case.id, ADVISER, ASKED, urgent=True, task_id=task_id)
    engine.questions.answer(team[0], question.id, ANSWER)
    asked = question.asked_at.astimezone(WARSAW)
    due = question.due_at.astimezone(WARSAW)
    assert (asked.month, due.month) == (2, 2)  # the test clock: 3 February, the due day a working day later
    asked_words = f"{asked.day} lutego {asked.year}, {asked:%H:%M}"
    due_words = f"{due.day} lutego {due.year}, {due:%H:%M}"
    worker, adviser = browser(PS), browser(actor=team[0])

    pages = {
        "queue": text(adviser.get("/pytania?stan=odpowiedziane")),
        "question": text(adviser.get(f"/pytania/{question.id}")),
        "mine": text(worker.get("/moje-pytania")),
        "case": _questions_section(worker.get(f"/sprawy/{case.id}")),
    }
    assert due_words in pages["queue"]
    for name in ("question", "mine", "case"):
        assert asked_words in pages[name] and due_words in pages[name], name
    for name, page in pages.items():
        assert f"{asked:%-d.%m.%Y}" not in page and f"{due:%-d.%m.%Y}" not in page, name
        assert asked.date().isoformat() not in page, name


def _questions_section(response) -> str:
    """The words of the case page's "Pytania do zespołu ROPS" section."""
    (section,) = parse(response).xpath('//section[@aria-labelledby="pytania"]')
    return " ".join(" ".join(section.itertext()).split())
