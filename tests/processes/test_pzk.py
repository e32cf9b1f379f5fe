"""Setting up the PZK (kooperacja_pzk): each member institution declares in its own queue."""

from __future__ import annotations

from datetime import timedelta

from tests.processes.paths import PZK_INICJOWANIE, PZK_POROZUMIENIE, PZK_POSIEDZENIE, deklaracja
from tests.processes.people import AN, PZK

MEMBERS = PZK_INICJOWANIE["role_czlonkowskie"]  # PCPR, PUP, Policja, NGO


def _until_the_declarations(driver):
    driver.start("kooperacja_pzk", starter=AN, title="PZK Brzozowa Wola")
    driver.do(AN, "ut_inicjowanie_pzk", PZK_INICJOWANIE)
    driver.do("ROPS", "ut_porozumienie", PZK_POROZUMIENIE)


def test_each_member_institution_gets_its_declaration_in_its_own_queue(driver, clock):
    _until_the_declarations(driver)

    declarations = {t.role: t for t in driver.open()}
    assert sorted(declarations) == sorted(MEMBERS)
    assert {t.bpmn_id for t in declarations.values()} == {"ut_deklaracja"}
    assert {role: driver.seen_by(t) for role, t in declarations.items()} == {role: {role} for role in MEMBERS}
    assert {t.due_at for t in declarations.values()} == {clock.now() + timedelta(days=30)}
    assert driver.open_tasks(driver.people.user["Szkoła"]) == []  # a partner not asked to join


def test_partnership_is_active_with_the_institutions_that_joined(driver):
    _until_the_declarations(driver)
    driver.play([deklaracja("PCPR"), deklaracja("PUP"), deklaracja("Policja"), deklaracja("NGO", przystepuje=False)])

    assert driver.find(PZK, "ut_pierwsze_posiedzenie")
    data = driver.data()
    assert (data["czlonkowie_pzk"], data["instytucje_poza_pzk"]) == (["PCPR", "PUP", "Policja"], ["NGO"])

    driver.do(PZK, "ut_pierwsze_posiedzenie", PZK_POSIEDZENIE)
    assert driver.info().status == "completed"
    assert driver.data()["status_partnerstwa"] == "aktywne"
