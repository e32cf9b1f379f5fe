"""Forms that help: every error of a submit at once, nothing typed lost (empty rows, a draft kept by
itself), household members chosen by name and checked by the engine."""

from __future__ import annotations

import re

from tests.factories import ADMIN
from tests.processes.people import PS, ZD
from tests.processes.scenarios import NOMINACJA, POZYCJE_JEDEN_ZAKUP, do_diagnozy, do_planu_skrot, plan
from tests.web.pages.forms import fields


def _start(browser):
    client = browser(PS)
    form = client.get("/sprawy/nowa").get_data(as_text=True)
    partnership = form.split('name="partnership" value="')[1].split('"')[0]
    response = client.post("/sprawy/nowa", {"title": "Rodzina Nowakowskich", "partnership": partnership})
    return client, response.headers["Location"]


def _invalid(page: str) -> list[str]:
    """Ids of the controls marked invalid, in page order."""
    return re.findall(r'id="(f-[^"]+)"[^>]*aria-invalid="true"', page)


def test_every_error_of_a_submit_is_shown_at_once_and_the_input_kept_as_a_draft(browser):
    client, task_url = _start(browser)
    typed = [(k, v) for k, v in fields(NOMINACJA) if k != "opis_sytuacji"]  # a required field left empty
    typed = [(k, "dwa" if k == "czlonkowie.0.wiek" else "Anna N." if k == "czlonkowie.1.id" else v) for k, v in typed]
    typed.append(("czlonkowie.5", ""))  # a row added and left empty

    response = client.post(task_url, [*typed, ("_action", "complete")])
    page = response.get_data(as_text=True)

    assert response.status_code == 422
    # the typing error ("dwa"), the engine's schema errors and those of the empty row, in one round
    assert _invalid(page) == [
        "f-czlonkowie-0-wiek",
        "f-czlonkowie-1-id",
        "f-czlonkowie-5-id",
        "f-czlonkowie-5-imie",
        "f-czlonkowie-5-wiek",
        "f-czlonkowie-5-pokrewienstwo",
        "f-opis_sytuacji",
    ]
    assert "Wpisane dane zapisano jako wersję roboczą" in page
    assert 'name="czlonkowie.5.imie"' in page  # the empty row is still there

    again = client.get(task_url).get_data(as_text=True)  # leaving and coming back loses nothing
    assert 'value="dwa"' in again and 'value="Anna N."' in again and 'name="czlonkowie.5.imie"' in again


def test_the_plan_offers_the_family_by_name_and_refuses_someone_outside_it(browser, engine, people, case_driver):
    case_driver.start(title="Rodzina Nowakowskich")
    case_driver.play(do_planu_skrot())
    (task,) = [t for t in engine.tasks.queue(people.user[ZD]) if t.bpmn_id == "ut_plan"]
    client = browser(ZD)
    assert client.post(f"/zadania/{task.id}/podejmij").status_code == 302

    page = client.get(f"/zadania/{task.id}").get_data(as_text=True)
    select = page.split('id="f-cele-0-czlonek"')[1].split("</select>")[0]
    names = re.findall(r'<option value="([^"]+)"[^>]*>\s*([^<]+?)\s*</option>', select)
    assert names == [("marek", "Marek"), ("anna", "Anna"), ("kacper", "Kacper"), ("zuzia", "Zuzia")] + [
        ("janina", "Janina"),
        ("rodzina", "Cała rodzina"),
    ]

    forged = plan(POZYCJE_JEDEN_ZAKUP)
    forged["cele"] = [dict(forged["cele"][0], czlonek="tomek"), *forged["cele"][1:]]
    response = client.post(f"/zadania/{task.id}", [*fields(forged), ("_action", "complete")])
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert _invalid(page) == ["f-cele-0-czlonek"]
    assert "Wybierz osobę z gospodarstwa domowego tej rodziny albo „Cała rodzina”." in page

    done = client.post(f"/zadania/{task.id}", [*fields(plan(POZYCJE_JEDEN_ZAKUP)), ("_action", "complete")])
    assert done.status_code == 302


def test_the_api_refuses_a_withdrawal_naming_someone_outside_the_family_field_by_field(
    app, engine, people, case_driver
):
    case = case_driver.start(title="Rodzina Nowakowskich")
    case_driver.play(do_diagnozy())
    gops = people.institution["gops"]
    token = engine.directory.create_api_token(ADMIN, "system-ops", gops, ["messages:send"], ["zgoda_wycofana_czlonek"])[
        1
    ]
    client = app.test_client()

    def withdraw(member: str, key: str):
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
        body = {"czlonek": member, "data": "2025-06-10", "powod": "rezygnacja"}
        return client.post(
            f"/api/v1/cases/{case.business_key}/messages/zgoda_wycofana_czlonek", json=body, headers=headers
        )

    refused = withdraw("tomek", "ops-1")
    assert refused.status_code == 422
    assert refused.get_json()["fields"] == {
        "czlonek": ["Tej osoby nie ma w gospodarstwie domowym rodziny (podaj identyfikator z karty zgłoszenia)."]
    }
    assert withdraw("anna", "ops-1").status_code == 200  # the refused request did not use up its key
