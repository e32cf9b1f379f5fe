"""The recommendations report (Księga rekomendacji) for supervisors and the ROPS: outcomes per
partnership and variant, lead times, the services most used and every recommendation written.

Codes of the model (variant, outcome, closing reason, recommendation kind) stay codes here; the page
puts them in words. Service, area and process names come resolved from the deployed forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from engine.dto.dashboards import Count


@dataclass(frozen=True)
class ReportFilter:
    partnership_id: int | None = None
    variant: str | None = None
    since: date | None = None  # inclusive
    until: date | None = None  # inclusive
    case_type: str | None = None  # whom the cases are for: "osoba", "rodzina" or "grupa" (``CASE_KINDS``)
    stage: str | None = None  # of the recommendations: the stage of the step they were written in


@dataclass(frozen=True)
class OutcomeRow:
    """The cases of one partnership and variant: nominated and closed in the period, and how their plans
    (IPW) ended at the final evaluation."""

    partnership: str
    variant: str | None
    nominated: int
    closed: int
    evaluated: int  # closed after a final evaluation
    plan_done: int  # "IPW zrealizowany"
    plan_partly: int
    plan_not_done: int


@dataclass(frozen=True)
class LeadTime:
    """Days between two dates the workers entered, over the cases that have both."""

    span: str  # "kwalifikacja", "plan", "zamkniecie": from the nomination to that date
    cases: int
    median_days: float | None
    p90_days: float | None


@dataclass(frozen=True)
class ServiceUse:
    service: str  # the service's name in the plan form
    items: int  # plan positions (cancelled ones left out)
    cases: int
    delivered: int  # positions delivered ("zrealizowana")


@dataclass(frozen=True)
class Recommendation:
    """One conclusion or recommendation, without the case's title, number or family."""

    text: str
    kind: str  # "rekomendacja", "wnioski", "ocena_koncowa", "zamkniecie"
    area: str | None  # the area's name (recommendations for the ROPS)
    case_type: str | None  # whom the case is for: "osoba", "rodzina", "grupa"; None for a case for nobody
    stage: str | None
    partnership: str
    variant: str | None
    outcome: str | None  # the case's outcome code (``wynik_sprawy``)
    written_on: date


@dataclass(frozen=True)
class RecommendationsReport:
    cases: int  # cases in the supervisor's scope matching partnership, variant and case type
    closed: int  # closed in the period
    evaluated: int  # of them, closed after a final evaluation
    plan_done: int  # of them, "IPW zrealizowany"
    projects_evaluated: int  # group cases closed after the final evaluation of their projekt socjalny
    projects_done: int  # of them, "projekt zrealizowany"
    by_partnership: tuple[OutcomeRow, ...]
    outcomes: tuple[Count, ...]
    close_reasons: tuple[Count, ...]
    lead_times: tuple[LeadTime, ...]
    services: tuple[ServiceUse, ...]
    recommendations: tuple[Recommendation, ...]
    variants: tuple[str, ...]  # the choices of the filters
    case_types: tuple[str, ...]  # the kinds of the cases in the report's scope, in ``CASE_KINDS`` order
    stages: tuple[str, ...]
    generated_at: datetime
    generated_by: str
