"""The case map on the demo data: element states from the stored workflow, counts of repeated activities,
called processes as levels, what the case waits for, tasks and history from the query tables; who may
see it, and that reading a step's data is for supervisors and audited. SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from engine import Engine
from engine.db.models import AuditEntry, HumanTask
from engine.demo import seed
from engine.dto import Actor
from engine.errors import NotAllowed, NotFound, NotVisible

PROCESSES = Path(__file__).parents[2] / "processes"


@pytest.fixture
def demo(database_url, clock):
    engine = Engine.from_url(database_url, clock=clock, cache_capacity=0)  # every call restores the case
    report = seed(engine, "haslo-mapy-1234", PROCESSES)
    users = {login.login: Actor(login.user_id) for login in report.logins}
    cases = {case.business_key: case.case_id for case in report.cases}
    yield engine, users, cases, database_url
    engine.close()


def test_the_supervisor_sees_where_an_ordering_case_stands(demo):
    engine, users, cases, _ = demo
    shown = engine.case_map.case_map(users["superwizor"], cases["KOOP/2026/0005"])
    states = {element.element_id: element for element in shown.level.elements}

    assert states["ut_kwalifikacja"].state == "completed"
    assert states["sp_praca"].state == "active"
    assert states["ice_kryzys"].state == "waiting"
    diagnoses = states["ut_diagnoza_sektorowa"]
    assert (diagnoses.counts, diagnoses.total) == ({"completed": 4}, 4)
    ordering = states["ca_zamowienie"]
    assert ordering.state == "active" and ordering.repeated and ordering.counts == {"active": 2}
    assert [drill.label for drill in ordering.drills] == ["P1 – rehabilitacja", "P2 – wsparcie_psychologiczne"]
    assert "be_przypomnienie" not in states  # reminders that never fired are not "cancelled steps"
    kinds = {(wait.kind, wait.element_id) for wait in shown.waits}
    assert {("message", "ice_kryzys"), ("timer", "be_brak_odpowiedzi")} <= kinds
    qualification = states["ut_kwalifikacja"].tasks
    assert [(t.assignee, t.institution, t.status) for t in qualification] == [
        ("Ewa Zielińska", "GOPS w Świlczy", "completed")
    ]
    assert [event.kind for event in states["ut_kwalifikacja"].history] == ["claimed", "completed"]


def test_a_called_process_is_its_own_level_with_breadcrumbs(demo):
    engine, users, cases, url = demo
    case_id = cases["KOOP/2026/0005"]
    top = engine.case_map.case_map(users["superwizor"], case_id)
    first = top.level.elements[[e.element_id for e in top.level.elements].index("ca_zamowienie")].drills[0]
    called = engine.case_map.case_map(users["superwizor"], case_id, first.level)

    assert called.level.process_id == "kooperacja_zamowienie"
    assert [crumb.label for crumb in called.level.crumbs] == [
        "Praca Modelem z rodziną",
        f"Zamówienie usługi z koszyka – {first.label}",
    ]
    states = {element.element_id: element for element in called.level.elements}
    assert states["ut_odpowiedz_realizatora"].state == "active"
    timer = states["be_brak_odpowiedzi"]
    open_task = states["ut_odpowiedz_realizatora"].tasks[0]
    assert timer.state == "waiting" and timer.timers == [open_task.due_at]  # the 7-day deadline is the timer
    assert 'id="kooperacja_zamowienie"' in engine.case_map.diagram(users["superwizor"], case_id, first.level)
    with pytest.raises(NotFound):
        engine.case_map.case_map(users["superwizor"], case_id, "no-such-level")


def test_the_animator_sees_the_map_but_not_the_data_others_see_neither(demo):
    engine, users, cases, url = demo
    case_id = cases["KOOP/2026/0005"]
    assert engine.case_map.case_map(users["animator.gops"], case_id).level.elements
    with pytest.raises(NotAllowed):
        engine.case_map.element_data(users["animator.gops"], case_id, "", "ut_nominacja")
    with pytest.raises(NotAllowed):
        engine.case_map.case_map(users["ps.gops"], case_id)  # works on the case, but does not lead it
    with pytest.raises(NotVisible):
        engine.case_map.case_map(users["policja"], case_id)


def test_reading_a_step_data_is_audited(demo):
    engine, users, cases, url = demo
    case_id = cases["KOOP/2026/0005"]
    data, schema = engine.case_map.element_data(users["superwizor"], case_id, "", "ut_nominacja")
    assert data["rodzina_nazwa"] == "Jabłońscy"
    assert schema["$id"] == "nominacja_rodziny.schema.json"
    database = create_engine(url)
    with database.connect() as connection:
        actions = connection.execute(
            select(AuditEntry.action, AuditEntry.actor_id).where(AuditEntry.instance_id == case_id)
        ).all()
        open_tasks = connection.execute(
            select(HumanTask.bpmn_id).where(HumanTask.instance_id == case_id, HumanTask.status == "open")
        ).scalars()
        assert sorted(open_tasks) == ["ut_odpowiedz_realizatora", "ut_sprawdzenie_budzetu"]
    database.dispose()
    assert ("case.read_element_data", users["superwizor"].user_id) in actions
