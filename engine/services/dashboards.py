"""Dashboards: lead time per step, cases opened and closed per month, outcomes, overdue tasks per
institution, the share of sectoral diagnoses done within 14 days; filtered by partnership, variant
and period. Everything from the query tables and ``case_fact``; no workflow is loaded.

The period selects tasks by when they were opened, cases by when they were opened or closed.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import and_, or_, select

from engine.access.acting import acting
from engine.access.audit import audit
from engine.access.visibility import require_supervisor, visible_cases
from engine.db.models import CaseEvent, CaseFact, CaseParticipant, HumanTask, Institution, ProcessInstance, User
from engine.dto import Actor
from engine.dto.dashboards import Count, Dashboard, DashboardFilter, DiagnosisShare, LeadTime, MonthCount
from engine.services.recommendations.scope import for_somebody
from engine.store.context import EngineContext

DIAGNOSIS = "ut_diagnoza_sektorowa"
DIAGNOSIS_DAYS = 14
CLOSED = ("completed", "terminated")
DAY = 86400.0


class DashboardService:
    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def figures(self, actor: Actor, where: DashboardFilter) -> Dashboard:
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            require_supervisor(who, "przeglądać wskaźniki")
            cases = _cases(who, where)
            figures = Dashboard(
                lead_times=_lead_times(session, cases, where),
                months=_months(session, cases, where),
                outcomes=_counts(session, cases, where, CaseFact.outcome),
                close_reasons=_counts(session, cases, where, CaseFact.close_reason),
                overdue_by_institution=_overdue(session, cases, now),
                diagnoses=_diagnoses(session, cases, where, now),
                variants=tuple(
                    session.execute(
                        select(CaseFact.variant)
                        .where(CaseFact.variant.is_not(None))
                        .distinct()
                        .order_by(CaseFact.variant)
                    ).scalars()
                ),
            )
            audit(session, now, who, "dashboard.read", partnership=where.partnership_id, variant=where.variant)
            return figures


def _cases(who, where: DashboardFilter):
    """The ids of the cases the supervisor sees that match the partnership and variant (cases for
    somebody: the partnership's own set-up case has no outcome of work with people)."""
    query = select(ProcessInstance.id).outerjoin(CaseFact, CaseFact.instance_id == ProcessInstance.id)
    query = query.where(visible_cases(who), for_somebody())
    if where.partnership_id is not None:
        query = query.where(ProcessInstance.partnership_id == where.partnership_id)
    if where.variant:
        query = query.where(CaseFact.variant == where.variant)
    return query


def _period(column, where: DashboardFilter) -> list:
    conditions = []
    if where.since is not None:
        conditions.append(column >= datetime.combine(where.since, time.min, UTC))
    if where.until is not None:
        conditions.append(column < datetime.combine(where.until + timedelta(days=1), time.min, UTC))
    return conditions


def _lead_times(session, cases, where) -> tuple[LeadTime, ...]:
    rows = session.execute(
        select(HumanTask.name, HumanTask.created_at, HumanTask.completed_at).where(
            HumanTask.status == "completed", HumanTask.instance_id.in_(cases), *_period(HumanTask.created_at, where)
        )
    ).all()
    durations: dict[str, list[float]] = {}
    for name, opened, done in rows:
        durations.setdefault(name, []).append((done - opened).total_seconds() / DAY)
    result = [LeadTime(name, len(days), _quantile(days, 0.5), _quantile(days, 0.9)) for name, days in durations.items()]
    return tuple(sorted(result, key=lambda row: -row.median_days))


def _quantile(values: list[float], q: float) -> float:
    """Nearest-rank quantile: the smallest value with at least ``q`` of the values at or below it."""
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(q * len(ordered)) - 1)], 1)


def _months(session, cases, where) -> tuple[MonthCount, ...]:
    opened = session.execute(
        select(ProcessInstance.created_at).where(
            ProcessInstance.id.in_(cases), *_period(ProcessInstance.created_at, where)
        )
    ).scalars()
    closed = session.execute(
        select(CaseEvent.at).where(
            CaseEvent.instance_id.in_(cases),
            or_(CaseEvent.kind == "terminated", and_(CaseEvent.kind == "completed", CaseEvent.task_id.is_(None))),
            *_period(CaseEvent.at, where),
        )
    ).scalars()
    opened_by = Counter(moment.strftime("%Y-%m") for moment in opened)
    closed_by = Counter(moment.strftime("%Y-%m") for moment in closed)
    months = sorted(set(opened_by) | set(closed_by))
    return tuple(MonthCount(month, opened_by[month], closed_by[month]) for month in months)


def _counts(session, cases, where, column) -> tuple[Count, ...]:
    """Closed cases (closed in the period) by one of their facts."""
    rows = session.execute(
        select(column)
        .join(ProcessInstance, ProcessInstance.id == CaseFact.instance_id)
        .where(
            ProcessInstance.id.in_(cases),
            ProcessInstance.status.in_(CLOSED),
            *_period(ProcessInstance.updated_at, where),
        )
    ).scalars()
    counted = Counter(value or "" for value in rows)
    return tuple(Count(label, n) for label, n in sorted(counted.items(), key=lambda item: (-item[1], item[0])))


def _overdue(session, cases, now) -> tuple[Count, ...]:
    """Open tasks past their deadline, per institution: the assignee's, else every institution playing
    the task's role in the case (a task nobody took is late for all of them)."""
    open_late = and_(HumanTask.status == "open", HumanTask.due_at < now, HumanTask.instance_id.in_(cases))
    assigned = session.execute(
        select(Institution.name)
        .select_from(HumanTask)
        .join(User, User.id == HumanTask.assignee_id)
        .join(Institution, Institution.id == User.institution_id)
        .where(open_late)
    ).scalars()
    unassigned = session.execute(
        select(Institution.name)
        .select_from(HumanTask)
        .join(
            CaseParticipant,
            and_(CaseParticipant.instance_id == HumanTask.instance_id, CaseParticipant.role == HumanTask.role),
        )
        .join(Institution, Institution.id == CaseParticipant.institution_id)
        .where(open_late, HumanTask.assignee_id.is_(None))
    ).scalars()
    counted = Counter([*assigned, *unassigned])
    return tuple(Count(name, n) for name, n in sorted(counted.items(), key=lambda item: (-item[1], item[0])))


def _diagnoses(session, cases, where, now) -> DiagnosisShare:
    rows = session.execute(
        select(HumanTask.status, HumanTask.created_at, HumanTask.completed_at).where(
            HumanTask.bpmn_id == DIAGNOSIS,
            HumanTask.status != "cancelled",
            HumanTask.instance_id.in_(cases),
            *_period(HumanTask.created_at, where),
        )
    ).all()
    limit = timedelta(days=DIAGNOSIS_DAYS)
    done = [completed - opened for status, opened, completed in rows if status == "completed"]
    late_open = [1 for status, opened, _ in rows if status == "open" and now - opened > limit]
    return DiagnosisShare(decided=len(done) + len(late_open), on_time=sum(spent <= limit for spent in done))
