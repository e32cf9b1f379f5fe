"""What two parts of a step cost: the deep-stack thread and, on PostgreSQL, one round trip per write.

The same engine runs ``engine_bench``'s case three ways, interleaved case by case in one process:
as shipped; with every step in the deep-stack thread (``deep.fits`` answering no, as before small
definitions ran inline); and, on PostgreSQL, with a save's writes sent one by one
(``database.pipelined`` doing nothing, as before pipelining). Each ratio is the median of the
case-by-case ratios of the shipped variant's time to the other's.

Usage: python bench/step_parts_bench.py [--cases N]
Ends with ``ratio shipped/thread sqlite: X``, ``ratio shipped/thread postgres: X`` and
``ratio shipped/unpipelined postgres: X`` (time ratios: below 1 means the shipped way is faster).
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import interleave, pair_ratio, postgres_url, sqlite_url  # noqa: E402
from engine_bench import BENCH_SCHEMA, EngineRun  # noqa: E402

from engine import Engine  # noqa: E402
from engine.bpmn import deep  # noqa: E402
from engine.store import cases  # noqa: E402


def shipped(run: EngineRun):
    return lambda: run.case([])


def in_thread(run: EngineRun):
    def case() -> None:
        with mock.patch.object(deep, "fits", lambda task_specs, subprocesses: False):
            run.case([])

    return case


def unpipelined(run: EngineRun):
    def case() -> None:
        with mock.patch.object(cases, "pipelined", lambda session: contextlib.nullcontext()):
            run.case([])

    return case


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=60, help="cases per variant (interleaved)")
    args = parser.parse_args()
    ratios: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        for name, url in (("sqlite", sqlite_url(folder)), ("postgres", postgres_url(BENCH_SCHEMA))):
            if url is None:
                continue
            engine = Engine.from_url(url)
            try:
                run = EngineRun(engine)
                variants = {"shipped": shipped(run), "thread": in_thread(run)}
                if name == "postgres":
                    variants["unpipelined"] = unpipelined(run)
                for work in variants.values():  # warm caches and the sandbox worker
                    work()
                seconds = interleave(variants, args.cases)
            finally:
                engine.close()
            for variant, times in seconds.items():
                print(f"{name:<9} {variant:<12} ms/case median {1000 * statistics.median(times):8.2f}")
            for other in list(variants)[1:]:
                ratios.append(f"ratio shipped/{other} {name}: {pair_ratio(seconds['shipped'], seconds[other]):.3f}")
    print("\n".join(ratios))


if __name__ == "__main__":
    main()
