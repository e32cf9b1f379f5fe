"""The cases a report counts: those the supervisor sees (their partnerships, or the region at the ROPS),
narrowed by partnership, variant and case type, with their facts and report rows in one query.

Only cases for somebody (a person, a family, a group) count: the partnership's own case that sets the
PZK up (``kooperacja_pzk``) is no work with people and has no outcome of that work."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select

from engine.access.acting import Acting
from engine.access.visibility import visible_cases
from engine.db.models import CaseFact, CaseReport, Partnership, ProcessInstance
from engine.dto import KIND_OF_PROCESS
from engine.dto.recommendations import ReportFilter

CLOSED = ("completed", "terminated")


@dataclass(frozen=True)
class CaseRow:
    id: str
    process_id: str
    kind: str | None  # whom the case is for (``CASE_KINDS``), from its process when not chosen at start
    definition_id: int
    closed: bool
    partnership: str
    variant: str | None
    outcome: str | None
    close_reason: str | None
    nominated_on: date | None
    qualified_on: date | None
    plan_approved_on: date | None
    closed_on: date | None
    services: tuple[tuple, ...]  # (service, source, status) of the plan's positions


def cases_query(who: Acting, where: ReportFilter):
    """The ids of the matching cases, as a subquery."""
    query = select(ProcessInstance.id).outerjoin(CaseFact, CaseFact.instance_id == ProcessInstance.id)
    query = query.where(visible_cases(who), for_somebody())
    if where.partnership_id is not None:
        query = query.where(ProcessInstance.partnership_id == where.partnership_id)
    if where.variant:
        query = query.where(CaseFact.variant == where.variant)
    if where.case_type:
        query = query.where(of_kind(where.case_type))
    return query


def for_somebody():
    """Cases started for a kind of case, and the older ones whose process is for one."""
    return or_(ProcessInstance.kind.is_not(None), ProcessInstance.process_id.in_(sorted(KIND_OF_PROCESS)))


def of_kind(kind: str):
    """The cases started for ``kind``, and the older ones whose process is for it."""
    processes = sorted(process for process, its_kind in KIND_OF_PROCESS.items() if its_kind == kind)
    return or_(
        ProcessInstance.kind == kind,
        and_(ProcessInstance.kind.is_(None), ProcessInstance.process_id.in_(processes)),
    )


def kind_of(kind: str | None, process_id: str) -> str | None:
    return kind or KIND_OF_PROCESS.get(process_id)


def case_rows(session, who: Acting, where: ReportFilter) -> dict[str, CaseRow]:
    query = (
        select(
            ProcessInstance.id,
            ProcessInstance.process_id,
            ProcessInstance.kind,
            ProcessInstance.definition_id,
            ProcessInstance.status,
            Partnership.name.label("partnership"),
            CaseFact.variant,
            CaseFact.outcome,
            CaseFact.close_reason,
            CaseReport.nominated_on,
            CaseReport.qualified_on,
            CaseReport.plan_approved_on,
            CaseReport.closed_on,
            CaseReport.services,
        )
        .outerjoin(Partnership, Partnership.id == ProcessInstance.partnership_id)
        .outerjoin(CaseFact, CaseFact.instance_id == ProcessInstance.id)
        .outerjoin(CaseReport, CaseReport.instance_id == ProcessInstance.id)
        .where(ProcessInstance.id.in_(cases_query(who, where)))
    )
    return {row.id: _row(row) for row in session.execute(query)}


def _row(row) -> CaseRow:
    services = json.loads(row.services) if row.services else []
    return CaseRow(
        id=row.id,
        process_id=row.process_id,
        kind=kind_of(row.kind, row.process_id),
        definition_id=row.definition_id,
        closed=row.status in CLOSED,
        partnership=row.partnership or "—",
        variant=row.variant,
        outcome=row.outcome,
        close_reason=row.close_reason,
        nominated_on=row.nominated_on,
        qualified_on=row.qualified_on,
        plan_approved_on=row.plan_approved_on,
        closed_on=row.closed_on,
        services=tuple(tuple(item) for item in services if isinstance(item, list) and len(item) == 3),
    )


def within(day: date | None, where: ReportFilter) -> bool:
    """Whether a date lies in the filter's period; with no period every case counts, dated or not."""
    if where.since is None and where.until is None:
        return True
    if day is None:
        return False
    return (where.since is None or day >= where.since) and (where.until is None or day <= where.until)
