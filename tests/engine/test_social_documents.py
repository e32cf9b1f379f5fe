"""The social contract and the social project of a family case: what they hold, who may have them,
and that every read is audited. The Nowakowski case (tests/engine/nowakowski.py) has its plan agreed
and a contract with Marek concluded."""

from __future__ import annotations

from datetime import date

import pytest

from engine import Engine
from engine.errors import InvalidState, NotAllowed, NotFound
from tests.processes.driver import CaseDriver
from tests.processes.groups import SENIORZY_Z_WOLI
from tests.processes.people import PS, PZK, RU, ZD
from tests.processes.scenarios import POZYCJE_V2, ZATWIERDZENIE, T, do_planu_skrot, plan, przeglad

# ------------------------------------------------------------------ the social contract


def test_the_contract_names_both_parties_the_goals_obligations_and_period(setting):
    document = setting.engine.documents.contract(setting.user(PS), setting.case.id)

    assert (document.business_key, document.family, document.ops) == (
        setting.case.business_key,
        "Nowakowscy",
        "GOPS Brzozowa Wola",
    )
    assert (document.social_worker.name, document.social_worker.institution) == ("K Mazur", "GOPS Brzozowa Wola")
    [contract] = document.contracts
    assert contract.party == "Marek"
    assert [(m.name, m.relation) for m in contract.people] == [("Marek", "Osoba zgłoszona (wnioskodawca)")]
    assert (contract.concluded_on, contract.valid_from, contract.valid_to) == (
        date(2025, 3, 28),
        date(2025, 4, 1),
        date(2025, 12, 31),
    )
    assert contract.goals == ("Rejestracja w PUP i powrót do aktywności",)
    assert contract.person_obligations.startswith("Rejestracja w PUP")
    assert contract.ops_obligations.startswith("Praca socjalna")
    assert document.legal_basis[0].startswith("art. 108 ust. 1 ustawy z dnia 12 marca 2004 r. o pomocy społecznej")


def test_the_contract_has_the_readers_of_the_plan(setting):
    for role in (PS, ZD, PZK, "PCPR"):
        assert setting.engine.documents.contract(setting.user(role), setting.case.id).contracts
    assert setting.engine.documents.contract(setting.people.supervisor, setting.case.id).contracts
    for role in ("Szkoła", RU):
        with pytest.raises(NotFound):
            setting.engine.documents.contract(setting.user(role), setting.case.id)
    with pytest.raises(NotFound):
        setting.engine.documents.contract(setting.people.outsider, setting.case.id)


def test_there_is_no_contract_before_it_is_concluded(setting):
    agreed = [
        T("ut_plan", ZD, plan(POZYCJE_V2)),
        T("ut_przeglad_rodziny", PS, przeglad("akceptacja")),
        T("ut_zatwierdzenie_pzk", PZK, ZATWIERDZENIE),
    ]
    driver = setting.driver([*do_planu_skrot(), *agreed])
    with pytest.raises(InvalidState, match="Kontrakt socjalny nie został jeszcze zawarty"):
        setting.engine.documents.contract(setting.user(PS), driver.case.id)
    assert setting.engine.documents.project(setting.user(PS), driver.case.id).actions  # the project is there


# ------------------------------------------------------------------ the social project


def test_the_project_is_the_agreed_plan_seen_as_a_project(setting):
    project = setting.engine.documents.project(setting.user(PS), setting.case.id)

    assert (project.reference, project.organiser) == (setting.case.business_key, "GOPS Brzozowa Wola")
    assert project.title == "Projekt socjalny – rodzina Nowakowscy"
    assert "wersja 2" in project.aim
    assert project.aim.startswith("Wzmocnienie rodziny w rozwiązaniu")  # not "rodziny Nowakowscy"
    assert project.objectives[0] == "Kacper: Postęp w mowie i sprawności"
    assert project.expected_results[0] == "Kacper: ocena logopedy i rehabilitanta"
    # Janina did not consent: she takes no part and her two items (P7, P8) are cancelled, so not actions
    assert [p.name for p in project.participants] == ["Marek", "Anna", "Kacper", "Zuzia"]
    assert not [line for line in project.objectives + project.expected_results if line.startswith("Janina")]
    assert len(project.objectives) == 3
    assert len(project.actions) == 9
    assert (project.period_from, project.period_to) == (date(2025, 4, 1), date(2025, 12, 31))
    resources = dict(project.resources)
    assert resources["Budżet zakupów zatwierdzony przez PZK"] == "13 350,00 zł"
    assert any("Ocena końcowa" in line for line in project.evaluation)


def test_the_project_follows_the_plans_access_rules(setting):
    partner = setting.engine.documents.project(setting.user("PCPR"), setting.case.id)
    assert "Janina" not in {p.name for p in partner.participants} | {a.participants for a in partner.actions}
    with pytest.raises(NotFound):
        setting.engine.documents.project(setting.user("Szkoła"), setting.case.id)


def test_a_role_without_the_plan_section_may_not_have_either_document(setting):
    coordinator = setting.user("Koordynator zamówień")
    for read in (setting.engine.documents.contract, setting.engine.documents.project):
        with pytest.raises(NotAllowed, match="nie obejmuje dostępu"):
            read(coordinator, setting.case.id)


def test_a_restored_case_gives_the_same_documents(setting):
    restored = Engine.from_url(setting.url, clock=setting.engine.clock, cache_capacity=0)
    try:
        for name in ("contract", "project"):
            cached = getattr(setting.engine.documents, name)(setting.user(PS), setting.case.id)
            assert getattr(restored.documents, name)(setting.user(PS), setting.case.id) == cached
    finally:
        restored.close()


def test_every_read_is_audited(setting):
    trail = setting.engine.history.audit_trail
    before = len(trail(setting.people.supervisor, setting.case.id))
    setting.engine.documents.contract(setting.user(PS), setting.case.id)
    setting.engine.documents.project(setting.user("PCPR"), setting.case.id)
    added = trail(setting.people.supervisor, setting.case.id)[before:]
    assert [(actor, action) for _at, actor, action, _task in added] == [
        (setting.user(PS).user_id, "document.contract"),
        (setting.user("PCPR").user_id, "document.project"),
    ]


# ------------------------------------------------------------------ the social project of a group case

IRENA_BEZ_NGO = {"instytucje_wylaczone": ["NGO"]}  # Irena does not want the association to have her data
BEFORE_EVALUATION = SENIORZY_Z_WOLI.index(
    next(step for step in SENIORZY_Z_WOLI if step["id"] == "ut_grupa_ocena_srodokresowa")
)


@pytest.fixture(scope="module")
def group(setting):
    """The seniors' group with its project approved (second version) and the first period delivered."""
    steps = [
        dict(step, data=step["data"] | IRENA_BEZ_NGO) if step.get("where") == {"czlonek_do_zgody": "irena"} else step
        for step in SENIORZY_Z_WOLI[:BEFORE_EVALUATION]
    ]
    driver = CaseDriver(setting.engine, setting.people, roundtrip=False, check_visibility=False)
    driver.start("kooperacja_grupa", title="Seniorzy z Woli Rafałowskiej", kind="grupa")
    driver.play(steps)
    return driver.case


def test_the_group_project_is_the_project_the_pzk_approved(setting, group):
    project = setting.engine.documents.project(setting.user(PS), group.id)

    assert (project.reference, project.organiser) == (group.business_key, "GOPS Brzozowa Wola")
    assert project.title == "Projekt socjalny – Aktywny senior w Woli Rafałowskiej"
    assert "„Seniorzy z Woli Rafałowskiej”" in project.aim and "wersji 2" in project.aim
    # Stefan refused: he takes no part and his rehabilitation (P4) is cancelled, so no action
    assert [(p.name, p.description) for p in project.participants] == [
        ("Halina", "uczestnik grupy, 72 l."),
        ("Irena", "uczestnik grupy, 69 l."),
    ]
    assert [(a.name, a.participants) for a in project.actions] == [
        ("Zajęcia grupowe (np. ruchowe, artystyczne)", "cała grupa"),
        ("Transport / dowóz", "cała grupa"),
        ("Rehabilitacja (sesje)", "Halina"),
    ]
    assert project.objectives == ("Regularne spotkania seniorów",)
    assert project.expected_results == ("Regularne spotkania seniorów: 30 spotkań",)
    assert (project.period_from, project.period_to) == (date(2025, 4, 1), date(2025, 12, 31))
    assert dict(project.resources)["Budżet zakupów zatwierdzony przez PZK"] == "2 000,00 zł"
    assert "Przedstawiciel grupy" in project.signatories


def test_the_group_project_shows_each_institution_only_the_participants_whose_consent_reaches_it(setting, group):
    association = setting.engine.documents.project(setting.user("NGO"), group.id)
    assert [p.name for p in association.participants] == ["Halina"]
    assert "Irena" not in {a.participants for a in association.actions}
    with pytest.raises(NotFound):
        setting.engine.documents.project(setting.user("PCPR"), group.id)  # not in the group's case
    with pytest.raises(NotAllowed, match="nie obejmuje dostępu"):
        setting.engine.documents.project(setting.user("Koordynator zamówień"), group.id)


def test_the_group_project_waits_for_the_pzk_and_survives_a_restore(setting, group):
    driver = CaseDriver(setting.engine, setting.people, roundtrip=False, check_visibility=False)
    driver.start("kooperacja_grupa", title="Seniorzy z Woli Rafałowskiej", kind="grupa")
    driver.play(SENIORZY_Z_WOLI[:6])  # sent to the PZK, not approved yet
    with pytest.raises(InvalidState, match="nie jest jeszcze zatwierdzony"):
        setting.engine.documents.project(setting.user(PS), driver.case.id)
    restored = Engine.from_url(setting.url, clock=setting.engine.clock, cache_capacity=0)
    try:
        cached = setting.engine.documents.project(setting.user(PS), group.id)
        assert restored.documents.project(setting.user(PS), group.id) == cached
    finally:
        restored.close()


def test_reading_the_group_project_is_audited(setting, group):
    trail = setting.engine.history.audit_trail
    before = len(trail(setting.people.supervisor, group.id))
    setting.engine.documents.project(setting.user(ZD), group.id)
    added = trail(setting.people.supervisor, group.id)[before:]
    assert [(actor, action) for _at, actor, action, _task in added] == [(setting.user(ZD).user_id, "document.project")]
