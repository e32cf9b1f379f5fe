"""The recommendations report (Księga rekomendacji) for supervisors and the ROPS.

    report = engine.recommendations.report(actor, ReportFilter(partnership_id=1, since=date(2026, 1, 1)))

Outcomes and closing reasons per partnership and variant ("IPW zrealizowane: 140 z 172"), lead times
between the dates workers entered, the services of the approved plans and every recommendation written
at the end of a case. Everything from the query tables (``case_fact``, ``case_report``,
``case_recommendation``); no workflow is loaded. A supervisor sees the cases of their partnerships,
a supervisor at the ROPS the region's (``access.visibility.visible_cases``).
"""

from __future__ import annotations

from sqlalchemy import select

from engine.access.acting import acting
from engine.access.audit import audit
from engine.access.visibility import require_supervisor
from engine.db.models import CaseFact, ProcessInstance
from engine.dto import CASE_KINDS, Actor
from engine.dto.recommendations import RecommendationsReport, ReportFilter
from engine.services.documents.reading import generated_by, option_titles
from engine.services.recommendations import figures, listing
from engine.services.recommendations.scope import case_rows, kind_of
from engine.store.context import EngineContext

#: the forms naming services and recommendation areas: a family's (IPW, ROPS) and a group's (projekt)
PLAN_FORMS = ("plan_ipw.schema.json", "projekt_socjalny.schema.json")
RECOMMENDATIONS_FORMS = ("rekomendacje_rops.schema.json", "rekomendacje_projektu.schema.json")


class RecommendationService:
    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def report(self, actor: Actor, where: ReportFilter) -> RecommendationsReport:
        """The report of the supervisor's cases matching ``where``.

        The recommendations are free text workers wrote and may name people: each case whose texts the
        report hands out gets an audit entry ``recommendations.read``; the report itself ``report.read``.

        Raises:
            NotAllowed: the actor is not a supervisor.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            require_supervisor(who, "przeglądać księgę rekomendacji")
            cases = case_rows(session, who, where)
            rows = list(cases.values())
            closed = figures.closed_in_period(rows, where)
            reasons = [case.close_reason for case in closed]
            listed, sources = listing.recommendations(session, cases, where, lambda case: self._areas(session, case))
            report = RecommendationsReport(
                cases=len(rows),
                closed=len(closed),
                evaluated=sum(reason in figures.EVALUATED for reason in reasons),
                plan_done=reasons.count(figures.DONE),
                projects_evaluated=sum(reason in figures.PROJECT_EVALUATED for reason in reasons),
                projects_done=reasons.count(figures.PROJECT_DONE),
                by_partnership=figures.by_partnership(rows, where),
                outcomes=figures.counts(case.outcome for case in closed),
                close_reasons=figures.counts(reasons),
                lead_times=figures.lead_times(rows, where),
                services=figures.services(rows, where, lambda case: self._service_titles(session, case)),
                recommendations=listed,
                variants=_variants(session),
                case_types=_case_types(session),
                stages=listing.stages(session, list(cases)),
                generated_at=now,
                generated_by=generated_by(session, who, actor.label),
            )
            audit(session, now, who, "report.read", **_described(where))
            for case_id in sorted(sources):
                audit(session, now, who, "recommendations.read", case_id)
            return report

    def _forms(self, session, definition_id: int) -> dict:
        return self._ctx.definitions.get(session, definition_id).forms

    def _service_titles(self, session, case) -> dict:
        return _titles(self._forms(session, case.definition_id), PLAN_FORMS, "pozycje_planu", "usluga")

    def _areas(self, session, case) -> dict:
        return _titles(self._forms(session, case.definition_id), RECOMMENDATIONS_FORMS, "rekomendacje", "obszar")


def _titles(forms: dict, names: tuple[str, ...], *fields: str) -> dict:
    """The option titles of a field in whichever of the forms the case's version has."""
    titles: dict = {}
    for name in names:
        titles = {**option_titles(forms, name, *fields), **titles}
    return titles


def _variants(session) -> tuple[str, ...]:
    query = select(CaseFact.variant).where(CaseFact.variant.is_not(None)).distinct().order_by(CaseFact.variant)
    return tuple(session.execute(query).scalars())


def _case_types(session) -> tuple[str, ...]:
    """Whom the cases are for (a person, a family, a group), of those there are."""
    rows = session.execute(select(ProcessInstance.kind, ProcessInstance.process_id).distinct())
    kinds = {kind_of(kind, process_id) for kind, process_id in rows}
    return tuple(kind for kind in CASE_KINDS if kind in kinds)


def _described(where: ReportFilter) -> dict:
    values = {
        "partnership": where.partnership_id,
        "variant": where.variant,
        "since": where.since.isoformat() if where.since else None,
        "until": where.until.isoformat() if where.until else None,
        "case_type": where.case_type,
        "stage": where.stage,
    }
    return {key: value for key, value in values.items() if value is not None}
