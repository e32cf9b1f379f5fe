"""Make SpiffWorkflow's timers and the diagrams' scripts read the engine's clock.

SpiffWorkflow's timer event definitions call ``datetime.now(timezone.utc)`` on the module-level
``datetime`` name, and scripts call ``datetime.now()`` or ``date.today()``. Both get
``ClockedDatetime``/``ClockedDate`` instead: their ``now``/``today`` ask the clock active in the
current context (the engine activates its clock around every workflow step) and fall back to the
real time otherwise, so nothing else in the process is affected. They only ever create plain
``datetime``/``date`` objects, so task data stays serializable, and ``isinstance`` treats any
``datetime`` as theirs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime

from SpiffWorkflow.bpmn.specs.event_definitions import timer as _timer_module

from engine.clock import Clock

_active_clock: ContextVar[Clock | None] = ContextVar("kooperacja_clock", default=None)


def _now(tz=None) -> datetime:
    clock = _active_clock.get()
    if clock is None:
        return datetime.now(tz)
    moment = clock.now()
    return moment.astimezone(tz) if tz is not None else moment.replace(tzinfo=None)


def active_now() -> datetime | None:
    """The time of the clock in effect, or None when no engine clock is active."""
    clock = _active_clock.get()
    return None if clock is None else clock.now()


class _PlainInstances(type):
    """Instances are plain ``datetime``/``date``; ``isinstance`` accepts any of those."""

    def __instancecheck__(cls, instance):
        return isinstance(instance, cls.__mro__[1])


class ClockedDatetime(datetime, metaclass=_PlainInstances):
    def __new__(cls, *args, **kwargs):
        return datetime(*args, **kwargs)

    @classmethod
    def now(cls, tz=None):
        return _now(tz)

    @classmethod
    def today(cls):
        return _now()

    @classmethod
    def utcnow(cls):
        return _now(UTC).replace(tzinfo=None)


class ClockedDate(date, metaclass=_PlainInstances):
    def __new__(cls, *args, **kwargs):
        return date(*args, **kwargs)

    @classmethod
    def today(cls):
        return _now().date()


_timer_module.datetime = ClockedDatetime


@contextmanager
def clock_in_effect(clock: Clock) -> Iterator[None]:
    """Let SpiffWorkflow timers read ``clock`` for the duration of the block."""
    token = _active_clock.set(clock)
    try:
        yield
    finally:
        _active_clock.reset(token)
