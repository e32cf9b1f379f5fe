"""Worklist benchmark: every task list and the case list at 1,000, 10,000 and 100,000 open cases.

How the cases are made: a few real cases are started and moved on through the engine (the test
process of tests/data: one just started, one at the PCPR's assessment, one at the family
interviews, one whose open task was escalated). Their rows in ``process_instance``,
``human_task`` and ``case_participant`` are then cloned in bulk (executemany in chunks of 5,000)
with new ids, business keys and shifted times until each database holds the wanted number of
open cases. The clones are what the lists read; they carry no workflow rows, so they can be
listed and counted but not worked on. Each size is its own database (a SQLite file, a
PostgreSQL schema), all built once and measured interleaved: per round every list is called
once on each size in turn, and a ratio is the median of the round-by-round ratios. PostgreSQL
tables are vacuumed and analysed after the bulk load (as autovacuum would do), SQLite's are not.

Measured (first page, as the engine's callers get it): ``inbox`` of an OPS worker, ``queue`` of
a PCPR specialist, ``archive`` of the OPS worker, ``escalated`` of the animator, ``cases_of`` of
the OPS worker, and the supervisor's case list filtered: cases with an overdue task (``sv_overdue``),
waiting at the family interviews (``sv_at_step``), with an open task of the PCPR (``sv_pcpr``).

Usage: python bench/worklist_bench.py [--sizes 1000,10000,100000] [--rounds N] [--no-postgres] [--keep DIR] [--cpu]
``--cpu`` times the CPU of this process (``time.process_time``) instead of the wall clock: on a loaded
machine it moves less; it does not see PostgreSQL's own work.
``--keep DIR`` keeps the databases (SQLite files in DIR, PostgreSQL schemas named after DIR) and the
people made in them (a pickle in DIR), and reuses them when they are there: the 100,000-case
databases take minutes to build. Two trees with different migrations need two DIRs.
Ends with ``ratio 100k/1k: X``: the worst list's median ratio, PostgreSQL or SQLite.
"""

from __future__ import annotations

import argparse
import pickle
import re
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import interleave, pair_ratio, postgres_url, sqlite_url  # noqa: E402
from sqlalchemy import insert, select, update  # noqa: E402

from engine import Engine  # noqa: E402
from engine.db.models import CaseParticipant, HumanTask, ProcessInstance  # noqa: E402
from engine.dto.pages import CaseFilter, ListRequest  # noqa: E402
from tests.factories import deploy_test_process, make_directory  # noqa: E402

NOMINATION = {"rodzina": "Kowalscy", "czlonkowie": ["Jan", "Ewa", "Ola"], "pilne": True}
CHUNK = 5000
_INSTANCE, _HUMAN, _PARTICIPANT = ProcessInstance.__table__, HumanTask.__table__, CaseParticipant.__table__


class Population:
    """One database with ``size`` open cases and the people whose lists are measured."""

    def __init__(self, url: str, size: int, kept: Path | None = None):
        self.engine = Engine.from_url(url)
        if kept is not None and kept.exists():  # built by an earlier run with --keep
            self.people = pickle.loads(kept.read_bytes())
            return
        deploy_test_process(self.engine)
        self.people = make_directory(self.engine)
        templates = self._templates()
        self._clone(templates, size - len(templates))
        if not self.engine.context.db.is_sqlite:  # what autovacuum does after a bulk load, before we measure
            database = self.engine.context.db.engine.execution_options(isolation_level="AUTOCOMMIT")
            with database.connect() as connection:  # VACUUM: the visibility map lets index-only scans skip the rows
                connection.exec_driver_sql("VACUUM ANALYZE process_instance, human_task, case_participant")
        if kept is not None:
            kept.write_bytes(pickle.dumps(self.people))

    def _templates(self) -> list[str]:
        """Four real cases at different points of the process; the fourth's open task is escalated."""
        tasks, runtime, people = self.engine.tasks, self.engine.runtime, self.people

        def started() -> str:
            return runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id).id

        def complete(actor, case_id: str, bpmn_id: str, data: dict) -> None:
            task = next(t for t in tasks.of_case(people.ops, case_id) if t.bpmn_id == bpmn_id)
            tasks.complete(actor, task.id, data, claim=True)

        fresh, at_pcpr, at_interviews, escalated = (started() for _ in range(4))
        for case_id in (at_pcpr, at_interviews, escalated):
            complete(people.ops, case_id, "ut_zgloszenie", NOMINATION)
        complete(people.pcpr, at_interviews, "ut_pcpr", {"ocena_pcpr": "bez uwag"})
        with self.engine.context.db.transaction() as session:
            now = self.engine.clock.now()
            session.execute(
                update(_HUMAN)
                .where(_HUMAN.c.instance_id == escalated, _HUMAN.c.status == "open")
                .values(escalated_at=now)
            )
        return [fresh, at_pcpr, at_interviews, escalated]

    def _clone(self, templates: list[str], count: int) -> None:
        with self.engine.context.db.transaction() as session:
            rows = {
                case_id: (
                    session.execute(select(_INSTANCE).where(_INSTANCE.c.id == case_id)).mappings().one(),
                    session.execute(select(_HUMAN).where(_HUMAN.c.instance_id == case_id)).mappings().all(),
                    session.execute(select(_PARTICIPANT).where(_PARTICIPANT.c.instance_id == case_id)).mappings().all(),
                )
                for case_id in templates
            }
        for first in range(0, count, CHUNK):
            instances, humans, participants = [], [], []
            for number in range(first, min(count, first + CHUNK)):
                instance, task_rows, participant_rows = rows[templates[number % len(templates)]]
                case_id, shift = str(uuid.uuid4()), timedelta(seconds=number - count)
                instances.append(
                    {
                        **instance,
                        "id": case_id,
                        "business_key": f"B/{number:07d}",
                        "created_at": instance["created_at"] + shift,
                        "updated_at": instance["updated_at"] + shift,
                    }
                )
                humans.extend(_task_clone(task, case_id, shift) for task in task_rows)
                participants.extend({**p, "instance_id": case_id} for p in participant_rows)
            with self.engine.context.db.transaction() as session:
                session.execute(insert(_INSTANCE), instances)
                session.execute(insert(_HUMAN), humans)
                session.execute(insert(_PARTICIPANT), participants)

    def lists(self) -> dict:
        tasks, runtime, people = self.engine.tasks, self.engine.runtime, self.people
        pcpr = people.institutions["pcpr"]
        return {
            "inbox": lambda: tasks.inbox(people.ops),
            "queue": lambda: tasks.queue(people.pcpr),
            "archive": lambda: tasks.archive(people.ops),
            "escalated": lambda: tasks.escalated(people.animator),
            "cases_of": lambda: runtime.cases_of(people.ops),
            "sv_overdue": lambda: runtime.cases_of(people.supervisor, _filtered(overdue=True)),
            "sv_at_step": lambda: runtime.cases_of(people.supervisor, _filtered(element="ut_wywiad")),
            "sv_pcpr": lambda: runtime.cases_of(people.supervisor, _filtered(institution_id=pcpr)),
        }


def _filtered(**wanted) -> ListRequest:
    return ListRequest(cases=CaseFilter(**wanted))


def _task_clone(task, case_id: str, shift: timedelta) -> dict:
    moved = {name: task[name] + shift for name in ("created_at", "due_at", "completed_at") if task[name] is not None}
    return {**task, **moved, "id": str(uuid.uuid4()), "instance_id": case_id}


def measure(label: str, urls: dict[int, str], rounds: int, keep: Path | None = None, clock=time.perf_counter) -> float:
    """Per list, median ms at each size and the median ratio largest/smallest; returns the worst ratio."""
    populations = {
        size: Population(url, size, keep / f"people-{label}-{size}.pickle" if keep else None)
        for size, url in urls.items()
    }
    try:
        calls = {size: population.lists() for size, population in populations.items()}
        small, large = min(urls), max(urls)
        worst = 0.0
        for name in calls[small]:
            for size in urls:  # warm up
                calls[size][name]()
            seconds = interleave({size: calls[size][name] for size in urls}, rounds, clock)
            ratio = pair_ratio(seconds[large], seconds[small])
            worst = max(worst, ratio)
            times = "  ".join(f"{size:>7}: {1000 * statistics.median(seconds[size]):8.2f} ms" for size in urls)
            print(f"{label:<9} {name:<10} {times}  ratio {ratio:5.2f}", flush=True)
        return worst
    finally:
        for population in populations.values():
            population.engine.close()


def _schema(name: str, keep: Path | None, size: int) -> str | None:
    """A PostgreSQL schema for one size: a fresh one, or the kept one when ``keep`` holds its people."""
    reuse = keep is not None and (keep / f"people-postgres-{size}.pickle").exists()
    return postgres_url(name, fresh=not reuse)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="open cases per database")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the databases in (and reuse them from) this folder")
    parser.add_argument("--cpu", action="store_true", help="time this process's CPU (not PostgreSQL's), not the wall")
    args = parser.parse_args()
    clock = time.process_time if args.cpu else time.perf_counter
    sizes = [int(size) for size in args.sizes.split(",")]
    keep = args.keep.resolve() if args.keep else None
    worst = []
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = str(keep or scratch)
        if not args.no_sqlite:
            for size in sizes:  # a file without its people is a build that did not finish
                if keep is not None and not (keep / f"people-sqlite-{size}.pickle").exists():
                    (keep / f"list{size}.db").unlink(missing_ok=True)
            urls = {size: sqlite_url(folder, f"list{size}") for size in sizes}
            worst.append(measure("sqlite", urls, args.rounds, keep, clock))
    if not args.no_postgres:
        tag = "_" + re.sub(r"\W", "_", keep.name.lower()) if keep else ""
        urls = {size: _schema(f"kooperacja_bench_list{size}{tag}", keep, size) for size in sizes}
        if all(urls.values()):
            worst.append(measure("postgres", urls, args.rounds, keep, clock))
    print(f"ratio {max(sizes) // 1000}k/{min(sizes) // 1000}k: {max(worst):.2f}")


if __name__ == "__main__":
    main()
