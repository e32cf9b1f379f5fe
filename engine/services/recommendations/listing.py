"""Every recommendation written in the matching cases: the text with the case's type, stage of writing,
partnership, variant and outcome; never the case's title, number or family."""

from __future__ import annotations

from sqlalchemy import select

from engine.db.models import CaseRecommendation
from engine.dto.recommendations import Recommendation, ReportFilter
from engine.services.recommendations.scope import CaseRow, within

_TABLE = CaseRecommendation.__table__


def recommendations(
    session, cases: dict[str, CaseRow], where: ReportFilter, areas
) -> tuple[tuple[Recommendation, ...], set[str]]:
    """The recommendations, newest first, then in the case's order, and the ids of the cases they come
    from; ``areas`` gives the area titles of a case's forms."""
    if not cases:
        return (), set()
    query = select(_TABLE).where(_TABLE.c.instance_id.in_(list(cases)))
    if where.stage:
        query = query.where(_TABLE.c.stage == where.stage)
    rows = [row for row in session.execute(query) if within(row.recorded_on, where)]
    rows.sort(key=lambda row: (-row.recorded_on.toordinal(), row.instance_id, row.position))
    listed = tuple(_recommendation(row, cases[row.instance_id], areas(cases[row.instance_id])) for row in rows)
    return listed, {row.instance_id for row in rows}


def _recommendation(row, case: CaseRow, areas: dict) -> Recommendation:
    return Recommendation(
        text=row.text,
        kind=row.kind,
        area=areas.get(row.area, row.area) if row.area else None,
        case_type=case.kind,
        stage=row.stage,
        partnership=case.partnership,
        variant=case.variant,
        outcome=case.outcome,
        written_on=row.recorded_on,
    )


def stages(session, case_ids) -> tuple[str, ...]:
    """The stages recommendations of these cases were written in, for the filter."""
    query = select(_TABLE.c.stage).where(_TABLE.c.instance_id.in_(case_ids), _TABLE.c.stage.is_not(None))
    return tuple(sorted(set(session.execute(query.distinct()).scalars())))
