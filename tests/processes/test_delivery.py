"""A realisation period: the monthly notes and the confirmations both reach the case, whichever comes last."""

from __future__ import annotations

import pytest

from tests.processes.paths import PLAN_KOWALSKICH_PRZYJETY, kowalscy_do_planu, kowalscy_do_zaproszenia
from tests.processes.people import ZD
from tests.processes.scenarios import T, monitoring

CONFIRMATION = T(
    "ut_potwierdzenie_realizacji",
    "PUP",
    {"status_realizacji": "zrealizowana", "jednostki_zrealizowane": 1, "data_potwierdzenia": "2025-09-30"},
)


@pytest.mark.parametrize("last", ["confirmation", "monitoring note"])
def test_period_keeps_confirmations_and_monitoring_notes_whichever_comes_last(driver, last):
    driver.start()
    driver.play([*kowalscy_do_zaproszenia("wiejski"), *kowalscy_do_planu(["PUP", "Kurator sądowy", "PCPR"])])
    driver.play(PLAN_KOWALSKICH_PRZYJETY)
    period = [*monitoring(6), CONFIRMATION] if last == "confirmation" else [CONFIRMATION, *monitoring(6)]
    driver.play(period)

    assert driver.find(ZD, "ut_ocena_srodokresowa")
    data = driver.data()
    assert [(p["id"], p["status"], p["jednostki_zrealizowane"]) for p in data["pozycje_planu"]] == [
        ("P1", "zrealizowana", 1)
    ]
    assert [note["miesiac"] for note in data["notatki_monitoringu"]] == [1, 2, 3, 4, 5, 6]
