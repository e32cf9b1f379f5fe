"""Large definitions: long chains validate, deploy and run without recursion errors.

A chain of 1,100 script tasks is deeper than Python's default recursion limit (SpiffWorkflow's
parser and task prediction recurse once per element) and than SpiffWorkflow's default task-tree
depth of 1,000 (beyond which a case silently "completes" with work pending).
"""

from __future__ import annotations

import sys
import threading

from engine import Engine
from engine.bpmn import deep, definitions
from engine.services.repository import validate_files
from tests.engine.bpmn_samples import deployment, flow, process, script_task
from tests.factories import ADMIN, make_directory

LENGTH = 1_100


def chain(length: int) -> bytes:
    elements = ['<bpmn:startEvent id="start"><bpmn:outgoing>f0</bpmn:outgoing></bpmn:startEvent>']
    for number in range(length):
        source = "start" if number == 0 else f"t{number - 1}"
        elements.append(script_task(f"t{number}", f"Krok {number}", f"f{number}", f"f{number + 1}", "krok = krok + 1"))
        elements.append(flow(f"f{number}", source, f"t{number}"))
    elements.append(f'<bpmn:endEvent id="end"><bpmn:incoming>f{length}</bpmn:incoming></bpmn:endEvent>')
    elements.append(flow(f"f{length}", f"t{length - 1}", "end"))
    return process(elements, in_lane=["start"])


def test_a_long_chain_validates_clean():
    assert validate_files(deployment(chain(LENGTH))) == []


def test_a_long_chain_runs_to_its_end_and_restores(database_url, clock):
    engine = Engine.from_url(database_url, clock=clock, cache_capacity=0)  # every read restores from the database
    try:
        people = make_directory(engine)
        engine.repository.deploy(deployment(chain(LENGTH)), ADMIN)
        case = engine.runtime.start(people.ops, "proba", {"krok": 0})
        assert (case.status, case.error) == ("completed", None)
        assert engine.runtime.case_data(ADMIN, case.id)["krok"] == LENGTH
    finally:
        engine.close()


def test_a_small_definition_steps_inline_and_a_long_chain_in_the_deep_thread():
    """Starting the deep thread costs more than a small case's step, so only long chains pay it."""
    [small], _ = definitions.build(deployment(chain(10)))
    [long], _ = definitions.build(deployment(chain(LENGTH)))

    def thread_name() -> str:
        return threading.current_thread().name

    assert deep.run_for(small.spec, small.subprocess_specs, thread_name) == threading.current_thread().name
    assert deep.run_for(long.spec, long.subprocess_specs, thread_name) == "kooperacja-deep"


def test_inline_runs_are_sized_against_the_ordinary_limit_while_a_deep_run_has_raised_it():
    """A deep run in another thread raises the process-wide limit; an inline run must not count on it."""
    ordinary = sys.getrecursionlimit()
    assert deep.fits(100, 0)
    assert not deep.fits(ordinary, 0)
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        inside.set()
        release.wait(10)

    holder = threading.Thread(target=deep.run, args=(hold,))
    holder.start()
    try:
        assert inside.wait(10)
        assert sys.getrecursionlimit() > ordinary
        assert deep.fits(100, 0)
        assert not deep.fits(ordinary, 0)
    finally:
        release.set()
        holder.join()
    assert sys.getrecursionlimit() == ordinary
