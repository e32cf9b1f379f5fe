"""Starting a case for a person, a family or a group, and the kind shown in the lists and on the case page."""

from __future__ import annotations

import pytest

from tests.processes.groups import DIAGNOZA_GRUPY, SENIORZY, zgoda_uczestnika
from tests.processes.people import PS, ZD
from tests.web.pages.forms import fields

KINDS = [
    ("osoba", "Maria Wilk", "kooperacja_rodzina", "Sprawa osoby", 'name="rodzina_nazwa"'),
    ("rodzina", "Rodzina Nowakowskich", "kooperacja_rodzina", "Sprawa rodziny", 'name="rodzina_nazwa"'),
    ("grupa", "Seniorzy z Woli Rafałowskiej", "kooperacja_grupa", "Sprawa grupowa", 'name="nazwa_grupy"'),
]


def _start(client, kind: str, title: str):
    form = client.get("/sprawy/nowa").get_data(as_text=True)
    partnership = form.split('name="partnership" value="')[1].split('"')[0]
    return client.post("/sprawy/nowa", {"kind": kind, "title": title, "partnership": partnership})


def test_the_new_case_page_offers_a_person_a_family_and_a_group(browser):
    page = browser(PS).get("/sprawy/nowa").get_data(as_text=True)
    assert [v for v in ("osoba", "rodzina", "grupa") if f'name="kind" value="{v}"' in page] == [
        "osoba",
        "rodzina",
        "grupa",
    ]
    assert 'value="rodzina" aria-describedby="kind-rodzina-hint" checked' in page


@pytest.mark.parametrize(("kind", "title", "process_id", "label", "first_field"), KINDS, ids=[k[0] for k in KINDS])
def test_starting_each_kind_opens_its_first_form_and_shows_the_kind(
    browser, engine, people, kind, title, process_id, label, first_field
):
    client = browser(PS)
    response = _start(client, kind, title)
    assert response.status_code == 302
    assert first_field in client.get(response.headers["Location"]).get_data(as_text=True)
    (case,) = [c for c in engine.runtime.cases_of(people.user[PS]) if c.title == title]
    assert (case.kind, case.process_id) == (kind, process_id)

    listed = " ".join(client.get("/sprawy").get_data(as_text=True).split())
    assert f'<span class="muted">{label}:</span> <a href="/sprawy/{case.id}">{title}</a>' in listed
    page = client.get(f"/sprawy/{case.id}").get_data(as_text=True)
    assert f"<h1>{label}: {title}</h1>" in page


def test_an_unknown_kind_is_refused_and_the_input_kept(browser, engine, people):
    response = _start(browser(PS), "klub", "Klub X")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Wybierz, dla kogo jest sprawa" in page and 'value="Klub X"' in page
    assert [c for c in engine.runtime.cases_of(people.user[PS]) if c.title == "Klub X"] == []


def test_the_team_writing_the_project_sees_the_group_and_its_participants(browser, engine, people):
    client = browser(PS)
    task_url = _start(client, "grupa", "Seniorzy z Woli Rafałowskiej").headers["Location"]
    assert client.post(task_url, [*fields(SENIORZY), ("_action", "complete")]).status_code == 302
    social_worker = people.user[PS]
    consents = engine.tasks.inbox(social_worker) + engine.tasks.queue(social_worker)
    for task in [t for t in consents if t.bpmn_id == "ut_zgoda_uczestnika"]:
        engine.tasks.complete(social_worker, task.id, zgoda_uczestnika(True), claim=True)
    (diagnosis,) = [t for t in engine.tasks.queue(people.user[ZD]) if t.bpmn_id == "ut_grupa_diagnoza"]
    engine.tasks.complete(people.user[ZD], diagnosis.id, DIAGNOZA_GRUPY, claim=True)
    (project,) = [t for t in engine.tasks.queue(people.user[ZD]) if t.bpmn_id == "ut_projekt_socjalny"]
    page = browser(ZD).get(f"/zadania/{project.id}").get_data(as_text=True)
    assert "Projekt socjalny z pakietem usług" in page
    assert "Zgłoszenie grupy i uczestnicy" in page and all(n in page for n in ("Halina", "Stefan", "Irena"))
