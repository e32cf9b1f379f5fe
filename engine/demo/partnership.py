"""The setting up of the Świlcza PZK (process ``kooperacja_pzk``), played to its end before the families.

The agreement with the ROPS sets the quorum of the PZK's meetings; the institutions of the real Świlcza
PZK and the school, the counselling centre and the labour office declare accession, the health centre
and the NGO work with the partnership without joining. So the meetings count their quorum over the PZK's
members by the agreement, not over the whole directory.
"""

from __future__ import annotations

from engine.demo.directory import AN, GMINA, PZK
from engine.demo.play import Family, Task

PZK_PROCESS = "kooperacja_pzk"
QUORUM = 5
JOINING = ("PCPR", "Policja", "OIK", "GKRPA", "Zespół Interdyscyplinarny", "Szkoła", "PPP", "PUP")
NOT_JOINING = ("Ochrona zdrowia", "NGO")
REPRESENTATIVES = {
    "PCPR": "Dorota Kwiatkowska",
    "Policja": "Sławomir Dziedzic",
    "OIK": "Olga Pietrzak",
    "GKRPA": "Henryk Zając",
    "Zespół Interdyscyplinarny": "Zofia Przybylska",
    "Szkoła": "Agnieszka Wójcik",
    "PPP": "Joanna Sikora",
    "PUP": "Paweł Nowicki",
    "Ochrona zdrowia": "Jan Kowal",
    "NGO": "Wiktor Wolański",
}


def declaration(role: str, on: str, joins: bool = True) -> Task:
    data = {"przystepuje": joins, "przedstawiciel": REPRESENTATIVES[role], "data_deklaracji": on}
    return Task(role, "ut_deklaracja", data)


def pzk_swilcza(day) -> Family:
    steps = (
        Task(
            AN,
            "ut_inicjowanie_pzk",
            {
                "gmina": GMINA,
                "powiat": "rzeszowski",
                "wariant": "wiejski",
                "role_czlonkowskie": [*JOINING, *NOT_JOINING],
                "data_spotkania_inicjujacego": day(-420),
                "animator_gminny": "Ewa Zielińska",
                "animator_powiatowy": "Tomasz Wrona",
            },
        ),
        Task(
            "ROPS",
            "ut_porozumienie",
            {
                "data_zawarcia_porozumienia": day(-410),
                "numer_porozumienia": "ROPS/PZK/2025/12",
                "strony_porozumienia": ["wojewodztwo", "powiat", "gmina"],
                "kworum_posiedzen": QUORUM,
            },
        ),
        *(declaration(role, day(-400)) for role in JOINING),
        *(declaration(role, day(-400), joins=False) for role in NOT_JOINING),
        Task(
            PZK,
            "ut_pierwsze_posiedzenie",
            {
                "data_posiedzenia": day(-390),
                "regulamin_przyjety": True,
                "koordynator_pzk": "Renata Bąk",
                "czestotliwosc_posiedzen": "co_miesiac",
            },
        ),
    )
    description = "partnerstwo powołane: porozumienie z ROPS (kworum 5), deklaracje przystąpienia, pierwsze posiedzenie"
    return Family(
        "PZK/2026/0001", "PZK Gminy Świlcza", description, steps, kind=None, process_id=PZK_PROCESS, starter=AN
    )
