"""READY tasks found in the task dicts (``engine.bpmn.walk``) are the tasks SpiffWorkflow's own iterator
finds, in its order, and the walk says as the iterator does whether the case is completed: multi-instance
items of a user task, of a subprocess and of a call activity, a sequential multi-instance task (of one
item: without an output, a second item finds the first one's variable and fails, as in SpiffWorkflow),
on the live workflow and on one restored from the database."""

from __future__ import annotations

from SpiffWorkflow.bpmn.util.task import BpmnTaskIterator
from SpiffWorkflow.util.task import TaskIterator, TaskState

from engine.bpmn import walk
from engine.bpmn.workflow import Workflow
from engine.store.cases import checkout
from tests.engine.bpmn_samples import deployment, timer_process
from tests.engine.test_task_subjects import ITEMS, MEMBERS, items_deployed  # noqa: F401 - the fixture
from tests.factories import ADMIN

MORE_ITEMS = [*ITEMS, {"id": "P2", "usluga": "terapia", "czlonek": "anna"}]


def workflow_of(engine, case_id: str, restored: bool):
    """The case's workflow: the cached live one (left cached), or one loaded afresh from its rows."""
    if restored:
        engine.context.workflows.clear()
    with engine.context.transaction(write=False) as session:
        case = checkout(session, engine.context, case_id)
    if not restored:
        engine.context.workflows.put(case_id, case)
    return case.workflow


def assert_as_iterator(workflow) -> list[str]:
    """The walk's answers (READY tasks, whether the case is completed) equal the iterator's; returns the
    READY human tasks' BPMN ids, in order."""
    for manual in (True, False):
        expected = workflow.get_tasks(state=TaskState.READY, manual=manual)
        assert [t.id for t in walk.ready_tasks(workflow, manual)] == [t.id for t in expected]
        assert walk.has_ready(workflow, manual) == bool(expected)
    unfinished = next(TaskIterator(workflow.task_tree, state=TaskState.NOT_FINISHED_MASK), None)
    assert walk.is_completed(workflow) == (unfinished is None)
    return [t.task_spec.bpmn_id for t in walk.ready_tasks(workflow, True)]


def test_the_walk_finds_what_the_iterator_finds_through_subprocesses_and_call_activities(engine, items_deployed):  # noqa: F811
    people = items_deployed
    data = {"czlonkowie": MEMBERS, "pelnoletni": ["anna", "marek"], "pozycje": MORE_ITEMS, "miesiace": [7]}
    case = engine.runtime.start(people.ops, "proba_pozycje", data)

    first = assert_as_iterator(workflow_of(engine, case.id, restored=False))
    # the iterator's order is the tree's: a subprocess's tasks come where its task stands, not after
    # the tasks of the case itself (the order of the task dicts)
    assert first == ["ut_zgoda", "ut_zgoda", "ut_potwierdzenie", "ut_potwierdzenie", "ut_wezwany", "ut_wezwany"] + [
        "ut_miesiac"
    ]
    assert assert_as_iterator(workflow_of(engine, case.id, restored=True)) == first

    seen = {tuple(first)}
    for step in range(20):
        open_tasks = engine.tasks.of_case(people.ops, case.id)
        if not open_tasks:
            break
        task = open_tasks[step % len(open_tasks)]
        engine.tasks.complete(people.ops, task.id, {"uwagi": f"krok {step}"}, claim=True)
        seen.add(tuple(assert_as_iterator(workflow_of(engine, case.id, restored=step % 2 == 1))))
    assert engine.tasks.of_case(people.ops, case.id) == []
    assert any("ut_po_zgodach" in ids for ids in seen)  # the task after the items, once they were done
    assert () in seen  # the case ended: nothing READY
    assert walk.is_completed(workflow_of(engine, case.id, restored=True))


def test_a_thousand_items_are_found_in_their_order(engine, people):
    case = engine.runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id)
    first = next(t for t in engine.tasks.of_case(people.ops, case.id) if t.bpmn_id == "ut_zgloszenie")
    nomination = {"rodzina": "Duża", "czlonkowie": [f"Osoba {i}" for i in range(1000)], "pilne": True}
    opened = engine.tasks.complete(people.ops, first.id, nomination, claim=True).opened
    assessment = next(t for t in opened if t.bpmn_id == "ut_pcpr")
    engine.tasks.complete(people.pcpr, assessment.id, {"ocena_pcpr": "bez uwag"}, claim=True)
    workflow = workflow_of(engine, case.id, restored=True)
    assert assert_as_iterator(workflow) == ["ut_wywiad"] * 1000
    subjects = [t.data["czlonek"] for t in walk.ready_tasks(workflow, True)]
    assert subjects == [f"Osoba {i}" for i in range(1000)]


def test_a_case_runs_on_the_workflow_class_whose_lists_are_the_iterators(engine, people):
    """Every case's workflow, new or restored, is ``engine.bpmn.workflow.Workflow``: its READY list and
    the WAITING tasks its update after a completion walks are the ones SpiffWorkflow's iterators give."""
    engine.repository.deploy(deployment(timer_process("'PT1H'")), ADMIN)  # user task, then wait an hour
    case = engine.runtime.start(people.ops, "proba")
    assert assert_as_iterator(workflow_of(engine, case.id, restored=False)) == ["ut_dane"]
    engine.tasks.complete(people.ops, engine.tasks.inbox(people.ops)[0].id, {"uwagi": "gotowe"})
    for restored in (False, True):
        workflow = workflow_of(engine, case.id, restored)
        assert isinstance(workflow, Workflow)
        waiting = walk.waiting_tasks(workflow)
        assert [t.task_spec.bpmn_id for t in waiting] == ["czekaj"]
        assert [t.id for t in waiting] == [t.id for t in TaskIterator(workflow.task_tree, state=TaskState.WAITING)]
        ready = BpmnTaskIterator(workflow.task_tree, state=TaskState.READY)
        assert [t.id for t in workflow.get_tasks(state=TaskState.READY)] == [t.id for t in ready]
