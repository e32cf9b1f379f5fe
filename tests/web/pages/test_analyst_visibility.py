"""The analyst's grid of who sees which section of a case file: shown, saved as a draft, checked, refused to others."""

from __future__ import annotations

import json
from uuid import uuid4

import pytest

from engine.roles import ANALYST
from tests.factories import add_person
from tests.web.pages.conftest import Browser
from web.analyst import visibility_table

PATH = "processes/widocznosc.json"


@pytest.fixture
def analyst(app, engine, people):
    actor = add_person(engine, f"a.widocznosc.{uuid4().hex[:8]}", people.institution_of("Animator"), ANALYST)
    yield Browser(app, actor), actor
    for file in engine.library.overview(actor).files:  # the drafts would outlive the test on PostgreSQL
        if file.draft is not None:
            engine.library.discard(actor, file.path)


def _form(document: dict) -> list[tuple[str, str]]:
    """The grid's form as the page sends it for ``document`` unchanged."""
    grid = visibility_table.grid(document)
    fields = [("own", s.id) for s in grid.sections if s.own_only]
    for role in grid.roles:
        if role.whole_file:
            fields.append((f"all-{role.index}", "1"))
        fields += [(f"role-{role.index}", s.id) for s in grid.sections if role.whole_file or s.id in role.sections]
    return fields


def test_the_grid_shows_sections_by_roles_in_words(analyst):
    browser, _actor = analyst
    assert "/procesy/widocznosc" in browser.get("/procesy").get_data(as_text=True)
    page = browser.get("/procesy/widocznosc")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Kto widzi co w teczce sprawy" in html
    assert '<th scope="row">Diagnozy sektorowe</th>' in html and '<th scope="col">Kurator sądowy</th>' in html
    assert 'id="own-diagnozy_sektorowe" checked' in html  # an institution sees only its own sector diagnosis


def test_a_change_in_the_grid_becomes_a_draft_that_changes_only_its_lines(analyst, engine):
    browser, actor = analyst
    deployed = engine.library.open(actor, PATH).content
    document = json.loads(deployed)
    assert visibility_table.dump(document) == deployed  # the file's own layout, byte for byte
    grid = visibility_table.grid(document)
    police = next(r for r in grid.roles if r.role == "Policja")
    assert "zgloszenie" in police.sections
    fields = [f for f in _form(document) if f != (f"role-{police.index}", "zgloszenie")]
    fields.append(("own", "monitoring"))
    answer = browser.post("/procesy/widocznosc", fields)
    assert answer.status_code == 302
    draft = engine.library.open(actor, PATH)
    assert draft.is_draft
    saved = json.loads(draft.content)
    assert "zgloszenie" not in saved["dostep"]["Policja"]
    assert saved["dostep"]["Pracownik socjalny OPS"] == "*"
    assert next(s for s in saved["sekcje"] if s["id"] == "monitoring")["tylko_wlasne"] is True
    assert {k: v for k, v in saved.items() if k not in ("dostep", "sekcje")} == {
        k: v for k, v in document.items() if k not in ("dostep", "sekcje")
    }
    changed = [a for a, b in zip(deployed.splitlines(), draft.content.splitlines(), strict=True) if a != b]
    assert len(changed) == 2  # the police's line and the monitoring section's line
    page = browser.get("/procesy/widocznosc").get_data(as_text=True)
    assert "Zapisano wersję roboczą tabeli widoczności. Zacznie obowiązywać po wdrożeniu." in page
    assert "Edytujesz wersję roboczą (niewdrożoną)." in page


def test_an_unchanged_grid_saves_nothing(analyst, engine):
    browser, actor = analyst
    document = json.loads(engine.library.open(actor, PATH).content)
    assert browser.post("/procesy/widocznosc", _form(document)).status_code == 302
    assert not engine.library.open(actor, PATH).is_draft
    assert "Nic się nie zmieniło" in browser.get("/procesy/widocznosc").get_data(as_text=True)


def test_a_table_that_is_not_a_grid_is_said_so_and_nothing_is_lost(analyst, engine):
    browser, actor = analyst
    engine.library.save(actor, PATH, b'{"sekcje": "zepsute"')
    page = browser.get("/procesy/widocznosc")
    assert page.status_code == 200
    assert "Tabeli widoczności nie da się odczytać jako tabeli" in page.get_data(as_text=True)
    assert browser.post("/procesy/widocznosc", [("own", "plan")]).status_code == 422
    assert engine.library.open(actor, PATH).content == b'{"sekcje": "zepsute"'


def test_only_analysts_reach_the_grid(browser):
    for role in ("Pracownik socjalny OPS", "Animator", "PCPR"):
        other = browser(role)
        assert other.get("/procesy/widocznosc").status_code == 403
        assert other.post("/procesy/widocznosc", [("own", "plan")]).status_code == 403
