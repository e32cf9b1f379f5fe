"""The supervisor's figures: each a titled table of rows, so the page draws a chart and the same table,
and the CSV export writes the same rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DashboardFilter:
    partnership_id: int | None = None
    variant: str | None = None
    since: date | None = None  # inclusive
    until: date | None = None  # inclusive


@dataclass(frozen=True)
class LeadTime:
    step: str
    done: int
    median_days: float
    p90_days: float


@dataclass(frozen=True)
class MonthCount:
    month: str  # YYYY-MM
    opened: int
    closed: int


@dataclass(frozen=True)
class Count:
    label: str  # a data value (outcome, reason) or an institution's name
    count: int


@dataclass(frozen=True)
class DiagnosisShare:
    decided: int  # done, or open for more than 14 days
    on_time: int  # done within 14 days

    @property
    def share(self) -> float | None:
        return self.on_time / self.decided if self.decided else None


@dataclass(frozen=True)
class Dashboard:
    lead_times: tuple[LeadTime, ...]
    months: tuple[MonthCount, ...]
    outcomes: tuple[Count, ...]
    close_reasons: tuple[Count, ...]
    overdue_by_institution: tuple[Count, ...]
    diagnoses: DiagnosisShare
    variants: tuple[str, ...]  # the variants cases have, for the filter
