"""Delta saves: a step writes only the task rows it changed, and the rows always equal a full serialization.

A parallel multi-instance task is the hard case: every completed item changes the data of the
multi-instance task (the outputs are gathered there), and every open item's row stores its data as
a delta against that parent's.
"""

from __future__ import annotations

import json

import pytest
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import event, select

from engine import Engine
from engine.bpmn import runner, state, task_changes
from engine.bpmn.definitions import SourceFile
from engine.db.models import InstanceTask, ProcessInstance
from tests.engine.bpmn_samples import FORM_NAME, form_json
from tests.engine.test_task_subjects import called_process, items_process
from tests.factories import ADMIN, deploy_test_process, make_directory

MEMBERS = 12


@pytest.fixture
def cached(database_url, clock):
    engine = Engine.from_url(database_url, clock=clock)  # the workflow cache on: saves are deltas
    yield engine
    engine.close()


def at_interviews(engine: Engine, people, members: int) -> tuple[str, list[str]]:
    """A case waiting at its interviews of ``members`` family members: its id and the interviews' ids."""
    tasks, ops = engine.tasks, people.ops
    case = engine.runtime.start(ops, "test_sprawa", partnership_id=people.partnership_id)
    first = next(t for t in tasks.of_case(ops, case.id) if t.bpmn_id == "ut_zgloszenie")
    nomination = {"rodzina": "Rodzina Testowa", "czlonkowie": [f"Osoba {i}" for i in range(members)], "pilne": True}
    opened = tasks.complete(ops, first.id, nomination, claim=True).opened
    assessment = next(t for t in opened if t.bpmn_id == "ut_pcpr")
    tasks.complete(people.pcpr, assessment.id, {"ocena_pcpr": "bez uwag"}, claim=True)
    interviews = [t.id for t in tasks.of_case(ops, case.id) if t.bpmn_id == "ut_wywiad"]
    assert len(interviews) == members
    return case.id, interviews


def deploy_items(engine: Engine) -> None:
    """The process of multi-instance items in a subprocess and a call activity (``test_task_subjects``)."""
    files = [
        SourceFile("processes/proba_pozycje.bpmn", items_process()),
        SourceFile("processes/proba_wezwany.bpmn", called_process()),
        SourceFile(f"forms/{FORM_NAME}", form_json()),
    ]
    engine.repository.deploy(files, ADMIN)


def stored_rows(engine: Engine, case_id: str) -> dict[str, dict]:
    with engine.context.transaction(write=False) as session:
        rows = session.execute(
            select(InstanceTask.task_id, InstanceTask.body).where(InstanceTask.instance_id == case_id)
        )
        return {task_id: json.loads(body) for task_id, body in rows}


def live_case(engine: Engine, case_id: str):
    """The cached case (live workflow and snapshot), which stays cached."""
    with engine.context.transaction(write=False) as session:
        version = session.get(ProcessInstance, case_id).lock_version
    live = engine.context.workflows.take(case_id, version)
    assert live is not None, "the case is not cached: the test would compare the database with itself"
    engine.context.workflows.put(case_id, live)
    return live


def live_rows(engine: Engine, case_id: str) -> dict[str, dict]:
    """A full serialization of the cached (live) workflow."""
    live = live_case(engine, case_id)
    return {row.task_id: json.loads(row.body) for row in state.dump(live.workflow, None).upserts}


def task_rows_written(engine: Engine, work) -> int:
    """How many task rows ``work`` inserts or updates."""
    writes: list[int] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("INSERT INTO INSTANCE_TASK", "UPDATE INSTANCE_TASK")):
            writes.append(len(parameters) if executemany else 1)

    event.listen(engine.context.db.engine, "before_cursor_execute", count)
    try:
        work()
    finally:
        event.remove(engine.context.db.engine, "before_cursor_execute", count)
    return sum(writes)


def test_after_every_item_the_rows_equal_a_full_serialization(cached, clock):
    people = make_directory(cached)
    deploy_test_process(cached)
    case_id, interviews = at_interviews(cached, people, MEMBERS)
    for number, task_id in enumerate(interviews):
        cached.tasks.complete(people.ops, task_id, {"wywiad": f"rozmowa {number}"}, claim=True)
        assert stored_rows(cached, case_id) == live_rows(cached, case_id), f"after item {number}"
    data = cached.runtime.case_data(people.supervisor, case_id)
    assert data["wywiady"] == [f"rozmowa {number}" for number in range(MEMBERS)]


def test_an_item_checks_serializes_and_writes_the_same_few_tasks_however_many_items_are_open(cached, monkeypatch):
    monkeypatch.setattr(state, "CHECK_AGAINST_FULL", False)  # it serializes everything; the test above checks
    serialized: list[str] = []
    monkeypatch.setattr(state, "_to_json", lambda document, real=state._to_json: serialized.append(1) or real(document))
    checked: list[str] = []
    real_signature = task_changes._signature
    monkeypatch.setattr(task_changes, "_signature", lambda *args: checked.append(1) or real_signature(*args))
    people = make_directory(cached)
    deploy_test_process(cached)
    work = {}
    for members in (3, 30):
        _, interviews = at_interviews(cached, people, members)
        cached.tasks.complete(people.ops, interviews[0], {"wywiad": "rozmowa"}, claim=True)
        serialized.clear()
        checked.clear()
        rows = task_rows_written(
            cached, lambda ids=interviews: cached.tasks.complete(people.ops, ids[1], {"wywiad": "rozmowa"}, claim=True)
        )
        work[members] = (len(checked), len(serialized), rows)
    assert work[30] == work[3]  # the item, its multi-instance task and the header; not its open siblings
    assert work[3][2] <= 2


def test_when_the_multi_instance_task_changes_a_value_its_open_items_hold_their_rows_follow(cached):
    """An open item is not checked again while it waits (``task_changes``' quick check), but a value of
    its multi-instance task's data that the item holds too is compared: when it changes, every open
    item's delta (its data against the multi-instance task's) is written anew."""
    people = make_directory(cached)
    deploy_test_process(cached)
    case_id, interviews = at_interviews(cached, people, MEMBERS)
    cached.tasks.complete(people.ops, interviews[0], {"wywiad": "rozmowa 0"}, claim=True)
    live = live_case(cached, case_id)
    multi = next(t for t in live.workflow.tasks.values() if t.task_spec.name == "ut_wywiad")
    multi.data["czlonkowie"] = [*multi.data["czlonkowie"], "Osoba dopisana"]  # as a script's result would

    rows = task_rows_written(
        cached, lambda: cached.tasks.complete(people.ops, interviews[1], {"wywiad": "rozmowa 1"}, claim=True)
    )

    assert rows == MEMBERS + 1  # the multi-instance task and every item (each holds the members)
    assert stored_rows(cached, case_id) == live_rows(cached, case_id)
    open_item = stored_rows(cached, case_id)[interviews[2]]
    assert open_item["delta"]["updates"]["czlonkowie"] == [f"Osoba {i}" for i in range(MEMBERS)]


def test_every_open_item_left_unchecked_has_its_parents_prints_in_a_case_with_subprocesses(cached):
    """An open item left unchecked while its parent's data changes is compared key by key against the
    parent's prints of the last save: the snapshot holds them for every such parent, in the case and in
    its subprocesses and called processes alike (each is a pass of its own over the one snapshot)."""
    people = make_directory(cached)
    deploy_items(cached)
    data = {"czlonkowie": ["anna", "marek"], "pelnoletni": ["anna", "marek"], "pozycje": ["P1", "P2"], "miesiace": [7]}
    case = cached.runtime.start(people.ops, "proba_pozycje", data)
    seen = set()
    for step in range(6):
        open_tasks = cached.tasks.of_case(people.ops, case.id)
        cached.tasks.complete(people.ops, open_tasks[0].id, {"uwagi": f"krok {step}"}, claim=True)
        live = live_case(cached, case.id)
        workflows = {"": live.workflow, **{str(k): sub for k, sub in live.workflow.subprocesses.items()}}
        quick = {
            (key, task._parent.int)
            for key, wf in workflows.items()
            for task in wf.tasks.values()
            if task.state == TaskState.READY and live.snapshot.tasks[task.id.int][4] is not None
        }
        assert all(live.snapshot.prints.get(parent) is not None for _, parent in quick), step
        seen |= {key for key, _ in quick}
    assert "" in seen and len(seen) > 1  # open quick-checked items in the case and in a subprocess


def test_a_step_that_fails_half_way_through_an_open_item_saves_what_the_item_then_holds(cached, monkeypatch):
    """Open items are not re-checked while they wait; a step that fails after it began writing into one
    (here the form's data is written, then the engine fails) must not leave the row behind the memory."""
    people = make_directory(cached)
    deploy_test_process(cached)
    case_id, interviews = at_interviews(cached, people, MEMBERS)
    cached.tasks.complete(people.ops, interviews[0], {"wywiad": "rozmowa 0"}, claim=True)

    def write_then_fail(task, data):
        task.data.update(data)
        raise ValueError("awaria w połowie kroku")

    monkeypatch.setattr(runner, "add_form_data", write_then_fail)
    cached.tasks.complete(people.ops, interviews[1], {"wywiad": "rozmowa 1"}, claim=True)

    assert cached.runtime.case(people.supervisor, case_id).status == "error"
    assert stored_rows(cached, case_id)[interviews[1]]["delta"]["updates"]["wywiad"] == "rozmowa 1"
    assert stored_rows(cached, case_id) == live_rows(cached, case_id)
