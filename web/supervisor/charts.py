"""Bar charts drawn on the server as SVG (no script, no inline style: colours come from app classes).

A chart is a list of bars with the geometry the template draws; every chart stands beside the table
of the same numbers, which is what screen readers and the CSV export use.
"""

from __future__ import annotations

from dataclasses import dataclass

ROW = 28  # px per bar row
LABEL_WIDTH = 38  # % of the width for the labels


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown
    y: int
    width: float  # % of the whole chart width
    series: int = 0  # 0 or 1: which colour (e.g. opened vs closed)


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    height: int
    label_width: int = LABEL_WIDTH


def bars(rows: list[tuple[str, float, str]]) -> Chart:
    """One bar per (label, value, text)."""
    return grouped([(label, [(value, text)]) for label, value, text in rows])


def grouped(rows: list[tuple[str, list[tuple[float, str]]]]) -> Chart:
    """Bars in groups: per label one bar per series, e.g. (month, [(opened, "3"), (closed, "1")])."""
    top = max([value for _, series in rows for value, _ in series] or [0]) or 1
    room = 100 - LABEL_WIDTH - 8
    drawn, y = [], 0
    for label, series in rows:
        for index, (value, text) in enumerate(series):
            drawn.append(Bar(label if index == 0 else "", value, text, y, round(room * value / top, 2), index))
            y += ROW
        y += 6 if len(series) > 1 else 0
    return Chart(tuple(drawn), max(y, ROW))
