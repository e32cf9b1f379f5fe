"""Engine benchmark: the same process and path (a) in raw in-memory SpiffWorkflow, (b) through the
engine on SQLite, (c) through the engine on PostgreSQL.

The process is the test process in tests/data (2 lanes + a called process, a DMN, a gateway, a
parallel multi-instance over 3 members, a message, a timer boundary, a rework loop, a script): 9
user tasks and 1 message per case. Through the engine every step is one service call with all
its guards (role, institution, claim), form validation, query tables, history and audit, in its
own transaction.

Usage: python bench/engine_bench.py [--quick] [--cases N]
Ends with the lines ``ratio sqlite/memory: X`` and ``ratio postgres/memory: X`` (throughput ratios).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow  # noqa: E402
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine  # noqa: E402
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser  # noqa: E402
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition  # noqa: E402
from SpiffWorkflow.util.task import TaskState  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from engine import Engine  # noqa: E402
from engine.db.database import Database  # noqa: E402
from tests.factories import deploy_test_process, make_directory  # noqa: E402

DATA = ROOT / "tests" / "data"
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BENCH_SCHEMA = "kooperacja_bench"

NOMINATION = {"rodzina": "Nowakowscy", "czlonkowie": ["Marek", "Anna", "Kacper"], "pilne": True}
PATH = [
    ("ops", "ut_zgloszenie", NOMINATION),
    ("pcpr", "ut_pcpr", {"ocena_pcpr": "turnus dla Kacpra"}),
    ("ops", "ut_wywiad", {"wywiad": "rozmowa 1"}),
    ("ops", "ut_wywiad", {"wywiad": "rozmowa 2"}),
    ("ops", "ut_wywiad", {"wywiad": "rozmowa 3"}),
    ("message", "dokumenty", {"sygnatura": "III RC 12/26"}),
    ("animator", "ut_ocena", {"zatwierdzone": False}),
    ("ops", "ut_poprawki", {"poprawki": "dodano logopedę"}),
    ("animator", "ut_ocena", {"zatwierdzone": True}),
    ("ops", "ut_zamkniecie", {"powod": "cel_osiagniety"}),
]


# --------------------------------------------------------------------------- (a) in memory


def parse_specs():
    parser = SpiffBpmnParser()
    parser.add_bpmn_files([str(p) for p in (DATA / "processes").glob("*.bpmn")])
    parser.add_dmn_files([str(p) for p in (DATA / "processes").glob("*.dmn")])
    return parser.get_spec("test_sprawa"), parser.get_subprocess_specs("test_sprawa")


def advance(workflow):
    workflow.do_engine_steps()
    while workflow.get_next_task(state=TaskState.READY, manual=False) is not None:
        workflow.do_engine_steps()


def memory_case(spec, subprocess_specs, script_engine, step_times):
    workflow = BpmnWorkflow(spec, subprocess_specs, script_engine=script_engine)
    advance(workflow)
    for who, name, data in PATH:
        began = time.perf_counter()
        if who == "message":
            workflow.send_event(BpmnEvent(MessageEventDefinition(name), payload=data))
        else:
            task = next(
                t for t in workflow.get_tasks(state=TaskState.READY, manual=True) if t.task_spec.bpmn_id == name
            )
            task.task_spec.add_data_from_form(task, data)
            task.run()
        advance(workflow)
        step_times.append(time.perf_counter() - began)
    assert workflow.is_completed()


def run_memory(cases: int) -> dict:
    spec, subprocess_specs = parse_specs()
    script_engine = PythonScriptEngine()
    steps: list[float] = []
    for _ in range(3):
        memory_case(spec, subprocess_specs, script_engine, [])
    began = time.perf_counter()
    for _ in range(cases):
        memory_case(spec, subprocess_specs, script_engine, steps)
    return _result(cases, time.perf_counter() - began, steps)


# --------------------------------------------------------------------------- (b, c) engine


class EngineRun:
    def __init__(self, engine: Engine):
        self.engine = engine
        deploy_test_process(engine)
        self.people = make_directory(engine)
        self.actors = {"ops": self.people.ops, "pcpr": self.people.pcpr, "animator": self.people.animator}

    def case(self, step_times: list[float]) -> None:
        """One case as the engine's callers drive it: start, then per step one completion (claiming
        the task in the same transaction when it is still in the queue) or one message. Task ids
        come from the tasks each call reports as opened, or from the case's open-task list after
        a start or a message."""
        tasks, ops = self.engine.tasks, self.actors["ops"]
        case = self.engine.runtime.start(ops, "test_sprawa", partnership_id=self.people.partnership_id)
        open_tasks = tasks.of_case(ops, case.id)
        for who, name, data in PATH:
            began = time.perf_counter()
            if who == "message":
                self.engine.runtime.send_message(ops, name, data, case_id=case.id)
                open_tasks = tasks.of_case(ops, case.id)
            else:
                task = next(t for t in open_tasks if t.bpmn_id == name)
                completion = tasks.complete(self.actors[who], task.id, data, claim=True)
                open_tasks = [t for t in open_tasks if t.id != task.id] + list(completion.opened)
            step_times.append(time.perf_counter() - began)
        final = self.engine.runtime.case(ops, case.id)
        assert final.status == "completed", final


def run_engine(url: str, cases: int) -> dict:
    engine = Engine.from_url(url)
    try:
        runner = EngineRun(engine)
        for _ in range(3):
            runner.case([])
        steps: list[float] = []
        began = time.perf_counter()
        for _ in range(cases):
            runner.case(steps)
        return _result(cases, time.perf_counter() - began, steps)
    finally:
        engine.close()


def sqlite_url(folder: str) -> str:
    url = f"sqlite:///{folder}/bench.db"
    Database(url).migrate()
    return url


def postgres_url() -> str | None:
    base = os.environ.get("KOOPERACJA_BENCH_POSTGRES_URL") or os.environ.get(
        "KOOPERACJA_TEST_POSTGRES_URL", DEFAULT_POSTGRES
    )
    try:
        admin = create_engine(base)
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {BENCH_SCHEMA} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {BENCH_SCHEMA}"))
        admin.dispose()
    except Exception as error:  # noqa: BLE001 - report and carry on without PostgreSQL
        print(f"PostgreSQL unavailable ({error.__class__.__name__}): skipping (c)")
        return None
    separator = "&" if "?" in base else "?"
    url = f"{base}{separator}options=-csearch_path%3D{BENCH_SCHEMA}"
    Database(url).migrate()
    return url


# --------------------------------------------------------------------------- report


def _result(cases: int, seconds: float, steps: list[float]) -> dict:
    return {
        "cases_per_s": cases / seconds,
        "case_ms": 1000 * seconds / cases,
        "step_median_ms": 1000 * statistics.median(steps),
        "step_p90_ms": 1000 * sorted(steps)[int(0.9 * (len(steps) - 1))],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer cases (finishes within a minute)")
    parser.add_argument("--cases", type=int, help="cases per variant")
    args = parser.parse_args()
    memory_cases = args.cases or (200 if args.quick else 1000)
    engine_cases = args.cases or (40 if args.quick else 200)

    results = {"memory": run_memory(memory_cases)}
    with tempfile.TemporaryDirectory() as folder:
        results["sqlite"] = run_engine(sqlite_url(folder), engine_cases)
    url = postgres_url()
    if url:
        results["postgres"] = run_engine(url, engine_cases)

    print(f"{'variant':<10} {'cases/s':>9} {'ms/case':>9} {'step median ms':>15} {'step p90 ms':>12}")
    for name, r in results.items():
        print(
            f"{name:<10} {r['cases_per_s']:>9.1f} {r['case_ms']:>9.2f} {r['step_median_ms']:>15.3f} "
            f"{r['step_p90_ms']:>12.3f}"
        )
    memory = results["memory"]["cases_per_s"]
    for name in ("sqlite", "postgres"):
        ratio = f"{results[name]['cases_per_s'] / memory:.2f}" if name in results else "n/a"
        print(f"ratio {name}/memory: {ratio}")


if __name__ == "__main__":
    main()
