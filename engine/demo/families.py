"""Seven fictional households of gmina Świlcza, each left at another stage of the family case, after the
setting up of the PZK itself (``engine.demo.partnership``) and before a group of seniors whose projekt
socjalny is closed with recommendations (``engine.demo.groups``).

Dates in the forms count back from the day of the run, so the oldest case was nominated about ten
weeks ago and the deadlines the engine sets for the open tasks lie ahead. The Nowakowski family of
the domain brief is left out on purpose: the walkthrough starts that case by hand. The households
whose plan is agreed are in ``engine.demo.plans``.
"""

from __future__ import annotations

from datetime import date, timedelta

from engine.demo.groups import seniorzy_z_bratkowic
from engine.demo.partnership import pzk_swilcza
from engine.demo.payloads import consent, diagnoses, invitation, nomination, qualification, workshop
from engine.demo.plans import dudowie, jablonscy, krawczykowie
from engine.demo.play import Family


def families(today: date) -> list[Family]:
    """The demo cases, dated relative to ``today``: the PZK's setting up first (the meetings count their quorum
    by it), then the households and the group in business-key order."""

    def day(offset: int) -> str:
        return (today + timedelta(days=offset)).isoformat()

    return [
        pzk_swilcza(day),
        kowalczykowie(day),
        wisniewscy(day),
        pawlakowie(day),
        krawczykowie(day),
        jablonscy(day),
        dudowie(day),
        wroblewski(day),
        seniorzy_z_bratkowic(day),
    ]


def kowalczykowie(day) -> Family:
    nominated = nomination(
        "Kowalczykowie",
        [
            ("stanislaw", "Stanisław", 52, "wnioskodawca"),
            ("halina", "Halina", 49, "malzonek_partner"),
            ("bartek", "Bartek", 16, "dziecko"),
        ],
        ["bezrobocie", "dlugotrwala_choroba", "ubostwo"],
        "Bratkowice. Stanisław po zawale stracił pracę w zakładzie stolarskim; Halina pracuje dorywczo. "
        "Bartek (16) często opuszcza lekcje. Rodzina zalega z opłatami za energię.",
        day(-1),
    )
    description = "zgłoszona, czeka na kwalifikację przez animatora"
    return Family("KOOP/2026/0001", "Rodzina Kowalczyków", description, (nominated,))


def wisniewscy(day) -> Family:
    steps = (
        nomination(
            "Wiśniewscy",
            [
                ("agnieszka", "Agnieszka", 34, "wnioskodawca"),
                ("robert", "Robert", 37, "malzonek_partner"),
                ("oliwia", "Oliwia", 9, "dziecko"),
                ("szymon", "Szymon", 4, "dziecko"),
            ],
            ["bezradnosc_opiekunczo_wychowawcza", "bezrobocie", "ubostwo"],
            "Trzciana. Robert od roku bez pracy, Agnieszka sama zajmuje się dziećmi i domem. Szkoła sygnalizuje "
            "trudności Oliwii w nauce i częste nieobecności. Rodzina sama prosi o pomoc.",
            day(-8),
        ),
        qualification(day(-6), "Rodzina zmotywowana do współpracy; potrzebne wsparcie kilku instytucji."),
        consent("agnieszka", day(-2), for_children=True),
    )
    description = "zakwalifikowana; zgoda Agnieszki zapisana, czeka oświadczenie Roberta"
    return Family("KOOP/2026/0002", "Rodzina Wiśniewskich", description, steps)


def pawlakowie(day) -> Family:
    steps = (
        nomination(
            "Pawlakowie",
            [
                ("krzysztof", "Krzysztof", 44, "wnioskodawca"),
                ("beata", "Beata", 41, "malzonek_partner"),
                ("natalia", "Natalia", 13, "dziecko"),
                ("kuba", "Kuba", 8, "dziecko"),
                ("helena", "Helena", 79, "rodzic"),
            ],
            ["niepelnosprawnosc", "dlugotrwala_choroba", "bezrobocie"],
            "Mrowla. Kuba (8) ma orzeczenie o niepełnosprawności (spektrum autyzmu), potrzebuje terapii i dowozu "
            "do szkoły. Helena po udarze wymaga stałej opieki; Krzysztof zrezygnował z pracy, by ją zapewnić.",
            day(-30),
        ),
        qualification(day(-28), "Niepełnosprawność dziecka, choroba seniorki i bezrobocie: potrzebny zespół."),
        consent("krzysztof", day(-24)),
        consent("beata", day(-24), for_children=True),
        consent("helena", day(-24)),
        invitation(day(-14)),
        workshop(
            day(-14),
            ["PCPR", "Ochrona zdrowia", "PPP", "Szkoła", "PUP"],
            "Beata i Krzysztof",
            "Opieka nad Heleną i Kubą spoczywa na rodzicach; brak dochodu z pracy.",
            "Zgodni rodzice, Natalia pomaga w domu, życzliwi sąsiedzi.",
            "Terapia i dowóz Kuby, odciążenie w opiece nad Heleną, praca dla Krzysztofa.",
        ),
        *diagnoses(
            day(-5),
            {
                "PCPR": (
                    "Kuba spełnia warunki dofinansowania turnusu rehabilitacyjnego z PFRON.",
                    [("kuba", "turnus_rehabilitacyjny", "Turnus latem."), ("helena", "sprzet", "Łóżko.")],
                    "Dofinansowanie turnusu i sprzętu rehabilitacyjnego (PFRON).",
                )
            },
        ),
    )
    description = "PCPR złożyło diagnozę sektorową; czekają ochrona zdrowia, PPP, szkoła i PUP"
    return Family("KOOP/2026/0003", "Rodzina Pawlaków", description, steps)


def wroblewski(day) -> Family:
    steps = (
        nomination(
            "Wróblewski",
            [("jozef", "Józef", 71, "wnioskodawca")],
            ["dlugotrwala_choroba", "ubostwo"],
            "Dąbrowa. Józef mieszka sam, choruje na cukrzycę; korzysta z usług opiekuńczych GOPS.",
            day(-40),
        ),
        qualification(
            day(-38),
            "Potrzeby zaspokajają usługi opiekuńcze GOPS; nie jest potrzebna współpraca wielu instytucji.",
            qualified=False,
        ),
    )
    description = "animator nie zakwalifikował do pracy Modelem"
    return Family("KOOP/2026/0007", "Józef Wróblewski", description, steps, kind="osoba")
