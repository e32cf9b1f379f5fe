"""Moving running cases to another version over HTTP: the analyst's page, its batches and undo; refused to others.

The cases run the engine tests' process (two versions, ``tests.engine.versions``) on a database of
their own: deploying a second version must not reach the Model Kooperacji the other page tests share.
"""

from __future__ import annotations

import shutil

import pytest

from engine import Engine
from tests.conftest import BACKENDS, truncate_all
from tests.engine.versions import play, version_one, version_two
from tests.factories import ADMIN, make_directory
from tests.web.pages.conftest import Browser
from web import create_app

PAGE = "/procesy/migracja?proces=test_sprawa&do=2"


@pytest.fixture(params=BACKENDS)
def own_engine(request, tmp_path, clock):
    if request.param == "sqlite":
        shutil.copy(request.getfixturevalue("sqlite_template"), tmp_path / "migration.db")
        url = f"sqlite:///{tmp_path / 'migration.db'}"
    else:
        url = request.getfixturevalue("postgres_schema")
        truncate_all(url)
    instance = Engine.from_url(url, clock=clock)
    yield instance
    instance.close()
    if request.param != "sqlite":
        truncate_all(url)  # the page tests after this one deploy the Model Kooperacji again


@pytest.fixture
def setting(own_engine):
    own_engine.repository.deploy(version_one(), ADMIN)
    people = make_directory(own_engine)
    cases = {stage: play(own_engine, people, stage).case for stage in ("pcpr", "plan_ops", "po_planie")}
    own_engine.repository.deploy(version_two(), ADMIN)
    app = create_app({"TESTING": True, "ENGINE": own_engine, "SECRET_KEY": "test-secret"})
    return app, people, cases


def test_the_analyst_sees_which_cases_may_move_and_what_would_change(setting):
    app, people, cases = setting
    analyst = Browser(app, people.analyst)
    assert "/procesy/migracja" in analyst.get("/procesy").get_data(as_text=True)
    assert analyst.get("/procesy/migracja").status_code == 200
    page = analyst.get(PAGE)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Sprawy, które można przenieść na wersję 2 (2)" in html
    assert "Sprawy, których nie można przenieść (1)" in html
    assert "Zadanie „Plan OPS” zostało już wykonane, a w wersji 2 je zmieniono" in html
    assert "Termin „Termin minął” zostaje" in html and "„Kontrola przed zamknięciem”" in html
    assert all(case.business_key in html for case in cases.values())
    assert "Rodzina testowa" not in html  # the analyst reads no case data, not even its title


def test_batches_move_the_cases_and_undo_moves_them_back(setting):
    app, people, cases = setting
    analyst = Browser(app, people.analyst)
    ids = [case.id for case in cases.values()]
    answer = analyst.post(
        "/procesy/migracja/partia", [("proces", "test_sprawa"), ("do", "2")] + [("case_id", i) for i in ids]
    )
    assert answer.status_code == 200
    results = {r["case_id"]: r for r in answer.get_json()["results"]}
    assert results[cases["pcpr"].id]["done"] and results[cases["pcpr"].id]["status"] == "z wersji 1 na wersję 2"
    assert not results[cases["po_planie"].id]["done"]
    assert "zadanie „Plan OPS” zostało już wykonane" in results[cases["po_planie"].id]["message"]

    html = analyst.get(PAGE).get_data(as_text=True)
    assert "Sprawy przeniesione na wersję 2" in html and "Sprawy, które można przenieść na wersję 2 (0)" in html
    undone = analyst.post("/procesy/migracja/cofnij", {"proces": "test_sprawa", "do": "2", "case_id": cases["pcpr"].id})
    assert undone.status_code == 200
    assert "Cofnięto migrację 1 z 1 spraw" in undone.get_data(as_text=True)
    events = setting[0].extensions["kooperacja.engine"].history.events(people.supervisor, cases["pcpr"].id)
    assert [e.detail.get("to_version") for e in events if e.kind == "migrated"] == [2, 1]


def test_undo_in_batches_answers_per_case(setting):
    app, people, cases = setting
    analyst = Browser(app, people.analyst)
    moved = [cases["pcpr"].id, cases["plan_ops"].id]
    analyst.post("/procesy/migracja/partia", [("proces", "test_sprawa"), ("do", "2")] + [("case_id", i) for i in moved])
    answer = analyst.post("/procesy/migracja/cofnij/partia", [("case_id", i) for i in moved])
    assert answer.status_code == 200
    results = answer.get_json()["results"]
    assert [r["case_id"] for r in results] == moved
    assert all(r["done"] and r["status"] == "z wersji 2 na wersję 1" for r in results)
    too_many = analyst.post("/procesy/migracja/cofnij/partia", [("case_id", str(n)) for n in range(21)])
    assert too_many.status_code == 422 and too_many.get_json()["error"] == "Najwyżej 20 spraw w jednej partii."


def test_without_javascript_the_form_moves_every_selected_case_at_once(setting):
    app, people, cases = setting
    analyst = Browser(app, people.analyst)
    page = analyst.post("/procesy/migracja", {"proces": "test_sprawa", "do": "2", "case_id": cases["plan_ops"].id})
    assert page.status_code == 200
    assert "Przeniesiono 1 z 1 spraw" in page.get_data(as_text=True)
    nothing = analyst.post("/procesy/migracja", {"proces": "test_sprawa", "do": "2"})
    assert nothing.status_code == 422 and "Zaznacz co najmniej jedną sprawę." in nothing.get_data(as_text=True)


def test_only_the_analyst_reaches_the_page(setting):
    app, people, cases = setting
    for actor in (people.supervisor, people.ops, people.animator):
        other = Browser(app, actor)
        assert other.get(PAGE).status_code == 403
        assert other.post("/procesy/migracja/partia", {"do": "2", "case_id": cases["pcpr"].id}).status_code == 403
        assert other.post("/procesy/migracja/cofnij", {"case_id": cases["pcpr"].id}).status_code == 403
        assert other.post("/procesy/migracja/cofnij/partia", {"case_id": cases["pcpr"].id}).status_code == 403
    assert Browser(app).get(PAGE).status_code == 302  # to the login
