"""Make SpiffWorkflow's timers read the engine's clock.

SpiffWorkflow's timer event definitions call ``datetime.now(timezone.utc)`` on the module-level
``datetime`` name. We swap that name for a subclass whose ``now`` asks the clock that is active in
the current context (the engine activates its clock around every workflow step), and falls back to
the real time otherwise, so nothing else in the process is affected.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from SpiffWorkflow.bpmn.specs.event_definitions import timer as _timer_module

from engine.clock import Clock

_active_clock: ContextVar[Clock | None] = ContextVar("kooperacja_clock", default=None)


class _ClockedDatetime(datetime):
    @classmethod
    def now(cls, tz=None):
        clock = _active_clock.get()
        if clock is None:
            return datetime.now(tz)
        moment = clock.now()
        return moment.astimezone(tz) if tz is not None else moment.replace(tzinfo=None)


_timer_module.datetime = _ClockedDatetime


@contextmanager
def clock_in_effect(clock: Clock) -> Iterator[None]:
    """Let SpiffWorkflow timers read ``clock`` for the duration of the block."""
    token = _active_clock.set(clock)
    try:
        yield
    finally:
        _active_clock.reset(token)
