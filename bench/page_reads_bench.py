"""The reads behind two pages, the separate engine calls against the one call that replaced them, interleaved.

On PostgreSQL (a fresh schema), with the test process deployed and one social worker holding ROUNDS open
tasks in their inbox:

- task page: ``tasks.get`` + ``runtime.case`` + ``tasks.of_case`` + ``casefile.task_context`` (+
  ``tasks.in_queue`` for an unclaimed task), as the page read it, against ``task_page.get``;
- inbox: ``tasks.inbox`` + ``tasks.counts`` against ``tasks.listing(..., "inbox")``.

Each round calls every variant once, in turn (``common.interleave``), and the ratio is taken round by
round; prints the median ms of each variant and ends with ``ratio task page one/separate: X``.

Usage: python bench/page_reads_bench.py [--rounds 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import interleave, postgres_url  # noqa: E402

from engine import Engine  # noqa: E402
from engine.dto import Actor  # noqa: E402
from tests.factories import ADMIN, OPS_ROLE, deploy_test_process, make_directory  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--schema", default="kooperacja_bench_pages")
    args = parser.parse_args()
    url = postgres_url(args.schema)
    if url is None:
        raise SystemExit("this benchmark needs PostgreSQL")
    engine = Engine.from_url(url)
    try:
        deploy_test_process(engine)
        people = make_directory(engine)
        info = engine.directory.add_user(ADMIN, "ops.bench", "Pracownik", people.institutions["gops"], [OPS_ROLE])
        actor = Actor(info.id, "ops.bench")
        for _ in range(20):
            engine.runtime.start(actor, "test_sprawa", partnership_id=people.partnership_id)
        task = engine.tasks.inbox(actor)[0]

        def separate_task_page():
            detail = engine.tasks.get(actor, task.id)
            engine.runtime.case(actor, task.case_id)
            engine.tasks.of_case(actor, task.case_id)
            engine.casefile.task_context(actor, task.id)
            if detail.task.status == "open" and detail.task.assignee_id is None:
                engine.tasks.in_queue(actor, task.id)

        def separate_inbox():
            engine.tasks.inbox(actor)
            engine.tasks.counts(actor)

        seconds = interleave(
            {
                "task page, separate": separate_task_page,
                "task page, one": lambda: engine.task_page.get(actor, task.id),
                "inbox, separate": separate_inbox,
                "inbox, one": lambda: engine.tasks.listing(actor, "inbox"),
            },
            args.rounds,
        )
    finally:
        engine.close()
    for name, taken in seconds.items():
        print(f"{name:<22} median {1000 * statistics.median(taken):7.2f} ms")
    ratios = {}
    for page in ("task page", "inbox"):
        pairs = zip(seconds[f"{page}, one"], seconds[f"{page}, separate"], strict=True)
        ratios[page] = statistics.median(one / separate for one, separate in pairs)
    print(f"ratio inbox one/separate: {ratios['inbox']:.2f}")
    print(f"ratio task page one/separate: {ratios['task page']:.2f}")


if __name__ == "__main__":
    main()
