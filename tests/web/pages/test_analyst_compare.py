"""Comparing versions of the model over HTTP: the analyst's page, refused to workers."""

from __future__ import annotations

import json
from uuid import uuid4

import pytest

from engine.roles import ANALYST
from tests.factories import add_person
from tests.web.pages.conftest import Browser

PZK = "processes/kooperacja_pzk.bpmn"


@pytest.fixture
def analyst(app, engine, people):
    actor = add_person(engine, f"a.porownanie.{uuid4().hex[:8]}", people.institution_of("Animator"), ANALYST)
    yield Browser(app, actor), actor
    for file in engine.library.overview(actor).files:  # the drafts would outlive the test on PostgreSQL
        if file.draft is not None:
            engine.library.discard(actor, file.path)


def test_the_analyst_compares_a_version_with_the_working_draft(analyst, engine):
    analyst, actor = analyst
    number = engine.library.overview(actor).versions[0].number
    content = engine.library.open(actor, PZK).content.decode()
    engine.library.save(actor, PZK, content.replace('name="Porozumienie o współpracy"', 'name="Umowa"').encode())
    library = analyst.get("/procesy").get_data(as_text=True)
    assert "/procesy/porownaj" in library
    form = analyst.get("/procesy/porownaj")
    assert form.status_code == 200
    assert 'name="od"' in form.get_data(as_text=True) and "wersja robocza" in form.get_data(as_text=True)
    page = analyst.get(f"/procesy/porownaj?od={number}&do=robocza")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert PZK in html and "ut_porozumienie" in html
    assert "Porozumienie o współpracy → Umowa" in html
    assert "usunięty" in html and "dodany" in html
    assert analyst.get(f"/procesy/porownaj?od=9999&do={number}").status_code == 404
    assert analyst.get(f"/procesy/porownaj?od={number}&do=xyz").status_code == 404


def test_workers_may_not_compare_versions(browser):
    worker = browser("Pracownik socjalny OPS")
    assert worker.get("/procesy/porownaj").status_code == 403
    assert worker.get("/procesy/porownaj?od=1&do=robocza").status_code == 403


FORM = "forms/inicjowanie_pzk.schema.json"
DMN = "processes/kooperacja_zaproszenia.dmn"


def test_the_diagrams_side_by_side_and_the_form_and_decision_changes_in_words(analyst, engine):
    analyst, actor = analyst
    number = engine.library.overview(actor).versions[0].number
    diagram = engine.library.open(actor, PZK).content
    engine.library.save(actor, PZK, diagram.replace(b'name="Porozumienie o wsp', b'name="Umowa o wsp'))
    form = json.loads(engine.library.open(actor, FORM).content)
    form["properties"]["gmina"].update(title="Nazwa gminy", type="integer")
    engine.library.save(actor, FORM, json.dumps(form, ensure_ascii=False, indent=2).encode())
    dmn = engine.library.open(actor, DMN).content
    dmn = dmn.replace(b"<text>'niepelnosprawnosc' in ?</text>", b"<text>-</text>", 1)
    dmn = dmn.replace(b'hitPolicy="COLLECT"', b'hitPolicy="FIRST"').replace(
        "Nadzór kuratora sądowego".encode(), "Kurator sądowy".encode()
    )
    engine.library.save(actor, DMN, dmn)
    html = analyst.get(f"/procesy/porownaj?od={number}&do=robocza").get_data(as_text=True)
    assert 'data-markers=\'{"ut_porozumienie": "changed"}\'' in html
    assert f'data-diagram="/procesy/porownaj/{number}/{PZK}"' in html
    assert f'data-diagram="/procesy/porownaj/robocza/{PZK}"' in html
    assert 'data-select="ut_porozumienie"' in html
    assert "/vendor/bpmn-js/dist/bpmn-navigated-viewer.production.min.js" in html
    assert "Pola formularza, które się zmieniły" in html
    assert "tytuł: „Gmina” → „Nazwa gminy”" in html
    assert "rodzaj odpowiedzi: tekst → liczba całkowita" in html
    assert "<td>zadanie użytkownika</td>" in html
    assert "Tabele decyzyjne: zmiany zasady wyboru i kolumn" in html
    assert "Zasada wyboru wierszy: wszystkie pasujące reguły (COLLECT) → pierwsza pasująca reguła (FIRST)" in html
    assert (
        "Kolumna wejściowa „Kurator sądowy”:" in html and "nazwa „Nadzór kuratora sądowego” → „Kurator sądowy”" in html
    )
    assert "Wiersze tabel decyzyjnych, które się zmieniły" in html
    assert "Problemy rodziny (art. 7 u.p.s.): „&#39;niepelnosprawnosc&#39; in ?” → „-”" in html
    assert analyst.get(f"/procesy/porownaj/{number}/{PZK}").data == diagram
    assert b'name="Umowa o wsp' in analyst.get(f"/procesy/porownaj/robocza/{PZK}").data
    assert analyst.get(f"/procesy/porownaj/{number}/processes/nie_ma.bpmn").status_code == 404
    assert analyst.get(f"/procesy/porownaj/xyz/{PZK}").status_code == 404


def test_workers_may_not_read_a_versions_file(browser):
    assert browser("Pracownik socjalny OPS").get(f"/procesy/porownaj/1/{PZK}").status_code == 403
