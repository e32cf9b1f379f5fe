"""The case map marks an errored step and the steps a termination cancelled."""

from __future__ import annotations

from tests.engine.bpmn_samples import deployment, script_process
from tests.factories import ADMIN


def start(engine, people, script: str):
    engine.repository.deploy(deployment(script_process(script)), ADMIN)
    case = engine.runtime.start(people.ops, "proba", partnership_id=people.partnership_id)
    (task,) = [t for t in engine.tasks.inbox(people.ops) if t.case_id == case.id]
    return case, task


def states(engine, people, case_id) -> dict:
    shown = engine.case_map.case_map(people.supervisor, case_id)
    return {element.element_id: element.state for element in shown.level.elements}


def test_a_failed_script_is_marked_as_an_error(engine, people):
    case, task = start(engine, people, "wynik = 1 / 0")
    engine.tasks.complete(people.ops, task.id, {"uwagi": "gotowe"})
    assert states(engine, people, case.id) == {"start": "completed", "ut_dane": "completed", "st_skrypt": "error"}


def test_terminating_cancels_the_open_step(engine, people):
    case, _ = start(engine, people, "wynik = 1")
    assert states(engine, people, case.id) == {"start": "completed", "ut_dane": "active"}
    engine.runtime.terminate(people.supervisor, case.id, "koniec")
    assert states(engine, people, case.id) == {"start": "completed", "ut_dane": "cancelled"}
