"""Time as the engine sees it.

Every timestamp the engine writes and every timer SpiffWorkflow evaluates comes from one ``Clock``,
so tests move time with ``FrozenClock.advance`` instead of sleeping.
"""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta


class Clock:
    """The real time, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock(Clock):
    """A clock that only moves when told to (for tests and simulations)."""

    def __init__(self, start: datetime | None = None):
        self._now = start or datetime(2026, 2, 3, 9, 0, tzinfo=UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            self._now += delta
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = moment


_DURATION = re.compile(
    r"P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:[.,]\d+)?)S)?)?"
)


def parse_duration(text: str) -> timedelta:
    """An ISO 8601 duration of a setting (``P2D``, ``PT30M``) as a timedelta; a month counts 30 days, a year 365.

    Raises:
        ValueError: not such a duration (the message is Polish, for the person who set it).
    """
    found = _DURATION.fullmatch(text.strip().upper())
    if found is None or text.strip().upper() in ("P", "PT") or text.strip().upper().endswith("T"):
        raise ValueError(f"„{text}” nie jest okresem w zapisie ISO 8601 (np. P2D, PT12H).")
    parts = {name: float((value or "0").replace(",", ".")) for name, value in found.groupdict().items()}
    return timedelta(
        weeks=parts["weeks"],
        days=parts["days"] + 30 * parts["months"] + 365 * parts["years"],
        hours=parts["hours"],
        minutes=parts["minutes"],
        seconds=parts["seconds"],
    )
