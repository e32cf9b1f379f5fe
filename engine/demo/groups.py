"""The demo's group case: seniors of Bratkowice, a projekt socjalny run to its end with recommendations.

The group's project was approved at a PZK meeting, ordered a purchased service through the ROPS, was
delivered and evaluated, and the case was closed with conclusions and a recommendation for the ROPS,
so the Księga rekomendacji has a closed case to show. One participant refused consent: her item is
cancelled and never delivered. Dates count back from the day of the run.
"""

from __future__ import annotations

from engine.demo.directory import AN, GMINA, PROVIDER, PS, PZK, RU, ZD
from engine.demo.payloads import acceptance, budget, item, order
from engine.demo.play import Family, Task

GROUP_PROCESS = "kooperacja_grupa"
MEMBERS = (("zofia", "Zofia", 74), ("wladyslaw", "Władysław", 79), ("genowefa", "Genowefa", 71))
REFUSED = "genowefa"
RECOMMENDATION = "Gminny dowóz seniorów na zajęcia i do ośrodka zdrowia finansowany stale, nie tylko z projektu."


def participant_consent(member: str, on: str, given: bool = True) -> Task:
    data = {"zgoda_udzielona": given, "data_oswiadczenia": on, "klauzula_informacyjna_przekazana": True}
    data["oswiadczenie_sklada"] = "uczestnik"
    return Task(PS, "ut_zgoda_uczestnika", data, where={"czlonek_do_zgody": member})


def confirmed(role: str, pid: str, status: str, units: int, on: str) -> Task:
    data = {"status_realizacji": status, "jednostki_zrealizowane": units, "data_potwierdzenia": on}
    return Task(role, "ut_potwierdzenie_realizacji", data, where={"pozycja.id": pid})


def seniorzy_z_bratkowic(day) -> Family:
    year = (day(-270), day(-30))
    package = [
        item("P1", "zajecia_grupowe", "grupa", "NGO", "wolontariat", year, 30),
        item("P2", "transport", "grupa", PS, "zakup", year, 20, 2400),
        item("P3", "rehabilitacja", "zofia", "Ochrona zdrowia", "wlasna_oferta", (day(-270), day(-180)), 10),
        item("P4", "rehabilitacja", REFUSED, "Ochrona zdrowia", "wlasna_oferta", (day(-270), day(-180)), 10),
    ]  # P4 is for Genowefa, who refused consent: cancelled, never delivered
    project = {
        "tytul_projektu": "Aktywni seniorzy w Bratkowicach",
        "okres_od": year[0],
        "okres_do": year[1],
        "cele": [
            {"cel": "Regularne spotkania seniorów w świetlicy", "miernik": "30 spotkań w roku"},
            {"cel": "Dojazd na zajęcia i do ośrodka zdrowia", "miernik": "dowóz co tydzień"},
        ],
        "pozycje_planu": package,
    }
    approval = {"decyzja_pzk": "zatwierdzony", "data_decyzji_pzk": day(-285), "budzet_zakupow": 2400}
    steps = (
        Task(
            PS,
            "ut_grupa_zgloszenie",
            {
                "nazwa_grupy": "Seniorzy z Bratkowic",
                "gmina": GMINA,
                "rodzaj_grupy": "seniorzy",
                "data_zgloszenia": day(-330),
                "czlonkowie": [{"id": key, "imie": name, "wiek": age} for key, name, age in MEMBERS],
                "opis_grupy": "Seniorzy mieszkający samotnie, bez dojazdu do ośrodka zdrowia; chcą się spotykać.",
            },
        ),
        *(participant_consent(key, day(-325), given=key != REFUSED) for key, _name, _age in MEMBERS),
        Task(
            ZD,
            "ut_grupa_diagnoza",
            {
                "data_diagnozy": day(-310),
                "potrzeby_grupy": "Samotność, brak dojazdu, słaba kondycja fizyczna.",
                "zasoby_grupy": "Świetlica wiejska, aktywne koło gospodyń wiejskich.",
                "obszary_wsparcia": [
                    {"obszar": "aktywność ruchowa"},
                    {"obszar": "integracja", "opis": "klub seniora w świetlicy"},
                ],
                "udzial_uczestnikow": True,
            },
        ),
        Task(ZD, "ut_projekt_socjalny", project),
        Task(PZK, "ut_grupa_zatwierdzenie_pzk", approval, at_meeting=True),
        budget("P2", 2400),
        order("P2", PROVIDER, day(-280), 2400, year),
        acceptance("P2", day(-278)),
        confirmed("NGO", "P1", "w_trakcie", 14, day(-150)),
        confirmed(RU, "P2", "w_trakcie", 9, day(-150)),
        confirmed("Ochrona zdrowia", "P3", "zrealizowana", 10, day(-180)),
        Task(
            ZD,
            "ut_grupa_ocena_srodokresowa",
            {
                "data_oceny_srodokresowej": day(-145),
                "efekty": "Spotkania co tydzień, dowóz działa, seniorzy przyprowadzają sąsiadów.",
                "udzial_uczestnikow": True,
                "decyzja_oceny": "kontynuacja",
            },
        ),
        confirmed("NGO", "P1", "zrealizowana", 16, day(-30)),
        confirmed(RU, "P2", "zrealizowana", 11, day(-30)),
        Task(
            PZK,
            "ut_grupa_ocena_koncowa",
            {
                "data_oceny_koncowej": day(-25),
                "wynik_projektu": "projekt_zrealizowany",
                "ocena_celow": [
                    {"cel": "Regularne spotkania seniorów w świetlicy", "osiagniecie": "tak"},
                    {"cel": "Dojazd na zajęcia i do ośrodka zdrowia", "osiagniecie": "tak"},
                ],
                "opinia_uczestnikow": "Seniorzy chcą prowadzić klub dalej sami.",
            },
        ),
        Task(
            PS,
            "ut_grupa_zamkniecie",
            {
                "data_zamkniecia": day(-20),
                "notatka_zamkniecia": "Projekt zrealizowany; klub seniora działa dalej przy kole gospodyń.",
                "dostep_partnerow_cofniety": True,
            },
        ),
        Task(
            AN,
            "ut_grupa_rekomendacje",
            {
                "wnioski": "Bez dowozu seniorzy z dalszych przysiółków nie przychodzili; dowóz był warunkiem udziału.",
                "rekomendacje": [{"obszar": "organizacyjne", "tresc": RECOMMENDATION}],
                "data_przekazania_do_rops": day(-14),
            },
        ),
    )
    description = "sprawa grupowa: projekt socjalny zrealizowany, sprawa zamknięta z rekomendacjami dla ROPS"
    return Family("KOOP/2026/0008", "Seniorzy z Bratkowic", description, steps, kind="grupa", process_id=GROUP_PROCESS)
