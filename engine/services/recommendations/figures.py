"""The report's figures from the matching cases: outcomes per partnership and variant, the counts of
outcomes and closing reasons, lead times between the dates workers entered, and the services used."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from engine.dto.dashboards import Count
from engine.dto.recommendations import LeadTime, OutcomeRow, ReportFilter, ServiceUse
from engine.services.recommendations.scope import CaseRow, within

DONE, PARTLY, NOT_DONE = "ipw_zrealizowany", "ipw_czesciowo_zrealizowany", "ipw_niezrealizowany"
EVALUATED = (DONE, PARTLY, NOT_DONE)  # the closing reason a final evaluation gives
#: the closing reasons the final evaluation of a group's projekt socjalny gives (ocena_koncowa_grupy)
PROJECT_DONE = "projekt_zrealizowany"
PROJECT_EVALUATED = (PROJECT_DONE, "projekt_czesciowo_zrealizowany", "projekt_niezrealizowany")
CANCELLED, DELIVERED = "anulowana", "zrealizowana"


def closed_in_period(cases: Iterable[CaseRow], where: ReportFilter) -> list[CaseRow]:
    return [case for case in cases if case.closed and within(case.closed_on, where)]


def by_partnership(cases: list[CaseRow], where: ReportFilter) -> tuple[OutcomeRow, ...]:
    groups: dict[tuple[str, str | None], list[CaseRow]] = defaultdict(list)
    for case in cases:
        groups[(case.partnership, case.variant)].append(case)
    rows = []
    for (partnership, variant), grouped in groups.items():
        closed = closed_in_period(grouped, where)
        reasons = Counter(case.close_reason for case in closed)
        rows.append(
            OutcomeRow(
                partnership=partnership,
                variant=variant,
                nominated=sum(within(case.nominated_on, where) for case in grouped),
                closed=len(closed),
                evaluated=sum(reasons[reason] for reason in EVALUATED),
                plan_done=reasons[DONE],
                plan_partly=reasons[PARTLY],
                plan_not_done=reasons[NOT_DONE],
            )
        )
    return tuple(sorted(rows, key=lambda row: (row.partnership.casefold(), row.variant or "")))


def counts(values: Iterable[str | None]) -> tuple[Count, ...]:
    counted = Counter(value or "" for value in values)
    return tuple(Count(label, n) for label, n in sorted(counted.items(), key=lambda item: (-item[1], item[0])))


#: span -> (the date it ends at, whether only closed cases count)
SPANS: dict[str, tuple[Callable[[CaseRow], object], bool]] = {
    "kwalifikacja": (lambda case: case.qualified_on, False),
    "plan": (lambda case: case.plan_approved_on, False),
    "zamkniecie": (lambda case: case.closed_on, True),
}


def lead_times(cases: list[CaseRow], where: ReportFilter) -> tuple[LeadTime, ...]:
    """Days from the nomination to the qualification, the approved plan and the closing; a span counts
    the cases whose end falls in the period."""
    result = []
    for span, (end_of, closed_only) in SPANS.items():
        days = [
            float((end_of(case) - case.nominated_on).days)
            for case in cases
            if case.nominated_on is not None
            and end_of(case) is not None
            and (case.closed or not closed_only)
            and within(end_of(case), where)
        ]
        result.append(LeadTime(span, len(days), quantile(days, 0.5), quantile(days, 0.9)))
    return tuple(result)


def quantile(values: list[float], q: float) -> float | None:
    """Nearest rank: the smallest value with at least ``q`` of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(q * len(ordered)) - 1)], 1)


def services(cases: list[CaseRow], where: ReportFilter, titles: Callable[[CaseRow], dict]) -> tuple[ServiceUse, ...]:
    """The services of the plans approved in the period, most positions first; cancelled ones left out."""
    items: Counter = Counter()
    delivered: Counter = Counter()
    in_cases: dict[str, set] = defaultdict(set)
    for case in cases:
        if case.plan_approved_on is None or not within(case.plan_approved_on, where):
            continue
        names = titles(case)
        for service, _source, status in case.services:
            if status == CANCELLED or not service:
                continue
            name = names.get(service, str(service).replace("_", " "))
            items[name] += 1
            delivered[name] += status == DELIVERED
            in_cases[name].add(case.id)
    rows = [ServiceUse(name, n, len(in_cases[name]), delivered[name]) for name, n in items.items()]
    return tuple(sorted(rows, key=lambda row: (-row.items, -row.cases, row.service.casefold())))
