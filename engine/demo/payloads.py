"""Form payloads of the family case, as steps done by the role whose task it is.

Each function returns a ``Task`` step whose data is exactly what the task's form in ``forms/``
accepts; the demo families (``engine.demo.families``) are written with them.
"""

from __future__ import annotations

from engine.demo.directory import AN, GMINA, KZ, PS, PZK, RU, ZD
from engine.demo.play import Task

Member = tuple[str, str, int, str]  # id, first name, age, relation (nominacja_rodziny.schema.json)
Support = tuple[str, str, str]  # member id, service, description


def nomination(
    family: str, members: list[Member], problems: list[str], situation: str, on: str, probation: bool = False
) -> Task:
    czlonkowie = [{"id": i, "imie": name, "wiek": age, "pokrewienstwo": rel} for i, name, age, rel in members]
    data = {"rodzina_nazwa": family, "gmina": GMINA, "wariant": "wiejski", "data_zgloszenia": on}
    data |= {"czlonkowie": czlonkowie, "kody_problemow": problems, "nadzor_kuratora": probation}
    return Task(PS, "ut_nominacja", data | {"opis_sytuacji": situation})


def qualification(on: str, reason: str, qualified: bool = True) -> Task:
    decision = "zakwalifikowana" if qualified else "niezakwalifikowana"
    data = {"decyzja_kwalifikacji": decision, "uzasadnienie_kwalifikacji": reason, "data_kwalifikacji": on}
    return Task(AN, "ut_kwalifikacja", data)


def consent(member: str, on: str, for_children: bool = False) -> Task:
    data = {"zgoda_udzielona": True, "data_oswiadczenia": on, "klauzula_informacyjna_przekazana": True}
    data["oswiadczenie_za_maloletnich"] = for_children
    return Task(PS, "ut_zgoda", data, where={"czlonek_do_zgody": member})


def invitation(workshop_on: str, added: tuple[str, ...] = (), why: str | None = None) -> Task:
    data = {"role_dodatkowe": list(added), "role_pominiete": [], "termin_warsztatu": workshop_on}
    data["miejsce_warsztatu"] = "GOPS w Świlczy, sala konferencyjna"
    return Task(AN, "ut_zaproszenie", data | ({"uzasadnienie_zmian": why} if why else {}))


def workshop(on: str, institutions: list[str], family: str, causes: str, strengths: str, needs: str) -> Task:
    data = {"data_warsztatu": on, "uczestnicy_instytucje": [PS, *institutions], "udzial_rodziny": family}
    data |= {"genogram_sporzadzony": True, "przyczyny_trudnosci": causes, "mocne_strony": strengths}
    return Task(ZD, "ut_warsztat", data | {"potrzeby_i_oczekiwania": needs})


def diagnosis(role: str, on: str, assessment: str, support: list[Support], offer: str) -> Task:
    wsparcie = [{"czlonek": member, "usluga": service, "opis": text} for member, service, text in support]
    data = {"ocena_sytuacji": assessment, "rekomendowane_wsparcie": wsparcie, "oferta_instytucji": offer}
    return Task(role, "ut_diagnoza_sektorowa", data | {"data_diagnozy": on})


def diagnoses(on: str, by_role: dict[str, tuple[str, list[Support], str]]) -> list[Task]:
    """The sectoral diagnosis of each role: (assessment, recommended support, the institution's offer)."""
    return [diagnosis(role, on, *content) for role, content in by_role.items()]


def integrated_diagnosis(on: str, summary: str, areas: list[tuple[str, str, str]], strengths: str) -> Task:
    obszary = [{"czlonek": member, "obszar": area, "opis": text} for member, area, text in areas]
    data = {"data_diagnozy_zintegrowanej": on, "podsumowanie_diagnozy": summary, "obszary_wsparcia": obszary}
    return Task(
        PS, "ut_diagnoza_zintegrowana", data | {"mocne_strony_rodziny": strengths, "zatwierdzona_przez_zespol": True}
    )


def item(
    pid: str, service: str, member: str, owner: str, source: str, period: tuple[str, str], units: int, cost=None
) -> dict:
    """One plan item: who delivers ``service`` to ``member``, from which source, when, how much."""
    data = {"id": pid, "usluga": service, "czlonek": member, "wlasciciel": owner, "zrodlo": source}
    data |= {"data_od": period[0], "data_do": period[1], "liczba_jednostek": units}
    return data | ({"koszt_szacunkowy": cost} if cost is not None else {})


def plan(goals: list[tuple[str, str, str]], items: list[dict], contract: bool) -> Task:
    cele = [{"czlonek": member, "cel": goal, "miernik": measure} for member, goal, measure in goals]
    return Task(ZD, "ut_plan", {"cele": cele, "pozycje_planu": items, "kontrakt_socjalny_planowany": contract})


def family_review(on: str, signed_by: str) -> Task:
    return Task(
        PS, "ut_przeglad_rodziny", {"decyzja_rodziny": "akceptacja", "data_przegladu": on, "podpisali": signed_by}
    )


def approval(on: str, purchases: float, at_meeting: bool = False) -> Task:
    data = {"decyzja_pzk": "zatwierdzony", "data_decyzji_pzk": on, "budzet_zakupow": purchases}
    return Task(PZK, "ut_zatwierdzenie_pzk", data, at_meeting=at_meeting)


def social_contract(member: str, on: str, until: str, person: str, ops: str) -> Task:
    kontrakt = {"czlonek": member, "data_zawarcia": on, "okres_od": on, "okres_do": until}
    kontrakt |= {"zobowiazania_osoby": person, "zobowiazania_ops": ops}
    return Task(PS, "ut_kontrakt", {"kontrakty": [kontrakt]})


def _ordering(pid: str) -> dict:
    return {"pozycja_do_zamowienia.id": pid}


def budget(pid: str, amount: float) -> Task:
    data = {"srodki_dostepne": True, "zrodlo_finansowania": "projekt", "kwota_zarezerwowana": amount}
    return Task(KZ, "ut_sprawdzenie_budzetu", data, where=_ordering(pid))


def order(pid: str, provider: str, on: str, amount: float, period: tuple[str, str]) -> Task:
    data = {"realizator_nazwa": provider, "numer_zamowienia": f"ROPS/ZAM/{on[:4]}/{pid}", "data_zamowienia": on}
    data |= {"kwota_zamowienia": amount, "termin_rozpoczecia": period[0], "termin_zakonczenia": period[1]}
    return Task(KZ, "ut_zamowienie", data, where=_ordering(pid))


def acceptance(pid: str, on: str) -> Task:
    data = {"decyzja_realizatora": "przyjmuje", "data_odpowiedzi": on}
    return Task(RU, "ut_odpowiedz_realizatora", data, where=_ordering(pid))


def delivered(role: str, pid: str, units: int, on: str, note: str) -> Task:
    data = {"status_realizacji": "zrealizowana", "jednostki_zrealizowane": units, "data_potwierdzenia": on}
    return Task(role, "ut_potwierdzenie_realizacji", data | {"uwagi_realizacji": note}, where={"pozycja.id": pid})
