"""One piece of diagram code checked on its own, as the analyst types it, and what a literal timer means.

The properties panel asks before saving: a script, a condition or a timer expression compiled in the
sandbox exactly as the deployment check compiles it (``conventions``), with the same Polish message.
A timer written as a literal (``'P14D'``, ``'2026-12-17T09:00:00+01:00'``, ``'R3/P1D'``) is read by
SpiffWorkflow's own parser, so the date shown is the date the engine would set.
"""

from __future__ import annotations

import ast
from datetime import datetime

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

from engine.bpmn import bounds
from engine.bpmn.conventions import compile_problems
from engine.bpmn.sandbox import compile_expression, compile_script
from engine.dto.library import CodeCheck

KINDS = {"script": (compile_script, "skrypt"), "expression": (compile_expression, "wyrażenie")}
TIMER_KINDS = ("duration", "date", "cycle")
_UNITS = ("years", "months", "weeks", "days", "hours", "minutes", "seconds")


def check(kind: str, source: str) -> CodeCheck:
    """``kind`` is ``script``, ``expression`` or one of ``TIMER_KINDS`` (a timer's expression)."""
    compiler, label = KINDS.get(kind, (compile_expression, "wyrażenie timera"))
    try:
        problems = compile_problems(source, compiler, label)
    except (RecursionError, MemoryError, ValueError):
        problems = [f"Kod jest zbyt złożony albo zawiera niedozwolone znaki ({label})."]
    if kind in TIMER_KINDS and not problems:
        problems = bounds.literal_timer_problems(source)
    return CodeCheck(problems[0] if problems else None)


def timer(kind: str, expression: str, start: datetime) -> CodeCheck:
    """The check of a timer expression and, for a literal, when it fires counted from ``start``."""
    checked = check(kind, expression)
    if checked.problem is not None:
        return checked
    try:
        value = ast.literal_eval(expression.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return checked  # computed from case data: known only when the timer starts
    if not isinstance(value, str):
        return CodeCheck("Wyrażenie timera musi dawać tekst w zapisie ISO 8601, np. 'P14D'.")
    try:
        return _literal(kind, value.strip(), start)
    except Exception:  # SpiffWorkflow's parser raises bare exceptions for malformed text
        return CodeCheck(f"„{value[:60]}” nie jest zapisem ISO 8601 tego rodzaju timera (np. 'P14D').")


def _literal(kind: str, text: str, start: datetime) -> CodeCheck:
    if kind == "date":
        return CodeCheck(None, due_at=TimerEventDefinition.get_datetime(text))
    repeat = None
    if kind == "cycle":
        parts = text.upper().replace("--", "/").strip("R").split("/")
        repeat, text = (int(parts[0]) if parts[0] else -1), parts[-1]
    parsed = TimerEventDefinition.parse_iso_duration(text)
    parts = tuple((unit, parsed[unit]) for unit in _UNITS if parsed.get(unit))
    due = start + TimerEventDefinition.get_timedelta_from_start(dict(parsed), start)
    return CodeCheck(None, parts=parts, due_at=due, repeat=repeat)
