"""What every conformance diagram shares: the construct record, the one form, the frame of a diagram."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from tests.engine.conformance import diagrams as d
from tests.engine.conformance.diagrams import flow

LATER = timedelta(days=1, minutes=1)

#: The one form of every diagram here: the fields the plays submit.
FORM = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "uwagi": {"type": "string"},
        "wiek": {"type": "integer"},
        "wynik": {"type": "string"},
        "osoby": {"type": "array", "items": {"type": "string"}},
    },
}


@dataclass(frozen=True)
class Construct:
    bpmn: bytes
    play: Callable
    extra: tuple = ()  # more (path, content) files of the deployment
    start_data: dict | None = None  # the data the case starts with


def around(middle: list[str], first: str, last: str) -> list[str]:
    """start -> ``first`` ... ``last`` -> end; ``middle`` holds the nodes and inner flows."""
    return [d.start(), *middle, d.end("f_end"), flow("f_start", "start", first), flow("f_end", last, "end")]
