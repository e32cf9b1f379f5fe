"""Comparing versions of the model over HTTP: the analyst's page, refused to workers."""

from __future__ import annotations

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
