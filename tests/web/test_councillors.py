"""The councillors' page on the demo data: the Świlcza councillor lands on it and sees counts only — no
case title, business key or household member's name, every count from 1 to 4 as "<5"; other roles get 403."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from engine import Engine
from engine.demo import seed
from engine.demo.families import families
from engine.dto import Actor
from tests.web.pages.conftest import Browser
from web import create_app

PROCESSES = Path(__file__).parents[2] / "processes"


def _personal(today) -> set[str]:
    """Every household member's first name and every family name the demo's forms hold."""
    found = set()
    for family in families(today):
        for step in family.steps:
            data = step.data
            if "rodzina_nazwa" in data:
                found.add(data["rodzina_nazwa"])
            found.update(member["imie"] for member in data.get("czlonkowie", ()))
    return found


def test_the_councillor_page_shows_only_suppressed_counts(database_url, clock):
    engine = Engine.from_url(database_url, clock=clock)
    try:
        report = seed(engine, "demo-haslo-123", PROCESSES)
        app = create_app({"TESTING": True, "ENGINE": engine, "SECRET_KEY": "test-secret"})
        logins = {login.login: Actor(login.user_id, login.login) for login in report.logins}

        visitor = Browser(app)
        visitor.get("/login")
        landed = visitor.post("/login", {"login": "radny", "password": "demo-haslo-123"})
        assert landed.status_code == 302 and landed.headers["Location"] == "/rada"  # a councillor lands here

        page = Browser(app, logins["radny"]).get("/rada")
        assert page.status_code == 200
        html = unescape(page.get_data(as_text=True))
        main = html[html.index("<main") :]
        assert "gminy Świlcza" in main and "Partnerski Zespół Kooperacji Gminy Świlcza" in main
        for case in report.cases:
            assert case.title not in html and case.business_key not in html and case.case_id not in html
        names = _personal(clock.now().date())
        assert len(names) > 20  # the check below can fail: the demo has many names
        for name in names:
            assert re.search(rf"\b{re.escape(name)}\b", main) is None, name
        cells = re.findall(r"<td>(.*?)</td>", main)
        assert cells and "<5" in cells  # seven cases: every non-zero count of a status or outcome is small
        assert all(cell in ("0", "<5", "x") or int(cell) >= 5 for cell in cells), cells
        assert f"Wszystkich spraw: {len(report.cases)}" in main
        assert ">Zadania<" not in html and "Moje zadania" not in html  # no worker's pages in the menu

        for login in ("superwizor", "ps.gops", "iod.gops", "admin", "analityk", "pzk.gops"):
            assert Browser(app, logins[login]).get("/rada").status_code == 403, login
        assert app.test_client().get("/rada").status_code in (302, 401)
    finally:
        engine.close()
