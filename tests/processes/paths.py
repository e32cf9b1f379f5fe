"""Whole scenarios as step lists: the Nowakowski case end to end, its alternate paths, the variants and the PZK.

Built from the payloads in ``scenarios``; ``expect_open`` steps pin down every open task of the case
at the points where the brief says what must be open.
"""

from __future__ import annotations

from tests.processes.people import AN, KZ, PS, PZK, ZD
from tests.processes.scenarios import (
    KWALIFIKACJA_TAK,
    NOMINACJA,
    PLAN_ZAAKCEPTOWANY,
    POZYCJE_V2,
    POZYCJE_V3,
    REALIZATOR,
    WARSZTAT,
    ZAMOWIENIA_V1,
    ZAPROSZENIE_BEZ_ZMIAN,
    T,
    budzet,
    do_planu,
    expect_open,
    monitoring,
    odpowiedz,
    plan,
    potwierdzenie,
    przeglad,
    zamowienie,
    zamowienie_kroki,
    zgoda,
)

OCENA_KOREKTA = {
    "data_oceny_srodokresowej": "2025-10-02",
    "efekty": "Postęp mowy Kacpra; Marek na 2 z 3 spotkań, rozpoczął fizjoterapię; opieka nad Janiną stabilna.",
    "udzial_rodziny": True,
    "decyzja_oceny": "korekta_planu",
    "liczba_miesiecy_kolejnego_okresu": 3,
}
OCENA_KONCOWA = {
    "data_oceny_koncowej": "2026-01-08",
    "wynik_ipw": "ipw_zrealizowany",
    "ocena_celow": [
        {"czlonek": "kacper", "cel": "Postęp w mowie i sprawności", "osiagniecie": "tak"},
        {"czlonek": "marek", "cel": "Rejestracja w PUP i powrót do aktywności", "osiagniecie": "czesciowo"},
    ],
    "opinia_rodziny": "Rodzina zadowolona, Marek w szkoleniu PUP.",
}
ZAMKNIECIE = {
    "data_zamkniecia": "2026-01-13",
    "notatka_zamkniecia": "IPW zrealizowany.",
    "dostep_partnerow_cofniety": True,
    "dalsze_wsparcie": "Rodzina pozostaje klientem GOPS; PUP kontynuuje aktywizację Marka.",
}
REKOMENDACJE = {
    "wnioski": "Transport dzieci z niepełnosprawnością jest wąskim gardłem.",
    "rekomendacje": [{"obszar": "organizacyjne", "tresc": "Powiatowa usługa transportu dla dzieci."}],
    "data_przekazania_do_rops": "2026-01-20",
}
ZAMKNIECIE_I_REKOMENDACJE = [T("ut_zamkniecie", PS, ZAMKNIECIE), T("ut_rekomendacje", AN, REKOMENDACJE)]
PRZEMOC = {  # the school's pedagogue reports a remark of Zuzia's (D120)
    "step": "message",
    "name": "podejrzenie_przemocy",
    "payload": {"zglaszajacy_rola": "Szkoła", "data": "2025-06-03"},
    "sender": "Szkoła",
}
SKIEROWANIE_ZI = T("ut_skierowanie_zi", PS, {"skierowanie_przekazane": True, "data_skierowania": "2025-06-04"})
POTWIERDZENIA_OKRES1 = [
    potwierdzenie(pid, status, n)
    for pid, status, n in [
        ("P1", "w_trakcie", 24),
        ("P2", "w_trakcie", 18),
        ("P3", "zrealizowana", 1),
        ("P4", "zrealizowana", 10),
        ("P5", "w_trakcie", 1),
        ("P6", "w_trakcie", 2),
        ("P7", "w_trakcie", 240),
        ("P8", "zrealizowana", 130),
        ("P9", "zrealizowana", 5),
        ("P10", "zrealizowana", 2),
        ("P11", "w_trakcie", 48),
    ]
]
W_TRAKCIE_OKRES2 = {"P1": 16, "P2": 12, "P5": 0, "P6": 1, "P7": 160, "P11": 32}
POTWIERDZENIA_OKRES2 = [
    potwierdzenie(pid, "zrealizowana", n, "2025-12-31") for pid, n in {**W_TRAKCIE_OKRES2, "P12": 10}.items()
]
KOREKTA_PLANU = [
    T("ut_ocena_srodokresowa", ZD, OCENA_KOREKTA),
    T("ut_plan", ZD, plan(POZYCJE_V3, zmiany="P12: 10 dodatkowych sesji rehabilitacji; catering zakończony")),
    T("ut_przeglad_rodziny", PS, przeglad("akceptacja", "2025-10-08")),
    T("ut_zatwierdzenie_pzk", PZK, {"decyzja_pzk": "zatwierdzony", "data_decyzji_pzk": "2025-10-10"}),
]
NOWAKOWSCY = [
    *do_planu(),
    *PLAN_ZAAKCEPTOWANY,  # one rework asked by the family, PZK approval, social contract
    expect_open(*["ut_sprawdzenie_budzetu"] * 5),
    *ZAMOWIENIA_V1,  # five purchased items ordered
    expect_open(*["ut_potwierdzenie_realizacji"] * 11),
    *monitoring(2),
    PRZEMOC,
    expect_open("ut_skierowanie_zi", *["ut_potwierdzenie_realizacji"] * 11),
    SKIEROWANIE_ZI,
    *monitoring(4),
    *POTWIERDZENIA_OKRES1,
    *KOREKTA_PLANU,
    *zamowienie_kroki("P12", "2025-10-15", "2025-12-31", "2025-10-13", 1200),
    expect_open(*["ut_potwierdzenie_realizacji"] * 7),  # the six items still under way and the new P12
    *monitoring(3),
    *POTWIERDZENIA_OKRES2,
    T("ut_ocena_koncowa", PZK, OCENA_KONCOWA),
    *ZAMKNIECIE_I_REKOMENDACJE,
]

# ------------------------------------------------------------------ A1: nobody consents / not qualified
ODMOWA_ZGODY = [
    T("ut_nominacja", PS, NOMINACJA),
    T("ut_kwalifikacja", AN, KWALIFIKACJA_TAK),
    *[T("ut_zgoda", PS, zgoda(False), {"czlonek_do_zgody": who}) for who in ("marek", "anna", "janina")],
]
NIEZAKWALIFIKOWANA = [
    T("ut_nominacja", PS, NOMINACJA),
    T(
        "ut_kwalifikacja",
        AN,
        {
            "decyzja_kwalifikacji": "niezakwalifikowana",
            "uzasadnienie_kwalifikacji": "Brak problemów wymagających współpracy wielu instytucji.",
            "data_kwalifikacji": "2025-02-05",
        },
    ),
]

# ------------------------------------------------------------------ A3: the family does not accept the plan
ODRZUCENIA_DO_ESKALACJI = [
    T("ut_plan", ZD, plan(POZYCJE_V2)),
    T("ut_przeglad_rodziny", PS, przeglad("zmiany", uwagi="Nie zgadzamy się na terapię uzależnień.")),
    T("ut_plan", ZD, plan(POZYCJE_V2, zmiany="Doprecyzowano opis P6")),
    T("ut_przeglad_rodziny", PS, przeglad("zmiany", "2025-03-28", "Nadal brak zgody Marka.")),
]


def eskalacja(decyzja: str) -> dict:
    payload = {"data_posiedzenia": "2025-04-03", "decyzja_pzk_eskalacja": decyzja, "ustalenia": "Doradca ROPS pomoże."}
    return T("ut_eskalacja_pzk", PZK, payload)


# ------------------------------------------------------------------ A4: provider declines, does not answer, no money
# (the alternate paths take the short way to the plan: scenarios.do_planu_skrot)
P8, P9 = ({"pozycja_do_zamowienia.id": pid} for pid in ("P8", "P9"))
ZAMOWIENIA_Z_PROBLEMAMI = [
    budzet("P1", 4000),
    zamowienie("P1", REALIZATOR, "ZAM/P1/1", "2025-04-01", 4000, "2025-04-01", "2025-12-31"),
    odpowiedz("P1", "odmawia", "2025-04-02", "Brak wolnych terminów"),
    zamowienie("P1", REALIZATOR, "ZAM/P1/2", "2025-04-03", 4200, "2025-05-01", "2026-01-31"),
    odpowiedz("P1", data="2025-04-04"),
    budzet("P9", 750),
    zamowienie("P9", REALIZATOR, "ZAM/P9/1", "2025-04-01", 750, "2025-04-15", "2025-07-31"),
]
PO_BRAKU_ODPOWIEDZI = [
    zamowienie("P9", REALIZATOR, "ZAM/P9/2", "2025-04-10", 750, "2025-05-01", "2025-08-31"),
    odpowiedz("P9", data="2025-04-11"),
    T("ut_sprawdzenie_budzetu", KZ, {"srodki_dostepne": False}, P8),
]
POZYCJE_TRZY_ZAKUPY = [p for p in POZYCJE_V2 if p["id"] not in ("P2", "P10")]  # buying P1, P8 and P9

# ------------------------------------------------------------------ variants: the Kowalski family up to the plan
KOWALSCY = {
    "rodzina_nazwa": "Kowalscy",
    "gmina": "Brzozowa Wola",
    "data_zgloszenia": "2025-02-03",
    "czlonkowie": [
        {"id": "jan", "imie": "Jan", "wiek": 35, "pokrewienstwo": "wnioskodawca"},
        {"id": "ola", "imie": "Ola", "wiek": 16, "pokrewienstwo": "dziecko"},
    ],
    "kody_problemow": ["bezrobocie"],
    "nadzor_kuratora": True,
    "opis_sytuacji": "Samotny ojciec bez pracy, córka pod nadzorem kuratora.",
}
PLAN_KOWALSKICH = {
    "cele": [{"czlonek": "jan", "cel": "Praca"}],
    "pozycje_planu": [
        {"id": "P1", "usluga": "aktywizacja_zawodowa", "czlonek": "jan", "wlasciciel": "PUP", "zrodlo": "wlasna_oferta"}
        | {"data_od": "2025-04-01", "data_do": "2025-09-30", "liczba_jednostek": 1},
    ],
    "kontrakt_socjalny_planowany": False,
}


def kowalscy_do_zaproszenia(wariant: str) -> list[dict]:
    return [
        T("ut_nominacja", PS, dict(KOWALSCY, wariant=wariant)),
        T("ut_kwalifikacja", AN, KWALIFIKACJA_TAK),
        T("ut_zgoda", PS, zgoda(True, dzieci=True)),
    ]


def kowalscy_do_planu(pominiete: list[str]) -> list[dict]:
    """The animator leaves out every proposed institution: straight from the workshop to the diagnosis."""
    zaproszenie = dict(ZAPROSZENIE_BEZ_ZMIAN, role_pominiete=pominiete, uzasadnienie_zmian="Współpraca poza Modelem.")
    return [
        T("ut_zaproszenie", AN, zaproszenie),
        T("ut_warsztat", ZD, WARSZTAT),
        T("ut_diagnoza_zintegrowana", PS, DIAGNOZA_KOWALSKICH),
    ]


DIAGNOZA_KOWALSKICH = {
    "data_diagnozy_zintegrowanej": "2025-03-14",
    "podsumowanie_diagnozy": "Bezrobocie ojca.",
    "obszary_wsparcia": [{"czlonek": "jan", "obszar": "praca", "opis": "aktywizacja"}],
    "zatwierdzona_przez_zespol": True,
}
PLAN_KOWALSKICH_PRZYJETY = [
    T("ut_plan", ZD, PLAN_KOWALSKICH),
    T("ut_przeglad_rodziny", PS, przeglad("akceptacja")),
    T("ut_zatwierdzenie_pzk", PZK, {"decyzja_pzk": "zatwierdzony", "data_decyzji_pzk": "2025-03-27"}),
]

# ------------------------------------------------------------------ PZK
PZK_INICJOWANIE = {
    "gmina": "Brzozowa Wola",
    "powiat": "brzozowolski",
    "wariant": "wiejski",
    "role_czlonkowskie": ["PCPR", "PUP", "Policja", "NGO"],
    "data_spotkania_inicjujacego": "2025-01-07",
    "animator_gminny": "Ewa Zielińska",
    "animator_powiatowy": "Tomasz Wrona",
}
PZK_POROZUMIENIE = {
    "data_zawarcia_porozumienia": "2025-01-14",
    "numer_porozumienia": "ROPS/2025/7",
    "strony_porozumienia": ["wojewodztwo", "powiat", "gmina"],
}
PZK_POSIEDZENIE = {
    "data_posiedzenia": "2025-01-31",
    "regulamin_przyjety": True,
    "koordynator_pzk": "Ewa Zielińska",
    "czestotliwosc_posiedzen": "co_miesiac",
}


def deklaracja(rola: str, przystepuje: bool = True) -> dict:
    payload = {"przystepuje": przystepuje, "przedstawiciel": f"Dyrektor ({rola})", "data_deklaracji": "2025-01-20"}
    return T("ut_deklaracja", rola, payload)
