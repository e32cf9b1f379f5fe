"""The Nowakowski family (domain brief, section 10) as plain data: form payloads and scenario steps.

Ported from the in-memory scenarios of the modelling work. A step is a dict:
``{'step': 'task', 'id': bpmn id, 'role': role expected to get it, 'data': payload, 'where': {...}}``
(``where`` picks one instance of a multi-instance task, e.g. ``{'pozycja.id': 'P1'}``),
``{'step': 'message', 'name': ..., 'payload': ...}``, ``{'step': 'time', 'days': n}`` and
``{'step': 'expect_open', 'ids': [...]}`` (bpmn ids of every open task of the case).
"""

from __future__ import annotations

from tests.processes.people import AN, INSTITUTIONS, KZ, PS, PZK, RU, ZD


def T(bpmn_id: str, role: str, data: dict | None = None, where: dict | None = None) -> dict:  # noqa: N802
    step = {"step": "task", "id": bpmn_id, "role": role, "data": data or {}}
    if where:
        step["where"] = where
    return step


def expect_open(*ids: str) -> dict:
    return {"step": "expect_open", "ids": list(ids)}


NOMINACJA = {
    "rodzina_nazwa": "Nowakowscy",
    "gmina": "Brzozowa Wola",
    "wariant": "wiejski",
    "data_zgloszenia": "2025-02-03",
    "czlonkowie": [
        {"id": "marek", "imie": "Marek", "wiek": 46, "pokrewienstwo": "wnioskodawca"},
        {"id": "anna", "imie": "Anna", "wiek": 43, "pokrewienstwo": "malzonek_partner"},
        {"id": "kacper", "imie": "Kacper", "wiek": 11, "pokrewienstwo": "dziecko"},
        {"id": "zuzia", "imie": "Zuzia", "wiek": 7, "pokrewienstwo": "dziecko"},
        {"id": "janina", "imie": "Janina", "wiek": 76, "pokrewienstwo": "rodzic"},
    ],
    "kody_problemow": ["niepelnosprawnosc", "dlugotrwala_choroba", "bezrobocie", "alkoholizm", "ubostwo"],
    "nadzor_kuratora": False,
    "opis_sytuacji": "Marek stracił pracę po urazie kręgosłupa, pije więcej niż wcześniej; Kacper ma mózgowe "
    "porażenie dziecięce, potrzebuje logopedy i rehabilitacji; Janina (76) z chorobą serca, głównie w domu.",
}
KWALIFIKACJA_TAK = {
    "decyzja_kwalifikacji": "zakwalifikowana",
    "uzasadnienie_kwalifikacji": "Rodzina wieloproblemowa, gotowa do współpracy.",
    "data_kwalifikacji": "2025-02-05",
}


def zgoda(tak: bool = True, dzieci: bool = False, data: str = "2025-02-10") -> dict:
    return {
        "zgoda_udzielona": tak,
        "data_oswiadczenia": data,
        "klauzula_informacyjna_przekazana": True,
        "oswiadczenie_za_maloletnich": dzieci,
    }


def zgody(marek: bool = True, anna: bool = True, janina: bool = True) -> list[dict]:
    """The consent statement of every adult, each picked by whose it is."""
    return [
        T("ut_zgoda", PS, zgoda(marek), {"czlonek_do_zgody": "marek"}),
        T("ut_zgoda", PS, zgoda(anna, dzieci=True), {"czlonek_do_zgody": "anna"}),
        T("ut_zgoda", PS, zgoda(janina), {"czlonek_do_zgody": "janina"}),
    ]


ROLE_NOWAKOWSCY = ["PCPR", "Ochrona zdrowia", "PPP", "Szkoła", "PUP", "GKRPA"]
ZAPROSZENIE_BEZ_ZMIAN = {
    "role_dodatkowe": [],
    "role_pominiete": [],
    "termin_warsztatu": "2025-02-24",
    "miejsce_warsztatu": "GOPS Brzozowa Wola",
}
WARSZTAT = {
    "data_warsztatu": "2025-02-24",
    "uczestnicy_instytucje": [PS, *ROLE_NOWAKOWSCY],
    "udzial_rodziny": "Anna i Marek",
    "genogram_sporzadzony": True,
    "przyczyny_trudnosci": "Utrata pracy po urazie, niepełnosprawność dziecka, choroba seniorki.",
    "mocne_strony": "Silne więzi, Anna dobrze organizuje dom.",
    "potrzeby_i_oczekiwania": "Terapia Kacpra, praca dla Marka, odciążenie Anny w opiece nad Janiną.",
}
DIAGNOZY = {
    "PCPR": ("Kacper spełnia warunki dofinansowania turnusu.", "kacper", "turnus_rehabilitacyjny"),
    "Ochrona zdrowia": ("Janina wymaga kontroli; Marek – ortopeda i fizjoterapia.", "marek", "rehabilitacja"),
    "PPP": ("Opóźnienie rozwoju mowy Kacpra; logopeda 2 razy w tygodniu.", "kacper", "terapia_logopedyczna"),
    "Szkoła": ("Zuzia funkcjonuje dobrze; Kacper potrzebuje dowozu.", "kacper", "transport"),
    "PUP": ("Marek niezarejestrowany; zalecana rejestracja i profilowanie.", "marek", "aktywizacja_zawodowa"),
    "GKRPA": ("Rozmowa motywująca; bez procedury sądowej.", "marek", "spotkania_motywacyjne"),
}


def diagnoza(rola: str, data: str = "2025-03-03") -> dict:
    ocena, czlonek, usluga = DIAGNOZY.get(rola, ("Ocena sytuacji rodziny.", "rodzina", "poradnictwo_socjalne"))
    return {
        "ocena_sytuacji": ocena,
        "rekomendowane_wsparcie": [{"czlonek": czlonek, "usluga": usluga, "opis": ocena}],
        "oferta_instytucji": f"Wsparcie w ramach zadań ustawowych: {rola}.",
        "data_diagnozy": data,
    }


def diagnozy(role: list[str]) -> list[dict]:
    return [T("ut_diagnoza_sektorowa", rola, diagnoza(rola)) for rola in role]


DIAGNOZA_ZINTEGROWANA = {
    "data_diagnozy_zintegrowanej": "2025-03-14",
    "podsumowanie_diagnozy": "Niepełnosprawność dziecka, bezrobocie i ryzyko nadużywania alkoholu, choroba "
    "seniorki, przeciążenie opiekuna.",
    "obszary_wsparcia": [
        {"czlonek": "kacper", "obszar": "zdrowie", "opis": "logopeda, rehabilitacja, turnus"},
        {"czlonek": "marek", "obszar": "praca", "opis": "rejestracja w PUP, doradztwo"},
        {"czlonek": "janina", "obszar": "opieka", "opis": "usługi opiekuńcze, posiłki"},
        {"czlonek": "anna", "obszar": "relacje_rodzinne", "opis": "wsparcie psychologiczne opiekuna"},
    ],
    "zatwierdzona_przez_zespol": True,
}


def poz(pid, usluga, czlonek, wlasciciel, zrodlo, od, do, n, koszt=None) -> dict:
    item = {"id": pid, "usluga": usluga, "czlonek": czlonek, "wlasciciel": wlasciciel, "zrodlo": zrodlo}
    item.update({"data_od": od, "data_do": do, "liczba_jednostek": n})
    if koszt is not None:
        item["koszt_szacunkowy"] = koszt
    return item


_Y = ("2025-04-01", "2025-12-31")
POZYCJE_V1 = [
    poz("P1", "terapia_logopedyczna", "kacper", "PPP", "zakup", *_Y, 40, 4000),
    poz("P2", "rehabilitacja", "kacper", "PCPR", "zakup", *_Y, 30, 3600),
    poz("P3", "turnus_rehabilitacyjny", "kacper", "PCPR", "wlasna_oferta", "2025-07-01", "2025-08-31", 1),
    poz("P4", "rehabilitacja", "marek", "Ochrona zdrowia", "wlasna_oferta", "2025-04-01", "2025-09-30", 10),
    poz("P5", "aktywizacja_zawodowa", "marek", "PUP", "wlasna_oferta", *_Y, 1),
    poz("P6", "terapia_uzaleznien", "marek", "GKRPA", "wlasna_oferta", "2025-04-01", "2025-09-30", 3),
    poz("P7", "uslugi_opiekuncze", "janina", PS, "wlasna_oferta", *_Y, 400),
    poz("P8", "posilki_catering", "janina", PS, "zakup", "2025-04-01", "2025-09-30", 130, 2600),
    poz("P9", "wsparcie_psychologiczne", "anna", PS, "zakup", "2025-04-01", "2025-07-31", 5, 750),
    poz("P10", "sprzet", "rodzina", PS, "zakup", "2025-04-01", "2025-04-30", 2, 2400),
    poz("P11", "transport", "kacper", "NGO", "wolontariat", *_Y, 80),
]
POZYCJE_V2 = [*POZYCJE_V1[:5], dict(POZYCJE_V1[5], usluga="spotkania_motywacyjne"), *POZYCJE_V1[6:]]
POZYCJE_V3 = [*POZYCJE_V2, poz("P12", "rehabilitacja", "kacper", "PCPR", "zakup", "2025-10-15", "2025-12-31", 10, 1200)]
CELE = [
    {"czlonek": "kacper", "cel": "Postęp w mowie i sprawności", "miernik": "ocena logopedy i rehabilitanta"},
    {"czlonek": "marek", "cel": "Rejestracja w PUP i powrót do aktywności", "miernik": "status w PUP"},
    {"czlonek": "janina", "cel": "Stabilna opieka w domu", "miernik": "usługi opiekuńcze realizowane"},
    {"czlonek": "anna", "cel": "Mniejsze obciążenie opieką", "miernik": "samoocena, 5 sesji"},
]


def plan(pozycje: list[dict], kontrakt: bool = True, zmiany: str | None = None) -> dict:
    data = {"cele": CELE, "pozycje_planu": pozycje, "kontrakt_socjalny_planowany": kontrakt}
    return {**data, "uzasadnienie_zmian": zmiany} if zmiany else data


def przeglad(decyzja: str, data: str = "2025-03-24", uwagi: str | None = None) -> dict:
    payload = {"decyzja_rodziny": decyzja, "data_przegladu": data}
    return {**payload, "uwagi_rodziny": uwagi} if uwagi else payload


KONTRAKT_MARKA = {
    "czlonek": "marek",
    "data_zawarcia": "2025-03-28",
    "okres_od": "2025-04-01",
    "okres_do": "2025-12-31",
    "zobowiazania_osoby": "Rejestracja w PUP, udział w doradztwie i spotkaniach motywacyjnych.",
    "zobowiazania_ops": "Praca socjalna, koordynacja wsparcia, pomoc w dojazdach.",
}
ZATWIERDZENIE = {"decyzja_pzk": "zatwierdzony", "data_decyzji_pzk": "2025-03-27", "budzet_zakupow": 13350}
PLAN_ZAAKCEPTOWANY = [
    T("ut_plan", ZD, plan(POZYCJE_V1)),
    T("ut_przeglad_rodziny", PS, przeglad("zmiany", uwagi="Marek nie akceptuje określenia „terapia uzależnień”.")),
    T("ut_plan", ZD, plan(POZYCJE_V2, zmiany="P6: spotkania motywacyjne dot. zdrowego stylu życia")),
    T("ut_przeglad_rodziny", PS, przeglad("akceptacja", "2025-03-26")),
    T("ut_zatwierdzenie_pzk", PZK, ZATWIERDZENIE),
    T("ut_kontrakt", PS, {"kontrakty": [KONTRAKT_MARKA]}),
]
REALIZATOR = INSTITUTIONS["ruch"][0]  # the partnership's service provider: orders go to it
ZAKUPY_V1 = ["P1", "P2", "P8", "P9", "P10"]


def budzet(pid: str, kwota: float = 1000) -> dict:
    payload = {"srodki_dostepne": True, "zrodlo_finansowania": "projekt", "kwota_zarezerwowana": kwota}
    return T("ut_sprawdzenie_budzetu", KZ, payload, {"pozycja_do_zamowienia.id": pid})


def zamowienie(pid, realizator, numer, data, kwota, od, do) -> dict:
    payload = {"realizator_nazwa": realizator, "numer_zamowienia": numer, "data_zamowienia": data}
    payload.update({"kwota_zamowienia": kwota, "termin_rozpoczecia": od, "termin_zakonczenia": do})
    return T("ut_zamowienie", KZ, payload, {"pozycja_do_zamowienia.id": pid})


def odpowiedz(pid: str, decyzja: str = "przyjmuje", data: str = "2025-04-01", powod: str | None = None) -> dict:
    payload = {"decyzja_realizatora": decyzja, "data_odpowiedzi": data}
    payload.update({"powod_odmowy": powod} if powod else {})
    return T("ut_odpowiedz_realizatora", RU, payload, {"pozycja_do_zamowienia.id": pid})


def zamowienie_kroki(pid, od="2025-04-01", do="2025-12-31", data="2025-04-01", kwota=1000) -> list[dict]:
    """Budget checked, order placed, the provider accepts: one purchased item."""
    order = zamowienie(pid, REALIZATOR, f"ZAM/{pid}", data, kwota, od, do)
    return [budzet(pid, kwota), order, odpowiedz(pid, data=data)]


WLASCICIEL = {p["id"]: (p["wlasciciel"] if p["zrodlo"] != "zakup" else RU) for p in POZYCJE_V3}


def potwierdzenie(pid: str, status: str, n: int, data: str = "2025-09-30") -> dict:
    payload = {"status_realizacji": status, "jednostki_zrealizowane": n, "data_potwierdzenia": data}
    return T("ut_potwierdzenie_realizacji", WLASCICIEL[pid], payload, {"pozycja.id": pid})


def monitoring(months: int) -> list[dict]:
    """Each month: a month passes (the monitoring timer fires), then the social worker writes the note."""
    note = {"data_notatki": "2025-05-15", "forma_kontaktu": "wizyta_domowa"}
    note.update({"przebieg_wspolpracy": "Rodzina współpracuje, usługi realizowane.", "potrzebna_korekta_planu": False})
    month = ({"step": "time", "days": 32}, T("ut_notatka_monitoringu", PS, note))
    return [step for _ in range(months) for step in month]


def do_diagnozy(nominacja=NOMINACJA, consents=None) -> list[dict]:
    """Nomination, qualification and the consents of every adult."""
    return [T("ut_nominacja", PS, nominacja), T("ut_kwalifikacja", AN, KWALIFIKACJA_TAK), *(consents or zgody())]


def do_planu() -> list[dict]:
    """... then invitations, workshop, every sectoral diagnosis and the consolidated diagnosis."""
    return [
        *do_diagnozy(),
        T("ut_zaproszenie", AN, ZAPROSZENIE_BEZ_ZMIAN),
        T("ut_warsztat", ZD, WARSZTAT),
        {"step": "time", "days": 7},
        *diagnozy(ROLE_NOWAKOWSCY),
        T("ut_diagnoza_zintegrowana", PS, DIAGNOZA_ZINTEGROWANA),
    ]


def do_planu_skrot(consents=None) -> list[dict]:
    """The short way to the plan, for the alternate paths: the animator invites no institution."""
    zaproszenie = dict(ZAPROSZENIE_BEZ_ZMIAN, role_pominiete=ROLE_NOWAKOWSCY, uzasadnienie_zmian="Bez diagnoz.")
    return [
        *do_diagnozy(consents=consents),
        T("ut_zaproszenie", AN, zaproszenie),
        T("ut_warsztat", ZD, WARSZTAT),
        T("ut_diagnoza_zintegrowana", PS, DIAGNOZA_ZINTEGROWANA),
    ]


def plan_przyjety(pozycje: list[dict]) -> list[dict]:
    """The plan accepted at once: family, PZK, the contract it plans."""
    return [
        T("ut_plan", ZD, plan(pozycje)),
        T("ut_przeglad_rodziny", PS, przeglad("akceptacja")),
        T("ut_zatwierdzenie_pzk", PZK, ZATWIERDZENIE),
        T("ut_kontrakt", PS, {"kontrakty": [KONTRAKT_MARKA]}),
    ]


ZAMOWIENIA_V1 = [step for pid in ZAKUPY_V1 for step in zamowienie_kroki(pid)]
# delivery under way with one purchased item (P1) besides the partners' own offers and volunteering
POZYCJE_JEDEN_ZAKUP = [p for p in POZYCJE_V2 if p["zrodlo"] != "zakup" or p["id"] == "P1"]
DO_REALIZACJI = [*do_planu_skrot(), *plan_przyjety(POZYCJE_JEDEN_ZAKUP), *zamowienie_kroki("P1")]
