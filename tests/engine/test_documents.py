"""The documents of a family case: the agreed plan (IPW) and the consent records, who may have them.

One Nowakowski case is driven to its agreed plan once per backend (module scope) and only read by
most tests; the tests that need another stage start their own case on the same engine.
"""

from __future__ import annotations

from datetime import date

import pytest

from engine import Engine
from engine.errors import InvalidState, NotAllowed, NotFound
from tests.factories import add_person
from tests.processes.paths import OCENA_KOREKTA, POTWIERDZENIA_OKRES1
from tests.processes.people import AN, PS, PZK, RU, ZD
from tests.processes.scenarios import (
    DO_REALIZACJI,
    POZYCJE_V2,
    POZYCJE_V3,
    REALIZATOR,
    T,
    do_planu_skrot,
    monitoring,
    plan,
    przeglad,
)

# ------------------------------------------------------------------ the agreed plan


def test_the_plan_is_the_version_the_family_accepted_and_the_pzk_approved(setting):
    document = setting.engine.documents.plan(setting.user(PS), setting.case.id)

    assert (document.business_key, document.family, document.municipality) == (
        setting.case.business_key,
        "Nowakowscy",
        "Brzozowa Wola",
    )
    assert document.version == 2  # the family asked for one change first
    assert (document.family_accepted_on, document.approved_on) == (date(2025, 3, 26), date(2025, 3, 27))
    assert document.purchase_budget == 13350
    assert (document.acceptance_recorded.name, document.acceptance_recorded.institution) == (
        "K Mazur",
        "GOPS Brzozowa Wola",
    )
    assert document.approval_recorded.name == "R Wojcik"
    assert [item.number for item in document.items] == [f"P{n}" for n in range(1, 12)]
    assert document.items[5].service == "Spotkania motywacyjne / profilaktyka"  # the family's change
    assert [(goal.member, goal.goal) for goal in document.goals][:2] == [
        ("Kacper", "Postęp w mowie i sprawności"),
        ("Marek", "Rejestracja w PUP i powrót do aktywności"),
    ]
    assert document.team == "Zespół Diagnostyczny"
    assert document.variant.startswith("Gmina wiejska")
    assert document.generated_by == "K Mazur (GOPS Brzozowa Wola)"


def test_a_partners_copy_of_the_plan_leaves_out_the_member_who_did_not_consent(setting):
    document = setting.engine.documents.plan(setting.user("PCPR"), setting.case.id)
    assert document.version == 2
    assert [member.name for member in document.members] == ["Marek", "Anna", "Kacper", "Zuzia"]
    assert "Janina" not in {item.member for item in document.items} | {goal.member for goal in document.goals}
    assert [item.number for item in document.items] == ["P1", "P2", "P3", "P4", "P5", "P6", "P9", "P10", "P11"]
    assert document.generated_by == "D Kwiatkowska (PCPR w Brzozowej Woli)"


def test_a_member_who_excludes_an_institution_is_left_out_of_its_copy(setting):
    police = add_person(
        setting.engine, f"p.dzielnicowy.{setting.case.id[:8]}", setting.people.institution_of("Policja"), "Policja"
    )
    setting.engine.runtime.add_participant(
        setting.user(AN), setting.case.id, "Policja", setting.people.institution_of("Policja")
    )
    document = setting.engine.documents.plan(police, setting.case.id)
    names = [member.name for member in document.members]
    assert "Anna" not in names and "Marek" in names  # Anna's statement excludes the police
    assert "Anna" not in {item.member for item in document.items}


def test_plan_items_name_services_owners_and_sources_in_polish(setting):
    items = {item.number: item for item in setting.engine.documents.plan(setting.user(PS), setting.case.id).items}

    first = items["P1"]
    assert (first.service, first.member, first.owner) == (
        "Terapia logopedyczna",
        "Kacper",
        "PPP – Poradnia Psychologiczno-Pedagogiczna",
    )
    assert first.owner_institutions == ("PPP w Brzozowej Woli",)
    assert first.source == "Zakup z koszyka usług (zamówienie)"
    assert (first.date_from, first.date_to, first.units, first.estimated_cost) == (
        date(2025, 4, 1),
        date(2025, 12, 31),
        40,
        4000,
    )
    assert (items["P10"].member, items["P10"].status) == ("cała rodzina", "zaplanowana")
    assert items["P11"].owner_institutions == ("Stowarzyszenie „Razem dla Lipin”",)
    assert items["P4"].source == "Oferta własna instytucji (zadania ustawowe)"


def test_a_member_without_consent_is_marked_and_left_out_of_the_basket(setting):
    document = setting.engine.documents.plan(setting.user(PS), setting.case.id)

    consent = {member.name: (member.adult, member.consent) for member in document.members}
    assert consent == {
        "Marek": (True, True),
        "Anna": (True, True),
        "Kacper": (False, None),
        "Zuzia": (False, None),
        "Janina": (True, False),
    }
    cancelled = {item.number for item in document.items if item.status == "anulowana"}
    assert cancelled == {"P7", "P8"}  # Janina's care and meals


def test_the_institutions_the_plan_concerns_and_supervisors_may_have_the_plan(setting):
    for role in (PS, "PPP", ZD, PZK):
        assert setting.engine.documents.plan(setting.user(role), setting.case.id).version == 2
    assert setting.engine.documents.plan(setting.people.supervisor, setting.case.id).version == 2
    # neither invited nor owning an item: the school and a provider with nothing ordered yet do not learn of it
    for role in ("Szkoła", RU):
        with pytest.raises(NotFound):
            setting.engine.documents.plan(setting.user(role), setting.case.id)


def test_outsiders_do_not_learn_that_the_case_exists(setting):
    with pytest.raises(NotFound):
        setting.engine.documents.plan(setting.people.outsider, setting.case.id)
    with pytest.raises(NotFound):
        setting.engine.documents.consent(setting.people.outsider, setting.case.id, "anna")
    with pytest.raises(NotFound):
        setting.engine.documents.plan(setting.people.supervisor, "no-such-case")


def test_there_is_no_plan_document_before_the_family_and_the_pzk_agreed(setting):
    driver = setting.driver([*do_planu_skrot(), T("ut_plan", ZD, plan(POZYCJE_V2))])
    with pytest.raises(InvalidState, match="nie jest jeszcze uzgodniony"):
        setting.engine.documents.plan(setting.user(PS), driver.case.id)

    driver.play([T("ut_przeglad_rodziny", PS, przeglad("akceptacja"))])  # accepted, the PZK has not decided
    with pytest.raises(InvalidState):
        setting.engine.documents.plan(setting.user(PS), driver.case.id)

    driver.play([T("ut_zatwierdzenie_pzk", PZK, {"decyzja_pzk": "do_poprawy", "data_decyzji_pzk": "2025-03-27"})])
    with pytest.raises(InvalidState):  # sent back for corrections: still nothing agreed
        setting.engine.documents.plan(setting.user(PS), driver.case.id)


def test_a_correction_under_review_leaves_the_agreed_plan_until_the_pzk_approves_it(setting):
    under_way = {"P1", "P3", "P4", "P5", "P6", "P7", "P11"}  # what DO_REALIZACJI delivers
    delivered = [step for step in POTWIERDZENIA_OKRES1 if step["where"]["pozycja.id"] in under_way]
    driver = setting.driver([*DO_REALIZACJI, *monitoring(6), *delivered, T("ut_ocena_srodokresowa", ZD, OCENA_KOREKTA)])
    before = setting.engine.documents.plan(setting.user(PS), driver.case.id)
    assert before.version == 1
    ordered = {item.number: item for item in before.items}["P1"]
    assert (ordered.provider, ordered.status) == (REALIZATOR, "w trakcie")

    driver.play(
        [T("ut_plan", ZD, plan(POZYCJE_V3)), T("ut_przeglad_rodziny", PS, przeglad("akceptacja", "2025-10-08"))]
    )
    assert setting.engine.documents.plan(setting.user(PS), driver.case.id) == before  # not approved yet

    driver.play([T("ut_zatwierdzenie_pzk", PZK, {"decyzja_pzk": "zatwierdzony", "data_decyzji_pzk": "2025-10-10"})])
    after = setting.engine.documents.plan(setting.user(PS), driver.case.id)
    assert (after.version, after.family_accepted_on, after.approved_on) == (2, date(2025, 10, 8), date(2025, 10, 10))
    assert after.items[-1].number == "P12"


def test_a_restored_case_gives_the_same_documents(setting):
    cached = setting.engine.documents.plan(setting.user(PS), setting.case.id)
    restored = Engine.from_url(setting.url, clock=setting.engine.clock, cache_capacity=0)
    try:
        assert restored.documents.plan(setting.user(PS), setting.case.id) == cached
        assert restored.documents.consent(setting.user(PS), setting.case.id, "anna") == (
            setting.engine.documents.consent(setting.user(PS), setting.case.id, "anna")
        )
    finally:
        restored.close()


# ------------------------------------------------------------------ consent records


def test_the_consent_record_holds_the_statement_as_recorded(setting):
    record = setting.engine.documents.consent(setting.user(PS), setting.case.id, "anna")

    assert (record.member.name, record.member.age, record.member.relation) == ("Anna", 43, "Małżonek / partner")
    assert (record.given, record.declared_on, record.information_clause) == (True, date(2025, 2, 10), True)
    assert (record.on_behalf_of_minors, record.minors) == (True, ("Kacper", "Zuzia"))
    assert record.excluded_institutions == ("Policja (dzielnicowy)",)
    assert record.remarks == "Bez kontaktu z dzielnicowym."
    assert (record.recorded.name, record.recorded.institution) == ("K Mazur", "GOPS Brzozowa Wola")
    assert any(line.startswith("art. 9 ust. 2 lit. a RODO") for line in record.legal_basis)
    assert any("ustawy z dnia 12 marca 2004 r. o pomocy społecznej" in line for line in record.legal_basis)
    assert record.withdrawn_on is None


def test_a_refusal_is_recorded_too(setting):
    record = setting.engine.documents.consent(setting.user(AN), setting.case.id, "janina")
    assert (record.member.name, record.given, record.minors) == ("Janina", False, ())


def test_consent_records_are_for_the_social_worker_the_animator_and_supervisors(setting):
    documents, case_id = setting.engine.documents, setting.case.id
    for actor in (setting.user(PS), setting.user(AN), setting.people.supervisor):
        assert documents.consent(actor, case_id, "marek").member.name == "Marek"
    # the team's other roles - even in the same GOPS - and partner institutions may not
    for role in (ZD, PZK, "PCPR", "PPP"):
        with pytest.raises(NotAllowed, match="pracownik socjalny OPS lub animator"):
            documents.consent(setting.user(role), case_id, "marek")
    for role in ("Szkoła", RU):
        with pytest.raises(NotFound):
            documents.consent(setting.user(role), case_id, "marek")


def test_the_consent_readers_get_the_list_of_recorded_statements(setting):
    documents, case_id = setting.engine.documents, setting.case.id
    assert documents.consents(setting.user(PS), case_id) == [("anna", "Anna"), ("janina", "Janina"), ("marek", "Marek")]
    with pytest.raises(NotAllowed):
        documents.consents(setting.user("PCPR"), case_id)


def test_an_animator_of_an_institution_that_is_not_the_cases_animator_may_not(setting):
    pcpr = setting.people.institution_of("PCPR")
    county_animator = add_person(setting.engine, f"t.wrona.{setting.case.id[:8]}", pcpr, "PCPR", AN)
    assert setting.engine.documents.plan(county_animator, setting.case.id).version == 2
    with pytest.raises(NotAllowed):
        setting.engine.documents.consent(county_animator, setting.case.id, "marek")


def test_children_and_strangers_have_no_consent_record(setting):
    with pytest.raises(NotFound, match="nie zapisano oświadczenia"):
        setting.engine.documents.consent(setting.user(PS), setting.case.id, "kacper")
    with pytest.raises(NotFound, match="nie ma członka rodziny „ewa”"):
        setting.engine.documents.consent(setting.user(PS), setting.case.id, "ewa")


def test_a_withdrawal_shows_on_the_record_and_cancels_the_members_items(setting):
    driver = setting.driver(DO_REALIZACJI)
    driver.send("zgoda_wycofana_czlonek", {"czlonek": "marek", "data": "2025-06-10", "powod": "rezygnacja"})

    record = setting.engine.documents.consent(setting.user(PS), driver.case.id, "marek")
    assert (record.given, record.withdrawn_on, record.withdrawal_reason) == (True, date(2025, 6, 10), "rezygnacja")
    document = setting.engine.documents.plan(setting.user(PS), driver.case.id)
    marek = next(member for member in document.members if member.id == "marek")
    assert marek.withdrawn_on == date(2025, 6, 10)
    assert {item.number: item.status for item in document.items if item.member == "Marek"} == dict.fromkeys(
        ("P4", "P5", "P6"), "anulowana"
    )


# ------------------------------------------------------------------ audit


def test_every_document_read_is_audited(setting):
    trail = setting.engine.history.audit_trail
    before = len(trail(setting.people.supervisor, setting.case.id))

    setting.engine.documents.plan(setting.user("PCPR"), setting.case.id)
    setting.engine.documents.consent(setting.user(PS), setting.case.id, "anna")
    with pytest.raises(NotAllowed):  # a refused read hands out nothing
        setting.engine.documents.consent(setting.user("PCPR"), setting.case.id, "anna")

    added = trail(setting.people.supervisor, setting.case.id)[before:]
    assert [(actor, action) for _at, actor, action, _task in added] == [
        (setting.user("PCPR").user_id, "document.plan"),
        (setting.user(PS).user_id, "document.consent"),
    ]
    statement = setting.engine.tasks.get(setting.people.supervisor, added[1][3]).task
    assert (statement.bpmn_id, statement.subject) == ("ut_zgoda", "Anna")  # which statement was read
