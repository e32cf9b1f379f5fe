"""Big-case benchmark: the cost of one item of a parallel multi-instance task at 10 and at 1,000 items.

The test process of tests/data interviews every family member in a parallel multi-instance task
(``ut_wywiad`` over ``czlonkowie``). One case is started with 1,000 members and as many cases
with 10 members as it takes to have 1,000 small items too. The items are then completed through
the engine (``tasks.complete`` with the claim, as a worker's click does) interleaved: one item of
the big case, one item of a small case, and so on, in one process. The ratio is the median of
the pair-by-pair ratios big/small, so machine load moves both halves alike.

Usage: python bench/mi_bench.py [--items 1000] [--small 10] [--no-postgres]
Ends with ``ratio per-item 1000/10: X`` (the worse of SQLite and PostgreSQL).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import pair_ratio, postgres_url, sqlite_url, timed  # noqa: E402

from engine import Engine  # noqa: E402
from tests.factories import deploy_test_process, make_directory  # noqa: E402


class Cases:
    """Cases waiting at their interviews, and their open interview tasks."""

    def __init__(self, engine: Engine, people, members: int, count: int):
        self.engine, self.people = engine, people
        self.items: list[tuple[str, str]] = []  # (case id, task id)
        for number in range(count):
            self.items.extend(self._at_interviews(members, number))

    def _at_interviews(self, members: int, number: int) -> list[tuple[str, str]]:
        tasks, ops = self.engine.tasks, self.people.ops
        nomination = {"rodzina": f"Rodzina {number}", "czlonkowie": [f"Osoba {i}" for i in range(members)]}
        case = self.engine.runtime.start(ops, "test_sprawa", partnership_id=self.people.partnership_id)
        first = next(t for t in tasks.of_case(ops, case.id) if t.bpmn_id == "ut_zgloszenie")
        opened = tasks.complete(ops, first.id, {**nomination, "pilne": True}, claim=True).opened
        assessment = next(t for t in opened if t.bpmn_id == "ut_pcpr")
        tasks.complete(self.people.pcpr, assessment.id, {"ocena_pcpr": "bez uwag"}, claim=True)
        interviews = [t for t in tasks.of_case(ops, case.id) if t.bpmn_id == "ut_wywiad"]
        assert len(interviews) == members, (len(interviews), members)
        return [(case.id, t.id) for t in interviews]

    def complete(self, index: int) -> None:
        _, task_id = self.items[index]
        self.engine.tasks.complete(self.people.ops, task_id, {"wywiad": f"rozmowa {index}"}, claim=True)


def measure(label: str, url: str, items: int, small: int) -> float:
    engine = Engine.from_url(url)
    try:
        deploy_test_process(engine)
        people = make_directory(engine)
        big = Cases(engine, people, items, 1)
        little = Cases(engine, people, small, items // small)
        pairs = [(timed(lambda i=i: big.complete(i)), timed(lambda i=i: little.complete(i))) for i in range(items)]
    finally:
        engine.close()
    big_s, small_s = [b for b, _ in pairs], [s for _, s in pairs]
    ratio = pair_ratio(big_s, small_s)
    print(
        f"{label:<9} per item at {items}: {1000 * statistics.mean(big_s):7.2f} ms (median "
        f"{1000 * statistics.median(big_s):.2f})  at {small}: {1000 * statistics.mean(small_s):7.2f} ms (median "
        f"{1000 * statistics.median(small_s):.2f})  ratio of means {sum(big_s) / sum(small_s):.2f}  "
        f"median pair ratio {ratio:.2f}",
        flush=True,
    )
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    ratios = []
    with tempfile.TemporaryDirectory() as folder:
        ratios.append(measure("sqlite", sqlite_url(folder, "mi"), args.items, args.small))
    url = None if args.no_postgres else postgres_url("kooperacja_bench_mi")
    if url:
        ratios.append(measure("postgres", url, args.items, args.small))
    print(f"ratio per-item {args.items}/{args.small}: {max(ratios):.2f}")


if __name__ == "__main__":
    main()
