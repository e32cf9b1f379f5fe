"""What one evaluation of diagram code costs: in this process under RestrictedPython (before issue
13), always in a sandbox worker (issue 13), and as the engine runs it now (``isolated``: plain
expressions walked in-process by ``engine.bpmn.plain_expressions``, the rest in a worker).

Interleaved rounds in one process, so both variants see the same machine load:

    .venv/bin/python bench/sandbox_bench.py [--rounds 20] [--per-round 200]

Prints the median and p90 microseconds per evaluation of each kind and variant, and the ratio.
No test asserts these figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.bpmn.isolation import IsolatedEnvironment  # noqa: E402
from engine.bpmn.sandbox import SandboxEnvironment  # noqa: E402
from engine.bpmn.timeflow import active_now  # noqa: E402

DATA = {
    "pilne": True,
    "czlonkowie": [{"imie": f"Osoba {i}", "wiek": 20 + i} for i in range(5)],
    "uwagi": "x" * 500,
    "ocena": {"punkty": 3, "opis": "średnie ryzyko"},
}
KINDS = {
    "condition": ("evaluate", "pilne and len(czlonkowie) > 1"),
    "timer": ("evaluate", "'P14D' if pilne else 'P30D'"),
    "script": ("execute", "liczba = len(czlonkowie)\ndorosli = [o['imie'] for o in czlonkowie if o['wiek'] >= 18]"),
}


class WorkerOnly(IsolatedEnvironment):
    """Every evaluation in a worker, plain or not (the engine before plain expressions)."""

    def evaluate(self, expression, context, external_context=None):
        request = {"op": "evaluate", "source": expression, "context": context, "external": external_context}
        return self.pool.run({**request, "now": active_now()})


def one_round(environment, operation: str, source: str, count: int) -> float:
    """Microseconds per evaluation over ``count`` evaluations."""
    started = time.perf_counter()
    for _ in range(count):
        data = dict(DATA)
        if operation == "evaluate":
            environment.evaluate(source, data)
        else:
            environment.execute(source, data)
    return (time.perf_counter() - started) / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--per-round", type=int, default=200)
    args = parser.parse_args()
    variants = {"in-process": SandboxEnvironment(), "worker": WorkerOnly(), "isolated": IsolatedEnvironment()}
    for environment in variants.values():  # warm up: compile caches, start the worker
        one_round(environment, "evaluate", "1", 10)
    samples = {(kind, name): [] for kind in KINDS for name in variants}
    for _ in range(args.rounds):
        for kind, (operation, source) in KINDS.items():
            for name, environment in variants.items():
                samples[kind, name].append(one_round(environment, operation, source, args.per_round))
    print(f"{'kind':10} {'variant':11} {'median us':>10} {'p90 us':>10}")
    for (kind, name), values in samples.items():
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"{kind:10} {name:11} {statistics.median(values):10.1f} {p90:10.1f}")
    for kind in KINDS:
        for name in ("worker", "isolated"):
            ratio = statistics.median(samples[kind, name]) / statistics.median(samples[kind, "in-process"])
            print(f"ratio {name}/in-process {kind}: {ratio:.1f}")


if __name__ == "__main__":
    main()
