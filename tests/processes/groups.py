"""A group case (seniors of Wola Rafałowska, a projekt socjalny) and a person case, as scenario steps."""

from __future__ import annotations

from tests.processes.people import AN, PS, PZK, ZD
from tests.processes.scenarios import (
    KWALIFIKACJA_TAK,
    WARSZTAT,
    ZAPROSZENIE_BEZ_ZMIAN,
    T,
    monitoring,
    poz,
    przeglad,
    zamowienie_kroki,
    zgoda,
)

SENIORZY = {
    "nazwa_grupy": "Seniorzy z Woli Rafałowskiej",
    "gmina": "Brzozowa Wola",
    "rodzaj_grupy": "seniorzy",
    "data_zgloszenia": "2025-02-03",
    "czlonkowie": [
        {"id": "halina", "imie": "Halina", "wiek": 72},
        {"id": "stefan", "imie": "Stefan", "wiek": 78},
        {"id": "irena", "imie": "Irena", "wiek": 69},
    ],
    "opis_grupy": "Seniorzy mieszkający samotnie, bez transportu do ośrodka zdrowia, chcą się spotykać.",
}


def zgoda_uczestnika(tak: bool = True) -> dict:
    payload = zgoda(tak)
    del payload["oswiadczenie_za_maloletnich"]
    return payload | {"oswiadczenie_sklada": "uczestnik"}


ZGODY_GRUPY = [  # Stefan refuses: he stays in the group's file, but gets no service of the project
    T("ut_zgoda_uczestnika", PS, zgoda_uczestnika(who != "stefan"), {"czlonek_do_zgody": who})
    for who in ("halina", "stefan", "irena")
]
DIAGNOZA_GRUPY = {
    "data_diagnozy": "2025-02-20",
    "potrzeby_grupy": "Samotność, brak transportu, słaba kondycja fizyczna.",
    "zasoby_grupy": "Świetlica wiejska, aktywne koło gospodyń.",
    "obszary_wsparcia": [{"obszar": "aktywność ruchowa"}, {"obszar": "integracja", "opis": "klub seniora"}],
    "udzial_uczestnikow": True,
}
_Y = ("2025-04-01", "2025-12-31")
PAKIET = [
    poz("P1", "zajecia_grupowe", "grupa", "NGO", "wolontariat", *_Y, 30),
    poz("P2", "transport", "grupa", PS, "zakup", *_Y, 20, 2000),
    poz("P3", "rehabilitacja", "halina", "Ochrona zdrowia", "wlasna_oferta", "2025-04-01", "2025-06-30", 10),
    poz("P4", "rehabilitacja", "stefan", "Ochrona zdrowia", "wlasna_oferta", "2025-04-01", "2025-06-30", 10),
]  # P4 is for Stefan, who refused consent: it is cancelled, never delivered
PROJEKT = {
    "tytul_projektu": "Aktywny senior w Woli Rafałowskiej",
    "okres_od": "2025-04-01",
    "okres_do": "2025-12-31",
    "cele": [{"cel": "Regularne spotkania seniorów", "miernik": "30 spotkań"}],
    "pozycje_planu": PAKIET,
}
ZATWIERDZENIE_PROJEKTU = {"decyzja_pzk": "zatwierdzony", "data_decyzji_pzk": "2025-03-20", "budzet_zakupow": 2000}
OCENA_SRODOKRESOWA = {
    "data_oceny_srodokresowej": "2025-07-01",
    "efekty": "Spotkania co tydzień, dowóz działa.",
    "udzial_uczestnikow": True,
    "decyzja_oceny": "kontynuacja",
}
OCENA_KONCOWA = {
    "data_oceny_koncowej": "2026-01-08",
    "wynik_projektu": "projekt_zrealizowany",
    "ocena_celow": [{"cel": "Regularne spotkania seniorów", "osiagniecie": "tak"}],
    "opinia_uczestnikow": "Seniorzy chcą kontynuować klub.",
}
WLASCICIELE = {"P1": "NGO", "P2": "Realizator usługi", "P3": "Ochrona zdrowia"}


def potwierdzenie_grupy(pid: str, status: str, n: int, data: str = "2025-06-30") -> dict:
    payload = {"status_realizacji": status, "jednostki_zrealizowane": n, "data_potwierdzenia": data}
    return T("ut_potwierdzenie_realizacji", WLASCICIELE[pid], payload, {"pozycja.id": pid})


SENIORZY_Z_WOLI = [
    T("ut_grupa_zgloszenie", PS, SENIORZY),
    *ZGODY_GRUPY,
    T("ut_grupa_diagnoza", ZD, DIAGNOZA_GRUPY),
    T("ut_projekt_socjalny", ZD, PROJEKT),
    T("ut_grupa_zatwierdzenie_pzk", PZK, {"decyzja_pzk": "do_poprawy", "data_decyzji_pzk": "2025-03-13"}),
    T("ut_projekt_socjalny", ZD, PROJEKT | {"uwagi": "Doprecyzowano dowóz."}),
    T("ut_grupa_zatwierdzenie_pzk", PZK, ZATWIERDZENIE_PROJEKTU),
    *zamowienie_kroki("P2", *_Y, kwota=2000),
    potwierdzenie_grupy("P1", "w_trakcie", 12),
    potwierdzenie_grupy("P2", "w_trakcie", 8),
    potwierdzenie_grupy("P3", "zrealizowana", 10),
    T("ut_grupa_ocena_srodokresowa", ZD, OCENA_SRODOKRESOWA),
    potwierdzenie_grupy("P1", "zrealizowana", 18),
    potwierdzenie_grupy("P2", "zrealizowana", 12),
    T("ut_grupa_ocena_koncowa", PZK, OCENA_KONCOWA),
    T(
        "ut_grupa_zamkniecie",
        PS,
        {
            "data_zamkniecia": "2026-01-13",
            "notatka_zamkniecia": "Projekt zrealizowany.",
            "dostep_partnerow_cofniety": True,
        },
    ),
    T(
        "ut_grupa_rekomendacje",
        AN,
        {
            "wnioski": "Dowóz jest warunkiem udziału seniorów.",
            "rekomendacje": [{"obszar": "organizacyjne", "tresc": "Gminny transport dla seniorów."}],
            "data_przekazania_do_rops": "2026-01-20",
        },
    ),
]

# ------------------------------------------------------------ a person case: the family process, a household of one
PANI_MARIA = {
    "rodzina_nazwa": "Maria Wilk",
    "gmina": "Brzozowa Wola",
    "wariant": "wiejski",
    "data_zgloszenia": "2025-02-03",
    "czlonkowie": [{"id": "maria", "imie": "Maria", "wiek": 58, "pokrewienstwo": "wnioskodawca"}],
    "kody_problemow": ["bezrobocie"],
    "nadzor_kuratora": False,
    "opis_sytuacji": "Osoba samotna, długotrwale bezrobotna.",
}
PLAN_MARII = {
    "cele": [{"czlonek": "maria", "cel": "Powrót do pracy"}],
    "pozycje_planu": [
        poz("P1", "aktywizacja_zawodowa", "maria", "PUP", "wlasna_oferta", "2025-04-01", "2025-09-30", 1),
    ],
    "kontrakt_socjalny_planowany": False,
}
OSOBA = [
    T("ut_nominacja", PS, PANI_MARIA),
    T("ut_kwalifikacja", AN, KWALIFIKACJA_TAK),
    T("ut_zgoda", PS, zgoda(True)),
]
DIAGNOZA_MARII = {
    "data_diagnozy_zintegrowanej": "2025-03-14",
    "podsumowanie_diagnozy": "Długotrwałe bezrobocie, osoba samotna.",
    "obszary_wsparcia": [{"czlonek": "maria", "obszar": "praca", "opis": "aktywizacja"}],
    "zatwierdzona_przez_zespol": True,
}


def osoba_do_konca(pominiete: list[str]) -> list[dict]:
    """From the invitation (the animator leaves out every proposed institution) to the recommendations."""
    zaproszenie = dict(ZAPROSZENIE_BEZ_ZMIAN, role_pominiete=pominiete, uzasadnienie_zmian="Wystarczy PUP i OPS.")
    ocena = {"data_oceny_srodokresowej": "2025-10-02", "efekty": "Maria w programie PUP.", "udzial_rodziny": True}
    koncowa = {"data_oceny_koncowej": "2025-11-08", "wynik_ipw": "ipw_zrealizowany", "opinia_rodziny": "Zadowolona."}
    koncowa["ocena_celow"] = [{"czlonek": "maria", "cel": "Powrót do pracy", "osiagniecie": "tak"}]
    return [
        T("ut_zaproszenie", AN, zaproszenie),
        T("ut_warsztat", ZD, dict(WARSZTAT, udzial_rodziny="Maria")),
        T("ut_diagnoza_zintegrowana", PS, DIAGNOZA_MARII),
        T("ut_plan", ZD, PLAN_MARII),
        T("ut_przeglad_rodziny", PS, przeglad("akceptacja")),
        T("ut_zatwierdzenie_pzk", PZK, {"decyzja_pzk": "zatwierdzony", "data_decyzji_pzk": "2025-03-27"}),
        *monitoring(6),
        potwierdzenie_osoby("zrealizowana", 1),
        T("ut_ocena_srodokresowa", ZD, ocena | {"decyzja_oceny": "kontynuacja", "liczba_miesiecy_kolejnego_okresu": 1}),
        *monitoring(1),
        T("ut_ocena_koncowa", PZK, koncowa),
        T(
            "ut_zamkniecie",
            PS,
            {
                "data_zamkniecia": "2025-11-13",
                "notatka_zamkniecia": "Maria podjęła pracę.",
                "dostep_partnerow_cofniety": True,
            },
        ),
        T(
            "ut_rekomendacje",
            AN,
            {"wnioski": "Brak uwag.", "rekomendacje": [], "data_przekazania_do_rops": "2025-11-20"},
        ),
    ]


def potwierdzenie_osoby(status: str, n: int) -> dict:
    payload = {"status_realizacji": status, "jednostki_zrealizowane": n, "data_potwierdzenia": "2025-09-30"}
    return T("ut_potwierdzenie_realizacji", "PUP", payload, {"pozycja.id": "P1"})
