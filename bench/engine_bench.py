"""Engine benchmark: the same process and path (a) in raw in-memory SpiffWorkflow, (b) through the
engine on SQLite, (c) through the engine on PostgreSQL.

The process is the test process in tests/data (2 lanes + a called process, a DMN, a gateway, a
parallel multi-instance over 3 members, a message, a timer boundary, a rework loop, a script): 9
user tasks and 1 message per case. Through the engine every step is one service call with all
its guards (role, institution, claim), form validation, query tables, history and audit, in its
own transaction.

The variants run interleaved in one process: per round 25 in-memory cases, then 5 cases on
SQLite, then 5 on PostgreSQL; each ratio is the median of the round-by-round throughput ratios,
so load from other processes moves both sides of a ratio alike.

Usage: python bench/engine_bench.py [--quick] [--rounds N] [--statements]
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
sys.path.insert(0, str(ROOT / "bench"))

from common import pair_ratio, postgres_url, sqlite_url  # noqa: E402
from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow  # noqa: E402
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine  # noqa: E402
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser  # noqa: E402
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition  # noqa: E402
from SpiffWorkflow.util.task import TaskState  # noqa: E402
from sqlalchemy import event  # noqa: E402

from engine import Engine  # noqa: E402
from tests.factories import deploy_test_process, make_directory  # noqa: E402

DATA = ROOT / "tests" / "data"
#: another schema (KOOPERACJA_BENCH_SCHEMA) lets two checkouts run the bench at once
BENCH_SCHEMA = os.environ.get("KOOPERACJA_BENCH_SCHEMA", "kooperacja_bench")

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


class MemoryRun:
    def __init__(self):
        self.spec, self.subprocess_specs = parse_specs()
        self.script_engine = PythonScriptEngine()

    def case(self, step_times: list[float]) -> None:
        memory_case(self.spec, self.subprocess_specs, self.script_engine, step_times)


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


def list_statements(run: EngineRun, database) -> None:
    """One case's completions with the statements each runs (a ``before_cursor_execute`` hook; the
    COMMIT is a DBAPI call and does not show), then the statements of the second completion."""
    listed: list[str] = []

    def hook(_connection, _cursor, statement, _parameters, _context, executemany):
        listed.append(("many: " if executemany else "") + " ".join(statement.split())[:140])

    tasks, ops = run.engine.tasks, run.actors["ops"]
    case = run.engine.runtime.start(ops, "test_sprawa", partnership_id=run.people.partnership_id)
    open_tasks, counts, second = tasks.of_case(ops, case.id), [], []
    event.listen(database.engine, "before_cursor_execute", hook)
    try:
        for who, name, data in PATH:
            if who == "message":
                run.engine.runtime.send_message(ops, name, data, case_id=case.id)
                open_tasks = tasks.of_case(ops, case.id)
                continue
            task = next(t for t in open_tasks if t.bpmn_id == name)
            listed.clear()
            completion = tasks.complete(run.actors[who], task.id, data, claim=True)
            open_tasks = [t for t in open_tasks if t.id != task.id] + list(completion.opened)
            counts.append((name, len(listed)))
            second = second or (listed[:] if len(counts) == 2 else [])
    finally:
        event.remove(database.engine, "before_cursor_execute", hook)
    print(f"statements per completion ({database.engine.dialect.name}):", ", ".join(f"{n} {c}" for n, c in counts))
    print(f"mean {statistics.mean(c for _, c in counts):.1f}; the second completion ({counts[1][0]}):")
    for statement in second:
        print("  ", statement)


# --------------------------------------------------------------------------- report


class Variant:
    """One variant's runner, with the seconds and cases of each round and the time of every step."""

    def __init__(self, runner, per_round: int):
        self.runner, self.per_round = runner, per_round
        self.rounds: list[float] = []
        self.cpu: list[float] = []  # this process's CPU seconds per round (less moved by other processes' load)
        self.steps: list[float] = []
        for _ in range(3):
            runner.case([])

    def round(self) -> None:
        began, cpu = time.perf_counter(), time.process_time()
        for _ in range(self.per_round):
            self.runner.case(self.steps)
        self.rounds.append(time.perf_counter() - began)
        self.cpu.append(time.process_time() - cpu)

    def throughputs(self) -> list[float]:
        return [self.per_round / seconds for seconds in self.rounds]

    def row(self, name: str) -> str:
        cases_per_s = self.per_round * len(self.rounds) / sum(self.rounds)
        p90 = sorted(self.steps)[int(0.9 * (len(self.steps) - 1))]
        return (
            f"{name:<10} {cases_per_s:>9.1f} {1000 / cases_per_s:>9.2f} "
            f"{1000 * statistics.median(self.steps):>15.3f} {1000 * p90:>12.3f} "
            f"{1000 * sum(self.cpu) / (self.per_round * len(self.cpu)):>12.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer cases (finishes within a minute)")
    parser.add_argument("--rounds", type=int, help="interleaved rounds (memory, sqlite, postgres per round)")
    parser.add_argument("--statements", action="store_true", help="list the statements of each completion, no timing")
    args = parser.parse_args()
    if args.statements:
        with tempfile.TemporaryDirectory() as folder:
            for url in (sqlite_url(folder), postgres_url(BENCH_SCHEMA)):
                if url is not None:
                    engine = Engine.from_url(url)
                    list_statements(EngineRun(engine), engine.context.db)
                    engine.close()
        return
    rounds = args.rounds or (8 if args.quick else 40)
    engines: list[Engine] = []
    with tempfile.TemporaryDirectory() as folder:
        variants = {"memory": Variant(MemoryRun(), 25)}
        urls = {"sqlite": sqlite_url(folder), "postgres": postgres_url(BENCH_SCHEMA)}
        for name, url in urls.items():
            if url is not None:
                engines.append(Engine.from_url(url))
                variants[name] = Variant(EngineRun(engines[-1]), 5)
        try:
            for _ in range(rounds):
                for variant in variants.values():
                    variant.round()
        finally:
            for engine in engines:
                engine.close()

    header = f"{'variant':<10} {'cases/s':>9} {'ms/case':>9} {'step median ms':>15} {'step p90 ms':>12}"
    print(f"{header} {'cpu ms/case':>12}")
    for name, variant in variants.items():
        print(variant.row(name))
    memory = variants["memory"].throughputs()
    for name in ("sqlite", "postgres"):
        ratio = f"{pair_ratio(variants[name].throughputs(), memory):.3f}" if name in variants else "n/a"
        print(f"ratio {name}/memory: {ratio}")


if __name__ == "__main__":
    main()
