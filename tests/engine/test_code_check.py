"""One piece of diagram code checked for the properties panel: the sandbox's Polish message, a timer in dates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engine.bpmn import code_check
from engine.errors import InvalidInput, NotAllowed
from tests.factories import make_directory

START = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kind", "source", "message"),
    [
        ("script", "import os", "Instrukcja import jest niedozwolona (linia 1)"),
        ("script", "x = _tajne", "zaczyna się od podkreślenia"),
        ("expression", "a >", "błąd składni"),
        ("expression", "   ", "Pusty kod"),
        ("duration", "'P999999999Y'", "sięga dalej niż 100 lat"),
        ("duration", "'za tydzień'", "nie jest zapisem ISO 8601"),
        ("duration", "14", "oczekiwano tekstu ISO 8601"),
    ],
)
def test_refused_code_is_named_in_polish(kind, source, message):
    checked = code_check.timer(kind, source, START) if kind == "duration" else code_check.check(kind, source)
    assert message in checked.problem


def test_a_literal_timer_says_when_it_fires_as_the_engine_counts_months():
    assert code_check.timer("duration", "'P14D'", START).due_at == datetime(2026, 12, 17, 9, 0, tzinfo=UTC)
    month = code_check.timer("duration", "'P1M'", START)
    assert (month.parts, month.due_at) == ((("months", 1),), datetime(2027, 1, 3, 9, 0, tzinfo=UTC))
    cycle = code_check.timer("cycle", "'R3/P1W'", START)
    assert (cycle.repeat, cycle.parts, cycle.due_at.day) == (3, (("weeks", 1),), 10)
    date = code_check.timer("date", "'2026-12-24T10:00:00+01:00'", START)
    assert date.due_at == datetime(2026, 12, 24, 9, 0, tzinfo=UTC)
    computed = code_check.timer("duration", "termin_odpowiedzi", START)
    assert (computed.problem, computed.due_at) == (None, None)


def test_only_modellers_check_code_and_only_known_kinds(engine):
    people = make_directory(engine)
    assert engine.library.check_code(people.analyst, "script", "x = 1").problem is None
    with pytest.raises(NotAllowed):
        engine.library.check_code(people.ops, "script", "x = 1")
    with pytest.raises(InvalidInput):
        engine.library.check_code(people.analyst, "shell", "ls")
    with pytest.raises(InvalidInput):
        engine.library.check_code(people.analyst, "script", "x = 1\n" * 5000)
