"""The three variants of the model (domain brief, section 4) with the Kowalski family: case team, plan, contract."""

from __future__ import annotations

import pytest

from tests.processes.paths import PLAN_KOWALSKICH_PRZYJETY, kowalscy_do_planu, kowalscy_do_zaproszenia
from tests.processes.people import PS, ZD

# wariant: case team, plan type, institutions the DMN proposes (PCPR comes in as the strategic partner)
VARIANTS = {
    "wiejski": ("Zespół Diagnostyczny", "IPW", ["PUP", "Kurator sądowy", "PCPR"]),
    "miejsko-wiejski": ("Gminna Grupa Kooperacyjna", "IPW", ["PUP", "Kurator sądowy"]),
    "miejski": ("Zadaniowy Zespół Kooperacyjny", "kontrakt_socjalny", ["PUP", "Kurator sądowy", "PCPR"]),
}


def _to_the_plan(driver, wariant: str) -> None:
    """Nominated, qualified, consenting; the animator leaves out the proposed institutions to keep it short."""
    driver.start()
    driver.play(kowalscy_do_zaproszenia(wariant))
    assert driver.data()["role_proponowane"] == VARIANTS[wariant][2]
    driver.play(kowalscy_do_planu(pominiete=VARIANTS[wariant][2]))


@pytest.mark.parametrize("wariant", list(VARIANTS))
def test_each_variant_reaches_the_plan_with_its_case_team_and_plan_type(driver, wariant):
    _to_the_plan(driver, wariant)

    assert driver.find(ZD, "ut_plan")
    data = driver.data()
    assert (data["nazwa_zespolu"], data["typ_planu"]) == VARIANTS[wariant][:2]


@pytest.mark.parametrize(
    ("wariant", "next_task", "role"),
    [("wiejski", "ut_potwierdzenie_realizacji", "PUP"), ("miejski", "ut_kontrakt", PS)],
)
def test_only_the_urban_variant_requires_a_social_contract(driver, wariant, next_task, role):
    _to_the_plan(driver, wariant)
    driver.play(PLAN_KOWALSKICH_PRZYJETY)  # the plan itself plans no contract

    assert driver.open_ids() == [next_task]
    assert driver.find(role, next_task)
