"""The sandbox battery: hostile analyst code in every place the engine runs it, in a real case.

Each technique goes through a script task, a gateway condition, a timer expression or a DMN cell;
the evaluation must be stopped by a limit (CPU time, wall-clock time, memory, loop rounds, size
of the result, timer reach) and the case must land in error with a message naming the task and the
limit. Conditions and expressions run on a copy of the data, so they cannot change it. Code that
tries to escape is refused when the diagram is deployed.
"""

from __future__ import annotations

import re
import threading
import time

import pytest

from engine import Engine
from engine.bpmn.isolation import POOL
from engine.errors import DefinitionError
from tests.engine.bpmn_samples import SCRIPT_TASK_NAME, deployment, script_process, timer_process
from tests.engine.hostile_samples import GATEWAY_NAME, RULE_TASK_NAME, TIMER_NAME, gateway_process, rule_deployment
from tests.factories import ADMIN, make_directory

#: Words of the messages of every limit (ours and the loop/operator guards of ``engine.bpmn.limits``).
LIMIT = re.compile(r"limit|zbyt duż|większy niż|sięga dalej")

#: Case data every technique can reach: a 1 MB text, a list and a dictionary.
DATA = {"s": "x" * 10**6, "lista": [1, 2], "ocena": {"punkty": 1}}

CPU = [
    "pow(3, 10**8)",
    "[sum(range(10**6)) for i in range(10**6)]",
    "pow(10**9999, 10**9999)",
    "max(sum(range(10**6)) for i in range(10**6))",
]
MEMORY = [
    "'x'.ljust(2*10**9)",
    "f'{1:>1500000000}'",
    "'%10000000000d' % 1",
    "'%.1000000000f' % 1.5",
    "s.replace('x', s)",
    "s.translate({120: s})",
    "'x'.center(10**10)",
    "'x'.rjust(10**9)",
    "'x'.zfill(10**9)",
    "'a\\tb'.expandtabs(10**9)",
    "' '.join([s] * 1000)",
    "'x'.join([s] * 500)",
    "str([s] * 1000)",
    "repr([s] * 1000)",
    "s.encode().ljust(10**10)",
]
GUARDED = [
    "s * 1000",
    "s.encode() * 1000",
    "s[::-1] * 100",
    "'%s' % s * 1000",
    "s.split('x') * 10",
    "'x'.ljust(10**6) * 10**3",
    "str(10**100000)",
    "10**10**10",
    "1 << 10**7",
    "sum(range(10**12))",
    "sum(1 for i in range(10**6) for j in range(10**6))",
    "len([x for x in range(10**6) for y in range(10)])",
]
#: Values that fit in memory but not in the case data once saved.
OVERSIZED = ["[s] * 10**6", "sorted([s] * 1000)", "{str(i): s for i in range(1000)}", "[[s] * 100] * 100"]

SCRIPT_TECHNIQUES = CPU + MEMORY + GUARDED + OVERSIZED
SAMPLED = [CPU[0], CPU[1], MEMORY[0], MEMORY[1], MEMORY[2], MEMORY[4], GUARDED[0], GUARDED[-1]]
TIMER_TECHNIQUES = [*SAMPLED, "'P' + str(10**8) + 'Y'", "'P%dM' % 10**9", "lista and 'P999999999Y'"]
#: Timers written as literals are refused when the diagram is checked.
TIMER_LITERALS = ["'P999999999Y'", "'P99999999M'", "'R/P999999999Y'", "'R3/2026-03-01T00:00:00Z/P5000Y'"]
MUTATIONS = [
    "lista.clear()",
    "lista.append(3)",
    "lista.extend(lista)",
    "lista.pop()",
    "lista.insert(0, 9)",
    "lista.remove(1)",
    "lista.reverse()",
    "lista.sort(reverse=True)",
    "ocena.clear()",
    "ocena.update({'punkty': 9})",
    "ocena.pop('punkty')",
    "ocena.setdefault('nowe', 1)",
    "ocena.popitem()",
]
ESCAPES = [
    "().__class__.__bases__[0].__subclasses__()",
    "getattr(lista, '__class__')",
    "__import__('os').system('true')",
    "open('/etc/passwd').read()",
    "eval('1')",
    "exec('x = 1')",
    "compile('1', 'x', 'eval')",
    "globals()",
    "vars(lista)",
    "type(lista)",
    "(lambda: 0).__globals__",
    "__builtins__",
    "[x for x in (1,)].__class__",
    "breakpoint()",
    "(x for x in ()).gi_frame.f_globals",
]
RUNTIME_ESCAPES = [
    "'{0.__class__.__mro__}'.format(lista)",
    "setattr(datetime, 'now', None)",
    "(lambda f: f(f))(lambda f: f(f))",
]


@pytest.fixture
def engine(database_url, clock):
    instance = Engine.from_url(database_url, clock=clock)
    yield instance
    instance.close()


def run_case(engine, files, data: dict | None = None):
    """Deploy ``files``, start a case with ``data`` (default ``DATA``), submit its first form; the case."""
    engine.repository.deploy(files, ADMIN)
    people = make_directory(engine)
    case = engine.runtime.start(people.ops, "proba", dict(DATA if data is None else data))
    task = next(t for t in engine.tasks.inbox(people.ops) if t.case_id == case.id)
    engine.tasks.complete(people.ops, task.id, {"uwagi": "gotowe"})
    return engine.runtime.case(ADMIN, case.id)


def assert_stopped_by_a_limit(case, task_name: str) -> None:
    assert case.status == "error"
    assert case.error.startswith(f"Błąd w zadaniu „{task_name}”")
    assert LIMIT.search(case.error), case.error


@pytest.mark.parametrize("technique", SCRIPT_TECHNIQUES)
def test_a_script_is_stopped_by_a_limit(sqlite_engine, technique):
    case = run_case(sqlite_engine, deployment(script_process(f"wynik = {technique}")))
    assert_stopped_by_a_limit(case, SCRIPT_TASK_NAME)


@pytest.mark.parametrize("technique", SAMPLED)
def test_a_gateway_condition_is_stopped_by_a_limit(sqlite_engine, technique):
    case = run_case(sqlite_engine, deployment(gateway_process(technique)))
    assert_stopped_by_a_limit(case, GATEWAY_NAME)


@pytest.mark.parametrize("technique", TIMER_TECHNIQUES)
def test_a_timer_expression_is_stopped_by_a_limit(sqlite_engine, technique):
    case = run_case(sqlite_engine, deployment(timer_process(technique)))
    assert_stopped_by_a_limit(case, TIMER_NAME)


@pytest.mark.parametrize("technique", TIMER_LITERALS)
def test_a_timer_set_too_far_is_refused_at_deploy(sqlite_engine, technique):
    with pytest.raises(DefinitionError) as raised:
        sqlite_engine.repository.deploy(deployment(timer_process(technique)), ADMIN)
    [problem] = raised.value.problems
    assert problem.element_id == "czekaj"
    assert "sięga dalej" in problem.message


@pytest.mark.parametrize("technique", SAMPLED)
def test_a_dmn_output_cell_is_stopped_by_a_limit(sqlite_engine, technique):
    case = run_case(sqlite_engine, rule_deployment(output_cell=technique))
    assert_stopped_by_a_limit(case, RULE_TASK_NAME)


@pytest.mark.parametrize("technique", SAMPLED[:4])
def test_a_dmn_input_expression_is_stopped_by_a_limit(sqlite_engine, technique):
    case = run_case(sqlite_engine, rule_deployment(input_expression=technique))
    assert_stopped_by_a_limit(case, RULE_TASK_NAME)


@pytest.mark.parametrize("technique", MUTATIONS)
def test_a_gateway_condition_cannot_change_the_case_data(engine, technique):
    data = {"lista": [1, 2], "ocena": {"punkty": 1}}
    case = run_case(engine, deployment(gateway_process(technique)), data)
    assert case.status == "running"
    assert engine.runtime.case_data(ADMIN, case.id) == {**data, "uwagi": "gotowe"}


@pytest.mark.parametrize(
    "files",
    [
        deployment(timer_process("lista.clear() or 'PT1H'")),
        rule_deployment(input_expression="lista.clear()"),
        rule_deployment(output_cell="ocena.clear() or 'ok'"),
    ],
    ids=["timer", "dmn-input", "dmn-output"],
)
def test_timer_and_dmn_expressions_cannot_change_the_case_data(engine, files):
    data = {"lista": [1, 2], "ocena": {"punkty": 1}}
    case = run_case(engine, files, data)
    assert case.status in ("running", "completed"), case.error
    stored = engine.runtime.case_data(ADMIN, case.id)
    assert (stored["lista"], stored["ocena"]) == ([1, 2], {"punkty": 1})


@pytest.mark.parametrize("technique", ESCAPES)
@pytest.mark.parametrize("channel", ["script", "condition"])
def test_code_that_tries_to_escape_is_refused_at_deploy(sqlite_engine, channel, technique):
    files = {
        "script": lambda: deployment(script_process(f"wynik = {technique}")),
        "condition": lambda: deployment(gateway_process(technique)),
    }[channel]()
    with pytest.raises(DefinitionError):
        sqlite_engine.repository.deploy(files, ADMIN)
    assert sqlite_engine.repository.versions() == []


@pytest.mark.parametrize("technique", ESCAPES)
def test_a_dmn_cell_that_tries_to_escape_is_refused_at_deploy_or_ends_in_error(sqlite_engine, technique):
    try:
        case = run_case(sqlite_engine, rule_deployment(output_cell=technique))
    except DefinitionError:
        assert sqlite_engine.repository.versions() == []
        return
    assert case.status == "error"
    assert case.error.startswith(f"Błąd w zadaniu „{RULE_TASK_NAME}”")


@pytest.mark.parametrize("technique", RUNTIME_ESCAPES)
def test_code_that_tries_to_escape_while_running_ends_in_error(sqlite_engine, technique):
    case = run_case(sqlite_engine, deployment(script_process(f"wynik = {technique}")))
    assert case.status == "error"
    assert case.error.startswith(f"Błąd w zadaniu „{SCRIPT_TASK_NAME}”")


def test_other_users_are_served_while_hostile_code_runs(engine, database_url):
    """While a script spins in one worker, another user completes a task of another case (its script runs too).

    SQLite lets one transaction write at a time, so there the other user reads their inbox instead.
    """
    engine.repository.deploy(deployment(script_process("wynik = pow(3, 10**8)")), ADMIN)
    engine.repository.deploy(deployment(script_process("wynik = 1", process_id="inny"), name="inny.bpmn"), ADMIN)
    people = make_directory(engine)
    hostile = engine.runtime.start(people.ops, "proba", {})
    other = engine.runtime.start(people.ops, "inny", {})
    tasks = {t.case_id: t.id for t in engine.tasks.inbox(people.ops)}
    runner = threading.Thread(target=engine.tasks.complete, args=(people.ops, tasks[hostile.id], {"uwagi": "x"}))
    busy_before = POOL.busy
    runner.start()
    while POOL.busy == busy_before and runner.is_alive():  # wait until the hostile script is in a worker
        time.sleep(0.01)
    if database_url.startswith("sqlite"):
        served = tasks[other.id] in [t.id for t in engine.tasks.inbox(people.ops)]
    else:
        served = engine.tasks.complete(people.ops, tasks[other.id], {"uwagi": "y"}) is not None
    still_running = runner.is_alive()
    runner.join()
    assert served
    assert still_running
    assert_stopped_by_a_limit(engine.runtime.case(ADMIN, hostile.id), SCRIPT_TASK_NAME)
