"""The worker's pages: starting a case, the task lists, the task page with its form."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.factories import add_person
from tests.processes.people import AN, PS, ZD
from tests.processes.scenarios import KWALIFIKACJA_TAK, NOMINACJA, zgody
from tests.web.pages.forms import fields

NOMINATION_FIELDS = fields(NOMINACJA)


def _start(browser, title: str = "Rodzina Nowakowskich"):
    """Start a family case through the page as the social worker; returns (client, the nomination task URL)."""
    client = browser(PS)
    form = client.get("/sprawy/nowa").get_data(as_text=True)
    partnership = form.split('name="partnership" value="')[1].split('"')[0]
    response = client.post("/sprawy/nowa", {"title": title, "partnership": partnership})
    assert response.status_code == 302
    return client, response.headers["Location"]


def _nominate(browser, engine, people):
    client, task_url = _start(browser)
    assert client.post(task_url, [*NOMINATION_FIELDS, ("_action", "complete")]).status_code == 302
    (qualification,) = [t for t in engine.tasks.queue(people.user[AN]) if t.bpmn_id == "ut_kwalifikacja"]
    return client, qualification


def test_starting_a_case_opens_its_nomination_form_for_me(browser):
    client, task_url = _start(browser)
    page = client.get(task_url).get_data(as_text=True)
    assert "Rodzina Nowakowskich" in page
    assert 'name="rodzina_nazwa"' in page and 'name="czlonkowie.0.imie"' in page
    assert "Zakończ zadanie" in page and "Zapisz wersję roboczą" in page


def test_starting_needs_a_title_and_a_partnership_and_keeps_the_input(browser):
    client = browser(PS)
    response = client.post("/sprawy/nowa", {"title": "Rodzina X", "partnership": "999"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Wybierz partnerstwo (PZK)" in page and 'value="Rodzina X"' in page
    response = client.post("/sprawy/nowa", {"title": " "})
    assert response.status_code == 422 and "Podaj nazwę sprawy" in response.get_data(as_text=True)


def test_only_social_workers_and_animators_start_cases(browser):
    assert browser("PCPR").get("/sprawy/nowa").status_code == 403
    assert browser(AN).get("/sprawy/nowa").status_code == 200


def test_completing_the_nomination_moves_the_case_to_the_animator(browser, engine, people):
    client, qualification = _nominate(browser, engine, people)
    assert "zostało zakończone" in client.get("/zadania").get_data(as_text=True)
    animator = browser(AN)
    queue = animator.get("/zadania/do-podjecia").get_data(as_text=True)
    assert "Kwalifikacja rodziny" in queue and "Rodzina Nowakowskich" in queue
    page = animator.get(f"/zadania/{qualification.id}").get_data(as_text=True)
    assert "Podejmij zadanie" in page and 'name="decyzja_kwalifikacji"' not in page
    assert animator.post(f"/zadania/{qualification.id}/podejmij").status_code == 302
    page = animator.get(f"/zadania/{qualification.id}").get_data(as_text=True)
    assert 'name="decyzja_kwalifikacji"' in page
    response = animator.post(f"/zadania/{qualification.id}", [*fields(KWALIFIKACJA_TAK), ("_action", "complete")])
    assert response.status_code == 302
    archive = animator.get("/zadania/zakonczone").get_data(as_text=True)
    assert "Kwalifikacja rodziny" in archive


def test_a_refused_form_shows_each_error_at_its_field_and_keeps_everything_typed(browser):
    client, task_url = _start(browser)
    typed = [(k, v) for k, v in NOMINATION_FIELDS if k != "gmina" and not k.startswith("czlonkowie.1.")]
    typed = [(k, "dwa" if k == "czlonkowie.0.wiek" else v) for k, v in typed]
    response = client.post(task_url, [*typed, ("_action", "complete")])
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Popraw błędy w formularzu" in page and 'aria-invalid="true"' in page
    assert 'value="dwa"' in page  # the unconvertible number is shown back, not dropped
    assert 'value="Nowakowscy"' in page and "Marek stracił pracę" in page


def test_the_engine_refusal_is_shown_at_the_field(browser):
    client, task_url = _start(browser)
    typed = [(k, "Marek N." if k == "czlonkowie.0.id" else v) for k, v in NOMINATION_FIELDS]  # breaks the pattern
    response = client.post(task_url, [*typed, ("_action", "complete")])
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    field = page.split('id="f-czlonkowie-0-id"')[1].split(">")[0]
    assert 'aria-invalid="true"' in field and 'value="Marek N."' in field and 'value="Nowakowscy"' in page


def test_a_draft_is_kept_for_later(browser):
    client, task_url = _start(browser)
    draft = [("rodzina_nazwa", "Nowakowscy"), ("opis_sytuacji", "Wstępne ustalenia"), ("czlonkowie.0.wiek", "4x")]
    assert client.post(task_url, [*draft, ("_action", "save")]).status_code == 302
    page = client.get(task_url).get_data(as_text=True)
    assert 'value="Nowakowscy"' in page and "Wstępne ustalenia" in page and 'value="4x"' in page


def test_rows_are_added_and_removed_without_losing_input(browser):
    client, task_url = _start(browser)
    two = [(k, v) for k, v in NOMINATION_FIELDS if not k.startswith(("czlonkowie.2", "czlonkowie.3", "czlonkowie.4"))]
    page = client.post(task_url, [*two, ("_action", "add:czlonkowie")]).get_data(as_text=True)
    assert 'name="czlonkowie.2.imie"' in page and 'value="Anna"' in page and "Marek stracił pracę" in page
    page = client.post(task_url, [*two, ("_action", "remove:czlonkowie.0")]).get_data(as_text=True)
    assert 'value="Anna"' in page and 'value="Marek"' not in page and 'name="czlonkowie.1.imie"' not in page


def test_a_task_taken_by_someone_else_shows_a_message_and_what_i_typed(browser, engine, people):
    _, qualification = _nominate(browser, engine, people)
    second = add_person(engine, "z.druga", people.institution_of(AN), AN)
    browser(AN).post(f"/zadania/{qualification.id}/podejmij")
    other = browser(actor=second)
    page = other.get(f"/zadania/{qualification.id}").get_data(as_text=True)
    assert "podjęła" in page and 'name="decyzja_kwalifikacji"' not in page
    response = other.post(f"/zadania/{qualification.id}", [*fields(KWALIFIKACJA_TAK), ("_action", "complete")])
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "nie zostały zapisane" in page and "Rodzina wieloproblemowa, gotowa do współpracy." in page


def test_a_completed_task_cannot_be_submitted_again(browser, engine, people):
    client, task_url = _start(browser)
    client.post(task_url, [*NOMINATION_FIELDS, ("_action", "complete")])
    response = client.post(task_url, [*NOMINATION_FIELDS, ("_action", "complete")])
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "zostało już zakończone" in page and "Nowakowscy" in page


def test_unknown_tasks_and_other_institutions_get_404(browser, engine, people):
    _, qualification = _nominate(browser, engine, people)
    assert browser(AN).get("/zadania/no-such-task").status_code == 404
    outsider = browser(actor=people.outsider)
    assert outsider.get(f"/zadania/{qualification.id}").status_code == 404
    assert outsider.post(f"/zadania/{qualification.id}/podejmij").status_code == 404
    assert outsider.get(f"/sprawy/{qualification.case_id}").status_code == 404


def test_a_partner_without_the_tasks_role_may_not_claim_it(browser, engine, people):
    _, qualification = _nominate(browser, engine, people)
    team = browser(ZD)  # same institution (GOPS), another role: the case is not the team's business yet
    assert team.post(f"/zadania/{qualification.id}/podejmij").status_code == 404
    assert team.get(f"/zadania/{qualification.id}").status_code == 404
    social_worker = browser(PS)  # takes part in the case, but the qualification is the animator's
    assert social_worker.post(f"/zadania/{qualification.id}/podejmij").status_code == 403
    assert "Podejmij zadanie" not in social_worker.get(f"/zadania/{qualification.id}").get_data(as_text=True)


def test_releasing_a_task_puts_it_back_in_the_queue(browser, engine, people):
    _, qualification = _nominate(browser, engine, people)
    animator = browser(AN)
    animator.post(f"/zadania/{qualification.id}/podejmij")
    assert animator.post(f"/zadania/{qualification.id}/zwolnij").status_code == 302
    assert "Kwalifikacja rodziny" in animator.get("/zadania/do-podjecia").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/zadania", "/zadania/do-podjecia", "/zadania/zakonczone", "/sprawy", "/konto"])
def test_worker_pages_open_for_any_logged_in_user(browser, path):
    assert browser(ZD).get(path).status_code == 200
    assert browser().get(path).status_code == 302


def test_lists_filter_sort_and_mark_overdue_tasks(browser, engine, people, clock):
    _nominate(browser, engine, people)
    animator = browser(AN)
    assert "Rodzina Nowakowskich" in animator.get("/zadania/do-podjecia?q=nowakow").get_data(as_text=True)
    assert "Żadne zadanie nie pasuje" in animator.get("/zadania/do-podjecia?q=kowalscy").get_data(as_text=True)
    assert 'class="tag tag--overdue">po terminie<' not in animator.get("/zadania/do-podjecia").get_data(as_text=True)
    clock.advance(timedelta(days=8))  # the qualification is due in seven days
    page = animator.get("/zadania/do-podjecia?termin=po_terminie").get_data(as_text=True)
    assert 'class="tag tag--overdue">po terminie<' in page and "Kwalifikacja rodziny" in page
    assert animator.get("/zadania/do-podjecia?sort=zle").status_code == 200  # unknown sort falls back


def test_the_case_page_shows_the_team_and_open_tasks(browser, engine, people):
    _, qualification = _nominate(browser, engine, people)
    page = browser(AN).get(f"/sprawy/{qualification.case_id}").get_data(as_text=True)
    assert "Rodzina Nowakowskich" in page and "Kwalifikacja rodziny" in page
    assert "GOPS Brzozowa Wola" in page
    assert "Rodzina Nowakowskich" in browser(PS).get("/sprawy").get_data(as_text=True)


def test_the_social_worker_finds_the_consent_records_on_the_case_page(browser, engine, people, case_driver):
    case_driver.start(title="Rodzina Nowakowskich")
    case_driver.play([{"step": "task", "id": "ut_nominacja", "role": PS, "data": NOMINACJA}])
    case_driver.play([{"step": "task", "id": "ut_kwalifikacja", "role": AN, "data": KWALIFIKACJA_TAK}, *zgody()])
    page = browser(PS).get(f"/sprawy/{case_driver.case.id}").get_data(as_text=True)
    assert "Oświadczenie o zgodzie: Anna, PDF" in page
    response = browser(PS).get(f"/sprawy/{case_driver.case.id}/zgody/anna.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    # the diagnostic team has not been invited yet: the case is not visible to it at all
    assert browser(ZD).get(f"/sprawy/{case_driver.case.id}").status_code == 404
    assert browser(ZD).get(f"/sprawy/{case_driver.case.id}/zgody/anna.pdf").status_code == 404


def test_a_consent_task_says_whose_consent_it_is(browser, engine, people, case_driver):
    case_driver.start(title="Rodzina Nowakowskich")
    case_driver.play([{"step": "task", "id": "ut_nominacja", "role": PS, "data": NOMINACJA}])
    case_driver.play([{"step": "task", "id": "ut_kwalifikacja", "role": AN, "data": KWALIFIKACJA_TAK}])
    mine = engine.tasks.inbox(people.user[PS]) + engine.tasks.queue(people.user[PS])
    (anna,) = [t for t in mine if t.bpmn_id == "ut_zgoda" and t.subject == "Anna"]
    page = browser(PS).get(f"/zadania/{anna.id}").get_data(as_text=True)
    assert "Czego dotyczy zadanie" in page
    panel = page[page.index("Czego dotyczy zadanie") : page.index("</section>", page.index("Czego dotyczy zadanie"))]
    answers = re.findall(r"<dt>([^<]+)</dt>\s*<dd><span class=\"kf-answers__text\">([^<]+)</span>", panel)
    assert ("Imię", "Anna") in answers and ("Wiek (lata)", "43") in answers
    assert ("Relacja w rodzinie", "Małżonek / partner") in answers  # the title, not the code malzonek_partner
