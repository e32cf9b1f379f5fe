"""The demo households whose plan (IPW) is drafted or agreed: waiting for the PZK, ordering, realisation."""

from __future__ import annotations

from engine.demo.directory import PROVIDER, PS
from engine.demo.payloads import (
    acceptance,
    approval,
    budget,
    consent,
    delivered,
    diagnoses,
    family_review,
    integrated_diagnosis,
    invitation,
    item,
    nomination,
    order,
    plan,
    qualification,
    social_contract,
    workshop,
)
from engine.demo.play import Family, Task


def _diagnosis_stage(day, start: int, invited: list[str], by_role: dict, findings: dict, added=()) -> list[Task]:
    """Invitation (the decision table's proposal plus ``added``), workshop with the family, the sectoral
    diagnoses ``by_role`` and the consolidated diagnosis; ``findings`` has causes, strengths, needs, areas."""
    why = "Szkoła zna sytuację dzieci i ma ofertę świetlicy." if added else None
    return [
        invitation(day(start + 7), tuple(added), why),
        workshop(day(start + 7), invited, "cała rodzina", findings["causes"], findings["strengths"], findings["needs"]),
        *diagnoses(day(start + 14), by_role),
        integrated_diagnosis(day(start + 20), findings["causes"], findings["areas"], findings["strengths"]),
    ]


def krawczykowie(day) -> Family:
    period = (day(7), day(187))
    steps = (
        nomination(
            "Krawczykowie",
            [
                ("tadeusz", "Tadeusz", 57, "wnioskodawca"),
                ("maria", "Maria", 54, "malzonek_partner"),
                ("pawel", "Paweł", 24, "dziecko"),
            ],
            ["alkoholizm", "bezrobocie", "ubostwo"],
            "Rudna Wielka. Tadeusz nadużywa alkoholu od utraty pracy; Paweł po szkole zawodowej nie znalazł "
            "zatrudnienia. Maria utrzymuje dom z renty.",
            day(-60),
        ),
        qualification(day(-58), "Rodzina gotowa do współpracy, problemy wymagają kilku instytucji."),
        consent("tadeusz", day(-55)),
        consent("maria", day(-55)),
        consent("pawel", day(-55)),
        *_diagnosis_stage(
            day,
            -52,
            ["PUP", "GKRPA", "PCPR"],
            {
                "PCPR": ("Rodzina bez zadań powiatu poza poradnictwem.", [], "Poradnictwo rodzinne."),
                "PUP": (
                    "Paweł zarejestrowany jako bezrobotny, profil pomocy II.",
                    [("pawel", "szkolenie", "Kurs operatora wózków widłowych.")],
                    "Szkolenia, staże, doradztwo zawodowe.",
                ),
                "GKRPA": (
                    "Tadeusz deklaruje chęć ograniczenia picia; bez wniosku do sądu na tym etapie.",
                    [("tadeusz", "spotkania_motywacyjne", "Rozmowy motywujące w punkcie konsultacyjnym.")],
                    "Punkt konsultacyjny, spotkania motywacyjne.",
                ),
            },
            {
                "causes": "Nadużywanie alkoholu przez ojca, bezrobocie syna, obciążenie matki.",
                "strengths": "Maria dobrze zarządza budżetem domowym, Paweł chce pracować.",
                "needs": "Praca dla Pawła, wsparcie dla Marii, motywacja Tadeusza do zmiany.",
                "areas": [
                    ("tadeusz", "uzaleznienia", "Motywacja do ograniczenia picia."),
                    ("pawel", "praca", "Kwalifikacje i staż."),
                    ("maria", "relacje_rodzinne", "Wsparcie psychologiczne."),
                ],
            },
        ),
        plan(
            [
                ("tadeusz", "Ograniczenie picia", "udział w 6 spotkaniach"),
                ("pawel", "Zatrudnienie", "staż lub umowa o pracę"),
                ("maria", "Mniejsze obciążenie", "samoocena po 6 sesjach"),
            ],
            [
                item("P1", "spotkania_motywacyjne", "tadeusz", "GKRPA", "wlasna_oferta", period, 6),
                item("P2", "szkolenie", "pawel", "PUP", "wlasna_oferta", period, 1),
                item("P3", "wsparcie_psychologiczne", "maria", PS, "zakup", period, 6, 900),
                item("P4", "poradnictwo_socjalne", "rodzina", PS, "wlasna_oferta", period, 6),
            ],
            contract=True,
        ),
        family_review(day(-3), "Tadeusz, Maria i Paweł Krawczykowie, Katarzyna Mazur"),
    )
    description = "plan przyjęty przez rodzinę, czeka na zatwierdzenie PZK"
    return Family("KOOP/2026/0004", "Rodzina Krawczyków", description, steps)


def jablonscy(day) -> Family:
    period = (day(7), day(187))
    steps = (
        nomination(
            "Jabłońscy",
            [
                ("ewelina", "Ewelina", 29, "wnioskodawca"),
                ("julia", "Julia", 7, "dziecko"),
                ("antek", "Antek", 3, "dziecko"),
            ],
            ["niepelnosprawnosc", "ubostwo"],
            "Bziana. Ewelina samotnie wychowuje dzieci; Antek (3) ma zespół Downa i potrzebuje rehabilitacji "
            "ruchowej. Julia zaczęła naukę w pierwszej klasie.",
            day(-50),
        ),
        qualification(day(-48), "Niepełnosprawność dziecka, samotny rodzic bez wsparcia."),
        consent("ewelina", day(-45), for_children=True),
        *_diagnosis_stage(
            day,
            -44,
            ["PCPR", "Ochrona zdrowia", "PPP", "Szkoła"],
            {
                "PCPR": ("Antek: turnus możliwy w przyszłym roku.", [], "Dofinansowanie z PFRON."),
                "Ochrona zdrowia": (
                    "Antek pod opieką poradni rehabilitacyjnej; zalecana rehabilitacja 2 razy w tygodniu.",
                    [("antek", "rehabilitacja", "Rehabilitacja ruchowa.")],
                    "Opieka lekarska, skierowania.",
                ),
                "PPP": (
                    "Antek kwalifikuje się do wczesnego wspomagania rozwoju.",
                    [("antek", "terapia_logopedyczna", "Wczesne wspomaganie rozwoju.")],
                    "Terapia logopedyczna w poradni.",
                ),
                "Szkoła": (
                    "Julia radzi sobie dobrze, potrzebuje opieki świetlicy po lekcjach.",
                    [("julia", "wsparcie_szkolne", "Świetlica.")],
                    "Świetlica szkolna, zajęcia wyrównawcze.",
                ),
            },
            {
                "causes": "Niepełnosprawność Antka, samotne rodzicielstwo, niskie dochody.",
                "strengths": "Ewelina dba o regularne wizyty Antka; pomaga babcia z sąsiedniej wsi.",
                "needs": "Rehabilitacja Antka, czas dla Eweliny, opieka nad Julią po lekcjach.",
                "areas": [
                    ("antek", "zdrowie", "Rehabilitacja ruchowa i terapia mowy."),
                    ("ewelina", "relacje_rodzinne", "Wsparcie psychologiczne."),
                    ("julia", "edukacja", "Świetlica."),
                ],
            },
        ),
        plan(
            [("antek", "Postęp w sprawności ruchowej", "ocena fizjoterapeuty"), ("ewelina", "Odciążenie", "samoocena")],
            [
                item("P1", "rehabilitacja", "antek", "Ochrona zdrowia", "zakup", period, 24, 2880),
                item("P2", "wsparcie_psychologiczne", "ewelina", PS, "zakup", period, 6, 900),
                item("P3", "terapia_logopedyczna", "antek", "PPP", "wlasna_oferta", period, 20),
                item("P4", "wsparcie_szkolne", "julia", "Szkoła", "wlasna_oferta", period, 30),
            ],
            contract=False,
        ),
        family_review(day(-12), "Ewelina Jabłońska, Katarzyna Mazur"),
        approval(day(-5), 3780, at_meeting=True),  # the PZK met on it
        budget("P1", 2880),
        order("P1", PROVIDER, day(-1), 2880, period),
    )
    description = "realizator odpowiada na zamówienie P1, koordynator ROPS sprawdza środki na P2"
    return Family("KOOP/2026/0005", "Rodzina Jabłońskich", description, steps)


def dudowie(day) -> Family:
    period = (day(-3), day(177))
    steps = (
        nomination(
            "Dudowie",
            [
                ("andrzej", "Andrzej", 45, "wnioskodawca"),
                ("ewa", "Ewa", 42, "malzonek_partner"),
                ("michal", "Michał", 15, "dziecko"),
                ("zosia", "Zosia", 11, "dziecko"),
            ],
            ["zdarzenie_losowe_kryzys", "bezrobocie", "ubostwo"],
            "Woliczka. Po pożarze domu rodzina mieszka w wynajętym mieszkaniu; Andrzej stracił warsztat, "
            "w którym pracował. Michał zamknął się w sobie, Zosia boi się zostawać sama.",
            day(-70),
        ),
        qualification(day(-68), "Sytuacja kryzysowa po zdarzeniu losowym, potrzebna pomoc kilku instytucji."),
        consent("andrzej", day(-65)),
        consent("ewa", day(-65), for_children=True),
        *_diagnosis_stage(
            day,
            -62,
            ["OIK", "PUP", "PCPR", "Szkoła"],
            {
                "OIK": (
                    "Reakcja kryzysowa u obojga dzieci.",
                    [("zosia", "wsparcie_psychologiczne", "Interwencja kryzysowa.")],
                    "Pomoc psychologiczna bez skierowania.",
                ),
                "PUP": (
                    "Andrzej zarejestrowany, stolarz z 20-letnim stażem.",
                    [("andrzej", "aktywizacja_zawodowa", "Pośrednictwo pracy.")],
                    "Pośrednictwo, doradca zawodowy.",
                ),
                "PCPR": ("Potrzebna pomoc prawna w sprawie odszkodowania.", [], "Poradnictwo prawne."),
                "Szkoła": (
                    "Michał ma gorsze oceny, Zosia potrzebuje opieki po lekcjach.",
                    [("zosia", "wsparcie_szkolne", "Świetlica.")],
                    "Świetlica, pedagog szkolny.",
                ),
            },
            {
                "causes": "Utrata domu i pracy po pożarze, reakcja kryzysowa dzieci.",
                "strengths": "Rodzina trzyma się razem; duża pomoc sąsiadów i parafii.",
                "needs": "Praca dla Andrzeja, poczucie bezpieczeństwa dzieci, wyposażenie mieszkania.",
                "areas": [
                    ("michal", "zdrowie", "Wsparcie psychologiczne."),
                    ("andrzej", "praca", "Nowe zatrudnienie."),
                    ("zosia", "edukacja", "Świetlica i wsparcie pedagoga."),
                ],
            },
            added=["Szkoła"],
        ),
        plan(
            [("andrzej", "Powrót do pracy", "umowa o pracę"), ("michal", "Poczucie bezpieczeństwa", "ocena terapeuty")],
            [
                item("P1", "wsparcie_psychologiczne", "zosia", "OIK", "wlasna_oferta", period, 6),
                item("P2", "aktywizacja_zawodowa", "andrzej", "PUP", "wlasna_oferta", period, 1),
                item("P3", "pomoc_rzeczowa", "rodzina", PS, "wlasna_oferta", (day(-3), day(-1)), 1),
                item("P4", "wsparcie_szkolne", "zosia", "Szkoła", "wlasna_oferta", period, 40),
                item("P5", "wsparcie_psychologiczne", "michal", PS, "zakup", period, 8, 1200),
                item("P6", "pomoc_rzeczowa", "rodzina", "NGO", "wolontariat", period, 1),
                item("P7", "poradnictwo_prawne", "rodzina", "PCPR", "wlasna_oferta", period, 2),
            ],
            contract=True,
        ),
        family_review(day(-20), "Andrzej i Ewa Dudowie, Katarzyna Mazur"),
        approval(day(-15), 1200),
        social_contract(
            "andrzej",
            day(-12),
            day(170),
            "Udział w doradztwie zawodowym PUP, aktywne poszukiwanie pracy.",
            "Praca socjalna, pomoc rzeczowa, koordynacja wsparcia instytucji.",
        ),
        budget("P5", 1200),
        order("P5", PROVIDER, day(-8), 1200, period),
        acceptance("P5", day(-6)),
        delivered(PS, "P3", 1, day(-1), "Przekazano wyposażenie kuchni i pościel."),
    )
    description = "instytucje i realizator potwierdzają usługi planu (P3 już potwierdzona)"
    return Family("KOOP/2026/0006", "Rodzina Dudów", description, steps)
