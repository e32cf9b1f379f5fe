"""Bounds on what diagram code hands back: the size of its data and how far its timers reach.

A script can build, within its memory budget, a value that only explodes later: ``[s] * 10**6``
holds one string a million times, which costs nothing in memory and a terabyte once written as
JSON. ``check_size`` counts such a value the way saving it would, and stops counting as soon as
the bound is passed. A timer duration of ``P999999999Y`` makes SpiffWorkflow add a billion months
one by one; ``check_timer`` refuses a duration beyond ``MAX_TIMER_YEARS`` before it gets there.
"""

from __future__ import annotations

import ast
import os
import re
from datetime import date, datetime, time, timedelta

from engine.bpmn.limits import ScriptLimitExceeded

#: Characters (plus a few per number and container) that one script or expression may hand back.
MAX_DATA_SIZE = int(os.environ.get("KOOPERACJA_SCRIPT_MAX_DATA", 5_000_000))
#: How far ahead a timer may be set.
MAX_TIMER_YEARS = 100

_SCALAR_SIZE = 8
_DURATION_PART = re.compile(r"(\d+(?:[.,]\d+)?)([YMWDHS])")


def check_size(value, limit: int = MAX_DATA_SIZE) -> None:
    """Raise ScriptLimitExceeded when ``value`` would take more than ``limit`` characters saved."""
    size = 0
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str | bytes):
            size += len(item) + 2
        elif isinstance(item, dict):
            size += 2 + len(item)
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            size += 2 + len(item)
            pending.extend(item)
        else:
            size += _SCALAR_SIZE
        if size > limit:
            raise ScriptLimitExceeded(
                f"Wynik kodu diagramu jest zbyt duży (ponad {limit} znaków po zapisaniu); "
                "nie można go przechować w danych sprawy."
            )


def check_timer(value) -> None:
    """Refuse a timer value (date, duration or cycle) that SpiffWorkflow could not handle quickly."""
    if isinstance(value, datetime | date | time | timedelta):
        return
    if not isinstance(value, str):
        raise ScriptLimitExceeded(
            f"Wyrażenie timera daje wartość typu {type(value).__name__}; oczekiwano tekstu ISO 8601 (np. 'P3D')."
        )
    if len(value) > 200:
        raise ScriptLimitExceeded("Wyrażenie timera daje zbyt długi tekst (ponad 200 znaków).")
    for part in value.upper().split("/"):
        if part.startswith("P"):
            _check_duration(part)


def literal_timer_problems(expression: str) -> list[str]:
    """Why a timer written as a literal (``'P999999999Y'``) is refused when the diagram is checked."""
    try:
        value = ast.literal_eval(expression.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return []  # not a literal: checked when the expression is evaluated
    try:
        check_timer(value)
    except ScriptLimitExceeded as refused:
        return [f"Wyrażenie timera: {refused}"]
    return []


def _check_duration(text: str) -> None:
    date_part, _, time_part = text[1:].partition("T")
    years = months = days = 0.0
    for number, unit in _DURATION_PART.findall(date_part):
        amount = float(number.replace(",", "."))
        years += amount if unit == "Y" else 0
        months += amount if unit == "M" else 0
        days += amount * (7 if unit == "W" else 1) if unit in "WD" else 0
    for number, unit in _DURATION_PART.findall(time_part):
        amount = float(number.replace(",", "."))
        days += amount / {"H": 24, "M": 1440, "S": 86400}.get(unit, 1)
    if years + months / 12 + days / 365 > MAX_TIMER_YEARS:
        raise ScriptLimitExceeded(
            f"Timer ustawiony na „{text}” sięga dalej niż {MAX_TIMER_YEARS} lat; popraw wyrażenie timera."
        )
