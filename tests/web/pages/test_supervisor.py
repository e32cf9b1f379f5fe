"""Supervision pages: what needs attention, any case's history, and the supervisor's actions on it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from engine import Engine
from engine.config import JobSettings
from engine.jobs.mail import SmtpMailer, SmtpSettings
from tests.engine.bpmn_samples import deployment, script_process
from tests.engine.jobs.smtp_sink import free_port
from tests.factories import ADMIN, add_person
from tests.processes.people import AN, PS
from tests.processes.scenarios import NOMINACJA
from tests.web.pages.conftest import Browser
from tests.web.pages.html import error_at, options, summary_links, text, unlabelled
from tests.web.pages.rebuild import deployments_changed, directory_changed

# Fails until the engine's clock reaches this day, then succeeds: a fault that passes, as an outage does.
BROKEN_UNTIL = datetime(2025, 2, 4, tzinfo=UTC)
FAILING_SCRIPT = "if datetime.now(timezone.utc) < datetime(2025, 2, 4, tzinfo=timezone.utc):\n    wynik = 1 / 0"


@pytest.fixture
def supervisor(app, people) -> Browser:
    return Browser(app, people.supervisor)


@pytest.fixture
def nominated(case_driver):
    """A family case waiting for the animator's qualification (due in 7 days)."""
    case_driver.start(title="Rodzina Nowakowskich")
    case_driver.do(PS, "ut_nominacja", NOMINACJA)
    return case_driver


@pytest.fixture
def case_in_error(engine, people, database_url):
    """A case whose script fails (division by zero until BROKEN_UNTIL), started in the partnership."""
    engine.repository.deploy(deployment(script_process(FAILING_SCRIPT)), ADMIN)
    worker = people.user[PS]
    case = engine.runtime.start(worker, "proba", title="Rodzina Kowalskich", partnership_id=people.partnership_id)
    (task,) = [t for t in engine.tasks.inbox(worker) if t.case_id == case.id]
    engine.tasks.complete(worker, task.id, {"uwagi": "gotowe"})
    yield engine.runtime.case(ADMIN, case.id)
    deployments_changed(database_url)


@pytest.fixture
def incident(engine, clock, people, nominated, database_url):
    """An e-mail that failed every attempt: the mail server refuses connections.

    The animator's qualification task is given to a person with an e-mail address; the worker tells
    them by e-mail, which fails, and with one attempt allowed the job becomes an incident.
    """
    refusing = SmtpMailer(SmtpSettings(host="127.0.0.1", port=free_port(), timeout=2))
    sender = Engine.from_url(database_url, clock, jobs=JobSettings(max_attempts=1), mailer=refusing)
    try:
        animator = add_person(sender, "animator.poczta", people.institution_of(AN), AN, email="animator@gops.example")
        (task,) = [t for t in sender.tasks.of_case(ADMIN, nominated.case.id) if t.role == AN]
        sender.tasks.assign(ADMIN, task.id, animator.user_id)
        for _ in range(3):  # the assignment's job enqueues the e-mail, whose one attempt fails
            sender.worker.run_once("w1")
        (found,) = sender.worker.incidents(ADMIN)
    finally:
        sender.close()
    yield found
    directory_changed(database_url)


def pages(case_id: str) -> list[str]:
    return ["/nadzor", "/nadzor/sprawy", "/nadzor/sprawy?status=running", f"/nadzor/sprawy/{case_id}"]


# ---------------------------------------------------------------------------- access


def test_supervision_pages_open_for_supervisors_and_not_for_the_administrator(
    supervisor, app, engine, people, nominated, database_url
):
    for path in pages(nominated.case.id):
        response = supervisor.get(path)
        assert response.status_code == 200, path
        assert unlabelled(response) == [], path
    assert "Nadzór" in text(supervisor.get("/nadzor"))
    administrator = add_person(engine, "a.administrator", people.institution["rops"], "Administrator")
    try:  # the administrator manages accounts and reads no case data
        admin = Browser(app, administrator)
        for path in pages(nominated.case.id):
            assert admin.get(path).status_code == 403, path
    finally:
        directory_changed(database_url)


def test_supervision_is_refused_to_a_worker_and_needs_a_login(browser, nominated):
    case_id = nominated.case.id
    for path in pages(case_id):
        assert browser(PS).get(path).status_code == 403, path
        response = browser().get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=/nadzor"), path
    assert browser(AN).post(f"/nadzor/sprawy/{case_id}/wstrzymaj", {"reason": "x"}).status_code == 403
    assert nominated.status(ADMIN).status == "running"
    assert "Nadzór" not in text(browser(PS).get("/sprawy"))


def test_unknown_cases_and_tasks_are_not_found(supervisor):
    assert supervisor.get("/nadzor/sprawy/nie-ma-takiej").status_code == 404
    assert supervisor.post("/nadzor/sprawy/nie-ma-takiej/wstrzymaj", {"reason": "x"}).status_code == 404
    assert supervisor.post("/nadzor/sprawy/nie-ma-takiej/zakoncz", {"reason": "x"}).status_code == 404
    assert supervisor.post("/nadzor/zadania/nie-ma-takiego/przydziel", {"user_id": "1"}).status_code == 404


# ---------------------------------------------------------------------------- lists


def test_the_case_list_filters_by_status(supervisor, engine, nominated):
    listing = text(supervisor.get("/nadzor/sprawy"))
    assert "Rodzina Nowakowskich" in listing and "w toku" in listing
    assert "Rodzina Nowakowskich" not in text(supervisor.get("/nadzor/sprawy?status=suspended"))
    engine.runtime.suspend(ADMIN, nominated.case.id, "")
    assert "Rodzina Nowakowskich" in text(supervisor.get("/nadzor/sprawy?status=suspended"))


def test_the_case_list_filters_by_step_institution_deadline_and_dates(supervisor, clock, people, nominated):
    started = clock.now().astimezone(ZoneInfo("Europe/Warsaw")).date().isoformat()
    animator = people.institution_of(AN)
    assert "Rodzina Nowakowskich" in text(supervisor.get(f"/nadzor/sprawy?krok=ut_kwalifikacja&instytucja={animator}"))
    assert "Rodzina Nowakowskich" not in text(supervisor.get("/nadzor/sprawy?krok=ut_plan"))
    assert "Rodzina Nowakowskich" not in text(supervisor.get("/nadzor/sprawy?po_terminie=1"))  # due in 7 days
    clock.advance(timedelta(days=8))
    overdue = supervisor.get("/nadzor/sprawy?po_terminie=1")
    assert "Rodzina Nowakowskich" in text(overdue)
    assert "Rodzina Nowakowskich" in text(supervisor.get(f"/nadzor/sprawy?od={started}&do={started}"))
    assert "Żadna sprawa nie spełnia" in text(supervisor.get("/nadzor/sprawy?od=2099-01-01"))
    assert "PZK Brzozowa Wola" in options(overdue, "f-partnerstwo")
    refused = supervisor.get("/nadzor/sprawy?od=wczoraj")
    assert refused.status_code == 400 and error_at(refused, "f-od") == "Podaj datę w postaci RRRR-MM-DD."


def test_the_start_page_shows_cases_in_error_and_escalated_tasks(supervisor, engine, clock, nominated, case_in_error):
    clock.advance(timedelta(days=8))  # the qualification was due in 7 days
    engine.worker.run_once("w1")
    page = text(supervisor.get("/nadzor"))
    errors = page.split("Sprawy z błędem")[-1].split("Zadania po terminie")[0]
    assert "Rodzina Kowalskich" in errors and "division by zero" in errors
    escalated = page.split("Zadania po terminie (eskalowane)")[1].split("Incydenty zadań w tle")[0]
    assert "Kwalifikacja rodziny" in escalated and "Rodzina Nowakowskich" in escalated and "eskalowane" in escalated


def test_an_incident_is_listed_and_retried(supervisor, engine, incident):
    page = text(supervisor.get("/nadzor"))
    assert f"email #{incident.job_id}" in page and "Connection refused" in page
    response = supervisor.post(f"/nadzor/incydenty/{incident.job_id}/ponow")
    assert response.status_code == 302 and response.headers["Location"] == "/nadzor"
    page = text(supervisor.get("/nadzor"))
    assert "wróciło do kolejki" in page and "Brak incydentów." in page
    assert engine.worker.incidents(ADMIN) == []
    supervisor.post(f"/nadzor/incydenty/{incident.job_id}/ponow")
    assert "mógł zostać już ponowiony" in text(supervisor.get("/nadzor"))


# ---------------------------------------------------------------------------- one case


def test_the_case_page_shows_the_history_team_and_open_tasks(supervisor, nominated):
    page = text(supervisor.get(f"/nadzor/sprawy/{nominated.case.id}"))
    history = page.split("Historia")[-1]
    assert "Rozpoczęto sprawę" in history and "Zakończono Zgłoszenie rodziny do pracy Modelem" in history
    assert "K Mazur" in history  # who completed it
    assert "GOPS Brzozowa Wola" in page and "Kwalifikacja rodziny do pracy Modelem" in page


def test_suspending_and_resuming_a_case(supervisor, engine, nominated):
    case_id = nominated.case.id
    response = supervisor.post(f"/nadzor/sprawy/{case_id}/wstrzymaj", {"reason": "Rodzina wyjechała na miesiąc."})
    assert response.status_code == 302 and response.headers["Location"] == f"/nadzor/sprawy/{case_id}"
    page = text(supervisor.get(f"/nadzor/sprawy/{case_id}"))
    assert "Sprawa wstrzymana." in page and "Status wstrzymana" in page
    assert "Wstrzymano sprawę" in page and "Rodzina wyjechała na miesiąc." in page
    assert engine.runtime.case(ADMIN, case_id).status == "suspended"

    supervisor.post(f"/nadzor/sprawy/{case_id}/wstrzymaj", {"reason": ""})  # already suspended
    assert "Można wstrzymać tylko sprawę w toku." in text(supervisor.get(f"/nadzor/sprawy/{case_id}"))
    supervisor.post(f"/nadzor/sprawy/{case_id}/wznow")
    assert engine.runtime.case(ADMIN, case_id).status == "running"


def test_terminating_needs_a_reason_and_cancels_the_open_tasks(supervisor, engine, nominated):
    case_id = nominated.case.id
    response = supervisor.post(f"/nadzor/sprawy/{case_id}/zakoncz", {"reason": "  "})
    assert response.status_code == 422
    assert error_at(response, "terminate-reason").startswith("Podaj powód przerwania sprawy")
    assert summary_links(response) == ["#terminate-reason"]
    assert engine.runtime.case(ADMIN, case_id).status == "running"

    response = supervisor.post(f"/nadzor/sprawy/{case_id}/zakoncz", {"reason": "Rodzina przeprowadziła się."})
    assert response.status_code == 302
    page = text(supervisor.get(f"/nadzor/sprawy/{case_id}"))
    assert "Status przerwana" in page and "Przerwano sprawę" in page and "Rodzina przeprowadziła się." in page
    assert "Sprawa nie ma otwartych zadań." in page and "Przerwij sprawę" not in page
    assert engine.tasks.of_case(ADMIN, case_id) == []


def test_a_case_in_error_is_retried_once_the_fault_has_passed(supervisor, clock, case_in_error):
    path = f"/nadzor/sprawy/{case_in_error.id}"
    page = text(supervisor.get(path))
    assert "błąd — wymaga interwencji" in page and "division by zero" in page and "Ponów po błędzie" in page
    clock.set(BROKEN_UNTIL + timedelta(hours=1))
    assert supervisor.post(f"{path}/ponow").status_code == 302
    page = text(supervisor.get(path))
    assert "Ponowiono zadania" in page and "Status zakończona" in page and "Ponowiono po błędzie" in page


def test_a_task_is_given_to_another_person_of_the_role(supervisor, engine, people, nominated, database_url):
    second = add_person(engine, "z.druga", people.institution_of(AN), AN)
    try:
        (task,) = [t for t in nominated.open() if t.bpmn_id == "ut_kwalifikacja"]
        field = f"assign-{task.id}"
        page = supervisor.get(f"/nadzor/sprawy/{nominated.case.id}")
        assert options(page, field) == ["E Zielinska (GOPS Brzozowa Wola)", "Z Druga (GOPS Brzozowa Wola)"]

        response = supervisor.post(f"/nadzor/zadania/{task.id}/przydziel", {"user_id": ""})
        assert response.status_code == 422 and error_at(response, field) == "Wybierz osobę, której przydzielić zadanie."
        response = supervisor.post(f"/nadzor/zadania/{task.id}/przydziel", {"user_id": str(second.user_id)})
        assert response.status_code == 302
        assert [t.assignee_id for t in engine.tasks.inbox(second) if t.id == task.id] == [second.user_id]
        page = text(supervisor.get(f"/nadzor/sprawy/{nominated.case.id}"))
        assert "przydzielono: Z Druga" in page and "Przydzielono zadanie" in page and "dla: Z Druga" in page

        supervisor.post(f"/nadzor/zadania/{task.id}/przydziel", {"user_id": str(people.user[PS].user_id)})
        assert "nie pełni w tej sprawie roli „Animator”" in text(supervisor.get(f"/nadzor/sprawy/{nominated.case.id}"))
    finally:
        directory_changed(database_url)
