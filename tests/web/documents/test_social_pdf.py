"""The social contract and the social project as PDF, as a reader gets them (text through pypdf).

The documents are built by hand here; what the engine puts in them is tested in
tests/engine/test_social_documents.py. The project is a plain dataclass a group case can fill too.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from engine.dto.social_documents import Contract, ContractDocument, ProjectAction, ProjectParticipant, SocialProject
from tests.web.documents.test_pdf import GENERATED, K_MAZUR, MEMBERS, WARNING, pages
from web.documents import render_contract_pdf, render_project_pdf

MAREK = Contract(
    party="Marek",
    people=(MEMBERS[0],),
    concluded_on=date(2025, 3, 28),
    valid_from=date(2025, 4, 1),
    valid_to=date(2025, 12, 31),
    goals=("Rejestracja w PUP i powrót do aktywności",),
    person_obligations="Rejestracja w PUP, udział w doradztwie.",
    ops_obligations="Praca socjalna, pomoc w dojazdach.",
)
CONTRACT = ContractDocument(
    case_id="c0ffee",
    business_key="K/2025/C0FFEE01",
    family="Nowakowscy",
    municipality="Brzozowa Wola",
    ops="GOPS Brzozowa Wola",
    social_worker=K_MAZUR,
    contracts=(MAREK,),
    legal_basis=("art. 108 ust. 1 ustawy z dnia 12 marca 2004 r. o pomocy społecznej – kontrakt socjalny",),
    generated_at=GENERATED,
    generated_by="K Mazur (GOPS Brzozowa Wola)",
)
PROJECT = SocialProject(
    reference="G/2025/0001",
    title="Projekt socjalny – grupa wsparcia opiekunów",
    organiser="GOPS Brzozowa Wola",
    team="Zespół Diagnostyczny",
    variant=None,
    aim="Wzmocnienie opiekunów osób zależnych.",
    objectives=("Mniejsze obciążenie opieką",),
    participants=(ProjectParticipant("Anna", "opiekunka"), ProjectParticipant("Ewa", "opiekunka")),
    actions=(
        ProjectAction(
            name="Grupa wsparcia",
            description="spotkania co dwa tygodnie",
            participants="wszyscy uczestnicy",
            responsible="OPS – pracownik socjalny, GOPS Brzozowa Wola",
            date_from=date(2025, 4, 1),
            date_to=date(2025, 6, 30),
            resources="Zakup z koszyka usług, 6 jedn.",
            cost=1200,
            status="zaplanowana",
        ),
    ),
    period_from=date(2025, 4, 1),
    period_to=date(2025, 6, 30),
    resources=(("Zakup z koszyka usług", "liczba działań: 1, koszt szacunkowy 1 200,00 zł"),),
    expected_results=("samoocena uczestników, 6 spotkań",),
    evaluation=("Ocena końcowa z udziałem uczestników.",),
    signatories=("Pracownik socjalny prowadzący sprawę", "Kierownik ośrodka pomocy społecznej"),
    generated_at=GENERATED,
    generated_by="K Mazur (GOPS Brzozowa Wola)",
)


def test_the_contract_names_the_parties_obligations_period_and_signature_places():
    texts = pages(render_contract_pdf(CONTRACT))
    text = " ".join(texts)

    assert "Kontrakt socjalny" in text and "art. 108 ustawy o pomocy społecznej" in text
    assert "GOPS Brzozowa Wola, reprezentowany przez: K Mazur" in text
    assert "Marek – osoba zgłoszona (wnioskodawca)" in text and "((" not in text and "))" not in text
    assert "Data zawarcia 28.03.2025" in text and "01.04.2025 – 31.12.2025" in text
    assert "Rejestracja w PUP i powrót do aktywności" in text
    assert "Zobowiązania osoby Rejestracja w PUP, udział w doradztwie." in text
    assert "Zobowiązania ośrodka pomocy społecznej Praca socjalna, pomoc w dojazdach." in text
    assert "Marek – strona kontraktu" in text and "K Mazur – pracownik socjalny" in text
    assert WARNING in text and f"Strona {len(texts)} z {len(texts)}" in text


def test_each_contract_starts_a_page_of_its_own():
    family = dataclasses.replace(MAREK, party="cała rodzina", people=MEMBERS[:2])
    texts = pages(render_contract_pdf(dataclasses.replace(CONTRACT, contracts=(MAREK, family))))
    assert "Kontrakt 1: Marek" in texts[0] and "Kontrakt 2: cała rodzina" not in texts[0]
    assert any("Kontrakt 2: cała rodzina" in t and "Anna – strona kontraktu" in t for t in texts[1:])


def test_a_project_of_a_group_renders_every_part():
    text = " ".join(pages(render_project_pdf(PROJECT)))

    assert "Projekt socjalny – grupa wsparcia opiekunów" in text
    for heading in ("Cel główny", "Cele szczegółowe", "Uczestnicy", "Działania i harmonogram", "Zasoby"):
        assert heading in text
    assert "Spodziewane rezultaty" in text and "Sposób ewaluacji" in text
    assert "Okres realizacji 01.04.2025 – 30.06.2025" in text
    assert "Grupa wsparcia" in text and "1 200,00" in text and "Ewa" in text
    assert "Kierownik ośrodka pomocy społecznej" in text
