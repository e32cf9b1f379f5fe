"""What the benchmarks share: database URLs (a SQLite file, a PostgreSQL schema) and interleaved timing.

Variants are timed *interleaved* in one process (A, B, A, B, …) and every ratio is computed pair by
pair, then the median of the pairs is reported: a change in machine load during the run moves both
halves of a pair alike, so the ratio holds on a noisy, shared machine.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from engine.db.database import Database  # noqa: E402

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def sqlite_url(folder: str, name: str = "bench") -> str:
    url = f"sqlite:///{folder}/{name}.db"
    Database(url).migrate()
    return url


def postgres_url(schema: str, fresh: bool = True) -> str | None:
    """A fresh (or, with ``fresh=False``, the existing), migrated schema on the local PostgreSQL, or None
    (printed) when there is none."""
    base = os.environ.get("KOOPERACJA_BENCH_POSTGRES_URL") or os.environ.get(
        "KOOPERACJA_TEST_POSTGRES_URL", DEFAULT_POSTGRES
    )
    try:
        admin = create_engine(base)
        with admin.begin() as connection:
            if fresh:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
        admin.dispose()
    except Exception as error:  # noqa: BLE001 - report and carry on without PostgreSQL
        print(f"PostgreSQL unavailable ({error.__class__.__name__}): skipping it")
        return None
    separator = "&" if "?" in base else "?"
    url = f"{base}{separator}options=-csearch_path%3D{schema}"
    Database(url).migrate()
    return url


def timed(work: Callable[[], object], clock: Callable[[], float] = time.perf_counter) -> float:
    began = clock()
    work()
    return clock() - began


def interleave(
    variants: dict[str, Callable[[], object]], rounds: int, clock: Callable[[], float] = time.perf_counter
) -> dict[str, list[float]]:
    """Seconds per call of each variant, the variants called in turn ``rounds`` times; ``clock``:
    ``time.process_time`` counts this process's CPU time only (less moved by the machine's load, blind to
    a database server's work)."""
    seconds: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, work in variants.items():
            seconds[name].append(timed(work, clock))
    return seconds


def pair_ratio(numerator: list[float], denominator: list[float]) -> float:
    """The median of the round-by-round ratios ``numerator[i] / denominator[i]``."""
    return statistics.median(a / b for a, b in zip(numerator, denominator, strict=True))
