"""``kooperacja demo``: the Świlcza partnership, a login for every role, families at several stages, idempotent."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from cli.main import main
from engine import Engine
from engine.clock import FrozenClock
from engine.db.models import ProcessInstance
from engine.demo import DemoReport, seed
from engine.demo.groups import RECOMMENDATION
from engine.dto import Actor
from engine.dto.recommendations import ReportFilter
from engine.errors import NotAuthenticated
from engine.services.repository import collect
from tests.conftest import BACKENDS, POSTGRES_URL
from tests.engine.test_cli import KOOPERACJA
from tests.factories import ADMIN

ROOT = Path(__file__).parents[2]
PROCESSES = ROOT / "processes"
PASSWORD = "demo-haslo-123"
DEMO_SCHEMA = f"kooperacja_demo_{os.getpid()}"
# where each demo case waits: the open tasks (bpmn id, role) of every case
STAGES = {
    "PZK/2026/0001": [],  # the PZK set up: agreement, declarations, first meeting
    "KOOP/2026/0001": [("ut_kwalifikacja", "Animator")],
    "KOOP/2026/0002": [("ut_zgoda", "Pracownik socjalny OPS")],
    "KOOP/2026/0003": [("ut_diagnoza_sektorowa", role) for role in ("Ochrona zdrowia", "PPP", "PUP", "Szkoła")],
    "KOOP/2026/0004": [("ut_zatwierdzenie_pzk", "PZK")],
    "KOOP/2026/0005": [
        ("ut_odpowiedz_realizatora", "Realizator usługi"),
        ("ut_sprawdzenie_budzetu", "Koordynator zamówień"),
    ],
    "KOOP/2026/0006": [
        ("ut_potwierdzenie_realizacji", role)
        for role in ("NGO", "OIK", "PCPR", "PUP", "Realizator usługi", "Szkoła")  # P3 (the social worker's) is done
    ],
    "KOOP/2026/0007": [],
    "KOOP/2026/0008": [],  # the seniors' projekt socjalny, closed with recommendations
}


@pytest.fixture
def engine(database_url, clock):
    """Overrides the engine tests' fixture: the demo is data, not engine behaviour, so one cache mode is enough."""
    instance = Engine.from_url(database_url, clock=clock)
    yield instance
    instance.close()


@dataclass(frozen=True)
class Seeded:
    engine: Engine
    report: DemoReport


@pytest.fixture(scope="module", params=BACKENDS)
def seeded_database(request, tmp_path_factory):
    """A database the demo was loaded into, once per backend; PostgreSQL gets a schema of its own, so the
    other tests emptying the shared test schema do not touch it."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("demo") / "seeded.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield _load(f"sqlite:///{path}")
        return
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {DEMO_SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {DEMO_SCHEMA}"))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield _load(f"{POSTGRES_URL}{separator}options=-csearch_path%3D{DEMO_SCHEMA}", migrate=True)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {DEMO_SCHEMA} CASCADE"))
        admin.dispose()


def _load(url: str, migrate: bool = False) -> tuple[str, DemoReport]:
    instance = Engine.from_url(url, clock=FrozenClock())
    try:
        if migrate:
            instance.migrate()
        return url, seed(instance, PASSWORD, PROCESSES)
    finally:
        instance.close()


@pytest.fixture
def seeded(seeded_database, tmp_path) -> Iterator[Seeded]:
    """The engine on a loaded demo (on SQLite a copy of it, so no test sees another's writes)."""
    url, report = seeded_database
    if url.startswith("sqlite"):
        shutil.copy(url.removeprefix("sqlite:///"), tmp_path / "demo.db")
        url = f"sqlite:///{tmp_path / 'demo.db'}"
    instance = Engine.from_url(url, clock=FrozenClock())
    yield Seeded(instance, report)
    instance.close()


def actor(engine: Engine, login: str) -> Actor:
    return Actor(engine.directory.user_by_login(login).id, login)


def test_every_login_signs_in_with_the_demo_password(seeded):
    engine, report = seeded.engine, seeded.report
    signed_in = {login.login: engine.directory.authenticate(login.login, PASSWORD).id for login in report.logins}

    assert signed_in == {login.login: login.user_id for login in report.logins}
    assert {"admin", "superwizor", "analityk", "ps.gops", "animator.gops", "pcpr", "koordynator.rops"} <= set(signed_in)
    with pytest.raises(NotAuthenticated):
        engine.directory.authenticate("ps.gops", "kooperacja-demo")
    user = engine.directory.user_by_login("ps.gops")
    assert (user.display_name, user.email, user.institution_name) == (
        "Katarzyna Mazur",
        "ps.gops@kooperacja.test",
        "GOPS w Świlczy",
    )


def test_every_lane_role_is_played_in_the_partnership_by_an_institution_with_a_user_in_that_role(seeded):
    engine, report = seeded.engine, seeded.report
    lane_roles = {entry["role"] for entry in json.loads((PROCESSES / "roles.json").read_text(encoding="utf-8"))}
    partnership = engine.directory.partnership(report.partnership_id)
    users = [engine.directory.user(login.user_id) for login in report.logins]

    played_by_someone = {
        role
        for institution, role in partnership.members
        if any(role in u.roles and u.institution_id == institution for u in users)
    }
    assert lane_roles - played_by_someone == set()
    assert partnership.name == "Partnerski Zespół Kooperacji Gminy Świlcza"
    holders = {
        role: [u.login for u in users if role in u.roles] for role in ("Administrator", "Superwizor", "Analityk")
    }
    assert holders == {"Administrator": ["admin"], "Superwizor": ["superwizor"], "Analityk": ["analityk"]}


def test_the_real_swilcza_partnership_institutions_have_their_kinds(seeded):
    kinds = {institution.name: institution.kind for institution in seeded.engine.directory.institutions()}

    assert {
        "GOPS w Świlczy": "OPS",
        "PCPR w Rzeszowie": "PCPR",
        "KWP w Rzeszowie": "Policja",
        "OIK w Górnie": "OIK",
        "GKRPA w Świlczy": "GKRPA",
        "Zespół Interdyscyplinarny w Świlczy": "ZI",
        "ROPS w Rzeszowie": "ROPS",
    }.items() <= kinds.items()
    assert {"szkoła", "PPP", "PUP", "ochrona zdrowia", "NGO", "Sąd"} <= set(kinds.values())


def test_the_families_wait_at_their_stages_in_the_queues_of_the_right_people(seeded):
    engine, report = seeded.engine, seeded.report
    supervisor = actor(engine, "superwizor")
    open_tasks = {case.business_key: engine.tasks.of_case(supervisor, case.case_id) for case in report.cases}

    assert {key: sorted((t.bpmn_id, t.role) for t in tasks) for key, tasks in open_tasks.items()} == STAGES
    assert [case.status for case in report.cases] == ["completed"] + ["running"] * 6 + ["completed"] * 2
    assert "Nowakowscy" not in {case.title for case in report.cases}  # the walkthrough starts that case by hand
    queues = {login: {t.id for t in engine.tasks.queue(actor(engine, login))} for login in ("ps.gops", "szkola")}
    assert {t.id for t in open_tasks["KOOP/2026/0002"]} <= queues["ps.gops"]
    school = {t.id for key in ("KOOP/2026/0003", "KOOP/2026/0006") for t in open_tasks[key] if t.role == "Szkoła"}
    assert queues["szkola"] == school
    [qualification] = open_tasks["KOOP/2026/0001"]
    for animator in ("animator.gops", "animator.pcpr"):  # the gmina's and the powiat's animator
        assert qualification.id in {t.id for t in engine.tasks.queue(actor(engine, animator))}


def test_the_lone_mr_wroblewski_is_a_persons_case_the_households_are_family_cases(seeded):
    engine, report = seeded.engine, seeded.report
    supervisor = actor(engine, "superwizor")
    kinds = {case.business_key: engine.runtime.case(supervisor, case.case_id).kind for case in report.cases}
    special = {"KOOP/2026/0007": "osoba", "KOOP/2026/0008": "grupa", "PZK/2026/0001": None}
    assert kinds == {key: special.get(key, "rodzina") for key in STAGES}


def test_the_delivery_case_records_what_was_planned_ordered_and_delivered(seeded):
    engine, report = seeded.engine, seeded.report
    realisation = next(case for case in report.cases if case.business_key == "KOOP/2026/0006")

    data = engine.runtime.case_data(actor(engine, "superwizor"), realisation.case_id)

    assert {item["id"]: item["status"] for item in data["pozycje_planu"]} == {
        **{f"P{n}": "zaplanowana" for n in (1, 2, 3, 4, 6, 7)},
        "P5": "zamowiona",
    }
    assert data["wyniki_zamowien"][0]["realizator"] == "Fundacja Terapii i Rehabilitacji „Krok”"
    assert data["kontrakty"][0]["czlonek"] == "andrzej"


def test_the_pzk_held_a_meeting_that_approved_a_plan_and_plans_the_next_with_the_waiting_case(seeded):
    engine, report = seeded.engine, seeded.report
    coordinator = actor(engine, "pzk.gops")
    key = {case.case_id: case.business_key for case in report.cases}

    planned, held, held_for_the_group = engine.meetings.meetings(coordinator)  # the newest first

    assert (planned.status, held.status, held_for_the_group.status) == ("planned", "closed", "closed")
    closed = engine.meetings.meeting(coordinator, held.id)
    assert [(key[i.case.case_id], i.outcome, i.decision_summary) for i in closed.items] == [
        ("KOOP/2026/0005", "done", "Decyzja: Plan zatwierdzony")
    ]
    quorum = closed.quorum  # the PZK's members by its agreement and declarations: GOPS and the eight that joined
    assert (quorum.present, quorum.members, quorum.required, quorum.met) == (9, 9, 5, True)
    assert (quorum.from_agreement, quorum.members_from_process) == (True, True)
    (group_item,) = engine.meetings.meeting(coordinator, held_for_the_group.id).items
    assert (key[group_item.case.case_id], group_item.case.group, group_item.outcome) == (
        "KOOP/2026/0008",
        "Seniorzy z Bratkowic",
        "done",
    )
    assert held.place == planned.place == "Sala narad GOPS w Świlczy"
    agenda = engine.meetings.meeting(coordinator, planned.id).items
    assert [(key[i.case.case_id], i.case.task_name) for i in agenda] == [
        ("KOOP/2026/0004", "Zatwierdzenie planu przez PZK")
    ]
    assert planned.starts_at > held.starts_at
    assert engine.meetings.meetings(actor(engine, "radny")) == []  # the council is not a member


def test_the_pzk_was_set_up_by_its_agreement_and_the_members_declarations(seeded):
    engine, report = seeded.engine, seeded.report
    setup = next(case for case in report.cases if case.business_key == "PZK/2026/0001")

    data = engine.runtime.case_data(actor(engine, "superwizor"), setup.case_id)

    assert (setup.status, data["status_partnerstwa"], data["kworum_posiedzen"]) == ("completed", "aktywne", 5)
    assert data["czlonkowie_pzk"] == ["PCPR", "Policja", "OIK", "GKRPA", "Zespół Interdyscyplinarny", "Szkoła"] + [
        "PPP",
        "PUP",
    ]
    assert data["instytucje_poza_pzk"] == ["Ochrona zdrowia", "NGO"]


def test_the_book_of_recommendations_has_the_seniors_closed_project(seeded):
    engine = seeded.engine
    report = engine.recommendations.report(actor(engine, "superwizor"), ReportFilter())

    assert (report.cases, report.closed) == (8, 2)  # the households and the group; the PZK's own case is no case
    assert (report.projects_evaluated, report.projects_done) == (1, 1)
    assert [(r.kind, r.case_type, r.area, r.outcome) for r in report.recommendations] == [
        ("rekomendacja", "grupa", "Organizacyjne", "zakonczona_sukcesem"),
        ("wnioski", "grupa", None, "zakonczona_sukcesem"),
    ]
    assert report.recommendations[0].text == RECOMMENDATION
    group = next(case for case in seeded.report.cases if case.business_key == "KOOP/2026/0008")
    data = engine.runtime.case_data(actor(engine, "superwizor"), group.case_id)
    assert {item["id"]: item["status"] for item in data["pozycje_planu"]} == {
        "P1": "zrealizowana",
        "P2": "zrealizowana",
        "P3": "zrealizowana",
        "P4": "anulowana",  # Genowefa refused consent
    }
    assert data["czlonkowie_bez_zgody"] == ["genowefa"]


def _case_state(engine: Engine) -> dict[str, tuple[int, int]]:
    """Every case's lock version and number of events."""
    query = select(ProcessInstance.business_key, ProcessInstance.id, ProcessInstance.lock_version)
    with engine.context.transaction(write=False) as session:
        rows = session.execute(query).all()
    return {row.business_key: (row.lock_version, len(engine.history.events(ADMIN, row.id))) for row in rows}


def test_a_second_run_adds_nothing_changes_no_case_and_keeps_the_passwords(engine):
    engine.repository.deploy(collect([PROCESSES]), ADMIN)  # `make run` deploys before it loads the demo
    first = seed(engine, PASSWORD, PROCESSES)
    before = (
        _case_state(engine),
        engine.directory.institutions(),
        engine.directory.partnerships(),
        engine.meetings.meetings(actor(engine, "pzk.gops")),
    )

    second = seed(engine, "inne-haslo-456", PROCESSES)

    assert first.created and first.deployed_version is None and len(engine.repository.versions()) == 1
    assert not second.created
    assert [case.new for case in second.cases] == [False] * 9 and not any(login.new for login in second.logins)
    after = (
        _case_state(engine),
        engine.directory.institutions(),
        engine.directory.partnerships(),
        engine.meetings.meetings(actor(engine, "pzk.gops")),
    )
    assert after == before and len(after[3]) == 3
    assert [c.case_id for c in second.cases] == [c.case_id for c in first.cases]
    assert engine.directory.authenticate("admin", PASSWORD).login == "admin"


def test_the_command_loads_a_fresh_database_once_and_prints_the_logins(tmp_path):
    env = {**os.environ, "KOOPERACJA_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}"}
    env["KOOPERACJA_DEMO_PASSWORD"] = PASSWORD

    def demo() -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(KOOPERACJA), "demo"], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120
        )

    first, second = demo(), demo()

    assert (first.returncode, first.stderr) == (0, "")  # quiet: no migration log
    assert "Wdrożono procesy i formularze jako wersję 1." in first.stdout
    assert f"Loginy (hasło każdego konta: {PASSWORD}):" in first.stdout
    ps_line = next(line for line in first.stdout.splitlines() if line.strip().startswith("ps.gops"))
    assert ps_line.split()[:3] == ["ps.gops", "Katarzyna", "Mazur"] and "Pracownik socjalny OPS" in ps_line
    assert "KOOP/2026/0007" in first.stdout
    assert second.returncode == 0
    assert "bez zmian, wszystko już było" in second.stdout and "Wdrożono" not in second.stdout
    engine = Engine.from_url(env["KOOPERACJA_DATABASE_URL"])
    try:
        assert engine.directory.authenticate("superwizor", PASSWORD).display_name == "Halina Grabowska"
    finally:
        engine.close()


def test_the_command_refuses_a_short_password_and_loads_nothing(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    monkeypatch.setenv("KOOPERACJA_DATABASE_URL", url)

    assert main(["demo", "--password", "krotkie", "--processes", str(PROCESSES)]) == 1

    assert "Błąd: Hasło musi mieć co najmniej 10 znaków." in capsys.readouterr().err
    engine = Engine.from_url(url)
    try:
        assert (engine.directory.institutions(), engine.repository.versions()) == ([], [])
    finally:
        engine.close()
