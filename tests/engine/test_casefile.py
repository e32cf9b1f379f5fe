"""The case file ("Teczka sprawy") and the task context: what each reader sees, by the model's visibility table.

Reads the Nowakowski case at its agreed plan (``setting``: Janina did not consent, Anna excludes the
police); tests that need another stage play their own case on the same engine.
"""

from __future__ import annotations

import pytest

from engine.errors import NotFound
from tests.engine.helpers import audit_rows
from tests.factories import add_person
from tests.processes.people import AN, PS, PZK, RU, ZD
from tests.processes.scenarios import (
    DO_REALIZACJI,
    NOMINACJA,
    ROLE_NOWAKOWSCY,
    WARSZTAT,
    ZAPROSZENIE_BEZ_ZMIAN,
    T,
    do_diagnozy,
    zgody,
)


def sections(casefile) -> dict[str, list[str]]:
    return {s.id: [e.task_name for e in s.entries] for s in casefile.sections}


def household(casefile) -> list[str]:
    (nomination,) = next(s for s in casefile.sections if s.id == "zgloszenie").entries
    return [member["imie"] for member in nomination.values["czlonkowie"]]


def test_the_social_worker_rereads_every_decision_in_order_with_who_and_when(setting):
    casefile = setting.engine.casefile.file(setting.user(PS), setting.case.id)
    assert casefile.whole
    found = sections(casefile)
    assert found["zgloszenie"] == ["Zgłoszenie rodziny do pracy Modelem"]
    assert found["kwalifikacja"] == ["Kwalifikacja rodziny do pracy Modelem"]
    assert len(found["zgody"]) == 3
    assert found["plan"] == [
        "Plan pracy z rodziną (IPW) z koszykiem usług",
        "Omówienie planu z rodziną",  # the family asked for a change
        "Plan pracy z rodziną (IPW) z koszykiem usług",
        "Omówienie planu z rodziną",
        "Zatwierdzenie planu przez PZK",
        "Zawarcie kontraktu socjalnego",
    ]
    approval = next(s for s in casefile.sections if s.id == "plan").entries[4]
    assert (approval.completed_by, approval.institution) == ("R Wojcik", "GOPS Brzozowa Wola")
    assert approval.values["budzet_zakupow"] == 13350
    assert set(approval.values) <= set(approval.schema["properties"])  # the form's own answers, nothing else
    assert household(casefile) == ["Marek", "Anna", "Kacper", "Zuzia", "Janina"]


def test_a_partner_reads_its_sections_without_the_member_who_did_not_consent(setting):
    casefile = setting.engine.casefile.file(setting.user("PCPR"), setting.case.id)
    assert not casefile.whole
    assert set(sections(casefile)) == {
        "zgloszenie",
        "warsztat",
        "diagnozy_sektorowe",
        "diagnoza",
        "plan",
        "realizacja",
    }  # and not the PZK's or a group's sections: a family case has none of their tasks
    assert household(casefile) == ["Marek", "Anna", "Kacper", "Zuzia"]
    plans = [e for e in next(s for s in casefile.sections if s.id == "plan").entries if "pozycje_planu" in e.values]
    assert all(item["czlonek"] != "janina" for e in plans for item in e.values["pozycje_planu"])


def test_a_member_excluding_an_institution_is_hidden_from_it(setting):
    police_id = setting.people.institution_of("Policja")
    police = add_person(setting.engine, f"p.dzielnicowa.{setting.case.id[:8]}", police_id, "Policja")
    with pytest.raises(NotFound):  # not invited, no task: the police do not learn of the case
        setting.engine.casefile.file(police, setting.case.id)
    setting.engine.runtime.add_participant(setting.user(AN), setting.case.id, "Policja", police_id)
    assert "Anna" not in household(setting.engine.casefile.file(police, setting.case.id))


def test_roles_read_only_the_sections_the_table_gives_them(setting):
    assert set(sections(setting.engine.casefile.file(setting.user(PZK), setting.case.id))) >= {"plan", "diagnoza"}
    assert "zgody" not in sections(setting.engine.casefile.file(setting.user(ZD), setting.case.id))
    with pytest.raises(NotFound):
        setting.engine.casefile.file(setting.user(RU), setting.case.id)
    with pytest.raises(NotFound):
        setting.engine.casefile.file(setting.people.outsider, setting.case.id)


def test_the_file_says_what_the_case_waits_for(setting):
    awaited = setting.engine.casefile.file(setting.user(AN), setting.case.id).awaited
    assert {(t.name, t.role, t.institutions) for t in awaited.tasks} == {
        ("Sprawdzenie środków na zakup", "Koordynator zamówień", ("ROPS Rzeszów",))
    }
    assert all(t.due_at is not None for t in awaited.tasks)
    assert "Wycofanie zgody przez członka rodziny lub uczestnika grupy" in awaited.messages
    assert "zgoda_wycofana" not in awaited.messages  # words, not codes


def test_a_withdrawal_hides_the_member_at_the_next_read(setting):
    driver = setting.driver(DO_REALIZACJI)
    before = setting.engine.casefile.file(setting.user("PCPR"), driver.case.id)
    assert "Marek" in household(before)
    driver.send("zgoda_wycofana_czlonek", {"czlonek": "marek", "data": "2025-06-10", "powod": "rezygnacja"})
    after = setting.engine.casefile.file(setting.user("PCPR"), driver.case.id)
    assert "Marek" not in household(after)
    assert "Marek" in household(
        setting.engine.casefile.file(setting.user(PS), driver.case.id)
    )  # the OPS keeps its records

    anulowanie = {"data_przyjecia_oswiadczenia": "2025-06-10", "poinformowano_realizatorow": True}
    driver.do(PS, "ut_anulowanie_uslug", anulowanie)  # the listener's branch ends; the work goes on
    later = setting.engine.casefile.file(setting.user("PCPR"), driver.case.id)
    assert "Marek" not in household(later)


def test_the_task_context_shows_what_the_decision_needs(setting):
    driver = setting.driver([])
    driver.do(PS, "ut_nominacja", NOMINACJA)
    task = driver.find(AN, "ut_kwalifikacja")
    context = setting.engine.casefile.task_context(setting.user(AN), task.id)
    (nomination,) = context.sections
    assert nomination.id == "zgloszenie" and context.facts == ()
    assert [m["imie"] for m in nomination.entries[0].values["czlonkowie"]] == [
        m["imie"] for m in NOMINACJA["czlonkowie"]
    ]
    assert not setting.engine.casefile.task_context(setting.user(PS), task.id)  # not the social worker's task
    assert audit_rows(setting.engine, "task.context")[-1][:2] == (setting.user(AN).user_id, driver.case.id)


def test_every_read_and_every_refusal_is_audited(setting):
    setting.engine.casefile.file(setting.user(PS), setting.case.id)
    assert audit_rows(setting.engine, "casefile.read")[-1][:2] == (setting.user(PS).user_id, setting.case.id)
    with pytest.raises(NotFound):
        setting.engine.casefile.file(setting.people.outsider, setting.case.id)
    assert audit_rows(setting.engine, "casefile.read.refused")[-1][:2] == (
        setting.people.outsider.user_id,
        setting.case.id,
    )


def test_the_invitation_shows_what_the_decision_table_proposed_and_why(setting):
    driver = setting.driver(do_diagnozy())
    task = driver.find(AN, "ut_zaproszenie")
    context = setting.engine.casefile.task_context(setting.user(AN), task.id)
    assert [s.id for s in context.sections] == ["zgloszenie", "kwalifikacja", "zgody"]
    ((title, proposed),) = context.facts
    assert title.startswith("Instytucje zaproponowane przez tabelę decyzyjną")
    assert set(proposed) == set(ROLE_NOWAKOWSCY)
    assert "Niepełnosprawność: rehabilitacja, PFRON" in proposed["PCPR"]


def test_a_new_plan_version_carries_the_previous_one_for_comparison(setting):
    casefile = setting.engine.casefile.file(setting.user(PS), setting.case.id)
    first, _review, second, *_rest = next(s for s in casefile.sections if s.id == "plan").entries
    assert first.previous is None
    assert second.previous == first.values
    assert second.values["pozycje_planu"] != first.values["pozycje_planu"]  # the family's change


def test_a_form_offers_only_the_members_whose_consent_reaches_the_institution(setting):
    steps = [
        *do_diagnozy(consents=zgody(janina=False)),
        T("ut_zaproszenie", AN, ZAPROSZENIE_BEZ_ZMIAN),
        T("ut_warsztat", ZD, WARSZTAT),
    ]
    driver = setting.driver(steps)
    pcpr = setting.user("PCPR")
    task = driver.find("PCPR", "ut_diagnoza_sektorowa")
    setting.engine.tasks.claim(pcpr, task.id)
    offered = setting.engine.tasks.get(pcpr, task.id).choices["czlonkowie"]
    assert [title for _value, title in offered] == ["Marek", "Anna", "Kacper", "Zuzia"]  # Janina refused
    reads = len(audit_rows(setting.engine, "task.read"))
    form = setting.engine.tasks.form(pcpr, task.id)  # what a submission is read against: the same lists
    assert form.choices["czlonkowie"] == offered and form.schema is not None
    assert form.data == {} and form.draft is None and form.item is None  # none of the values
    assert len(audit_rows(setting.engine, "task.read")) == reads  # read only; the completion is audited
    with pytest.raises(NotFound):
        setting.engine.tasks.form(setting.user(PS), "no-such-task")
