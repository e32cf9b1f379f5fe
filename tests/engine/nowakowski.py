"""The Nowakowski case driven to its agreed plan once per backend (module scope), for tests that read it.

Janina did not consent; Anna's statement excludes the police and covers the children.
"""

from __future__ import annotations

import shutil

import pytest

from engine import Engine
from engine.clock import FrozenClock
from tests.conftest import BACKENDS
from tests.processes.conftest import POSTGRES_PARTNERSHIPS, START, deploy_processes, empty_database
from tests.processes.driver import CaseDriver
from tests.processes.people import PS, make_partnership
from tests.processes.scenarios import PLAN_ZAAKCEPTOWANY, T, do_planu_skrot, zgoda

ANNA = {**zgoda(dzieci=True), "instytucje_wylaczone": ["Policja"], "uwagi": "Bez kontaktu z dzielnicowym."}
CONSENTS = [
    T("ut_zgoda", PS, zgoda(), {"czlonek_do_zgody": "marek"}),
    T("ut_zgoda", PS, ANNA, {"czlonek_do_zgody": "anna"}),
    T("ut_zgoda", PS, zgoda(False), {"czlonek_do_zgody": "janina"}),
]


class Setting:
    """The engine, the partnership and the case whose plan is agreed (Janina did not consent)."""

    def __init__(self, engine: Engine, people, url: str):
        self.engine, self.people, self.url = engine, people, url
        self.case = self.driver(do_planu_skrot(consents=CONSENTS) + PLAN_ZAAKCEPTOWANY).case

    def driver(self, steps: list[dict]) -> CaseDriver:
        """A new case played through ``steps``."""
        driver = CaseDriver(self.engine, self.people, roundtrip=False, check_visibility=False)
        driver.start()
        driver.play(steps)
        return driver

    def user(self, role: str):
        return self.people.user[role]


@pytest.fixture(scope="module", params=BACKENDS)
def setting(request, tmp_path_factory):
    clock = FrozenClock()
    clock.set(START)
    if request.param == "sqlite":
        template, people = request.getfixturevalue("prepared_sqlite")
        path = tmp_path_factory.mktemp("documents") / "kooperacja.db"
        shutil.copy(template, path)
        url = f"sqlite:///{path}"
        engine = Engine.from_url(url, clock=clock)
    else:
        url = request.getfixturevalue("postgres_schema")
        empty_database(url, keep=set())
        POSTGRES_PARTNERSHIPS.pop(url, None)  # the process tests make their partnership again
        engine = Engine.from_url(url, clock=clock)
        deploy_processes(engine)
        people = make_partnership(engine)
    yield Setting(engine, people, url)
    POSTGRES_PARTNERSHIPS.pop(url, None)
    engine.close()
