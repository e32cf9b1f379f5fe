"""The councillors' figures: counts about the cooperation in a gmina's partnerships, never a case or a
person. Each count is carried only as it may be shown: 1 to 4 as "<5" (so no family can be recognised),
0 as 0, larger counts as the number; and where a table would have one "<5" only, so that it could be
worked out from the total, one more count of that table is hidden as "x" (secondary suppression)."""

from __future__ import annotations

from dataclasses import dataclass

#: Counts below this (and above zero) are shown as "<5".
SMALL = 5
#: How a count hidden only so that a "<5" cannot be worked out from the total is shown.
HIDDEN = "x"


@dataclass(frozen=True)
class Shown:
    """A count as it may be shown; ``suppressed`` when it was 1 to 4, or hidden as "x"."""

    text: str
    suppressed: bool

    @classmethod
    def of(cls, count: int) -> Shown:
        if 0 < count < SMALL:
            return cls(f"<{SMALL}", True)
        return cls(str(count), False)

    @classmethod
    def hidden(cls) -> Shown:
        return cls(HIDDEN, True)


def protected(counts: list[int]) -> list[Shown]:
    """The counts of one table (whose total is known) as they may be shown: 1 to 4 as "<5"; if that leaves
    exactly one "<5", the smallest other non-zero count is hidden too, so that subtracting the shown
    counts from the total tells no small count."""
    shown = [Shown.of(count) for count in counts]
    small = [i for i, count in enumerate(counts) if 0 < count < SMALL]
    others = [i for i, count in enumerate(counts) if count >= SMALL]
    if len(small) == 1 and others:
        shown[min(others, key=lambda i: (counts[i], i))] = Shown.hidden()
    return shown


@dataclass(frozen=True)
class Figure:
    label: str  # a code of the model (status, outcome, closing reason, variant), never a name
    count: Shown


@dataclass(frozen=True)
class YearFigure:
    year: str  # YYYY
    opened: Shown
    closed: Shown


@dataclass(frozen=True)
class CouncilFigures:
    gmina: str | None  # None: the councillor's institution names no gmina (the page says so)
    partnerships: tuple[str, ...]  # the names of the gmina's partnerships
    cases: Shown  # every case of those partnerships
    statuses: tuple[Figure, ...]  # every case status, in a fixed order, zeros included
    years: tuple[YearFigure, ...]  # cases opened and closed per calendar year
    outcomes: tuple[Figure, ...]  # closed cases by ``wynik_sprawy``
    close_reasons: tuple[Figure, ...]  # closed cases by ``powod_zamkniecia``
    variants: tuple[Figure, ...]  # every case by ``wariant``
