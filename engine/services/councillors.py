"""Figures for councillors (radni) of a gmina or powiat: the cooperation in their gmina's partnerships as
counts only — cases by status, opened and closed per year, outcomes, closing reasons and variants. No
title, business key, id or name leaves this module, and every count from 1 to 4 is shown as "<5"
(``engine.dto.councillors.Shown``), so that no family can be recognised.

A councillor's gmina is their institution's ``gmina``; the partnerships counted are those of that gmina.
Everything comes from ``process_instance``, ``case_event`` and ``case_fact``; no workflow is loaded.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import and_, or_, select

from engine.access.acting import require_role
from engine.access.audit import audit
from engine.db.models import CaseEvent, CaseFact, Institution, Partnership, ProcessInstance
from engine.dto import Actor
from engine.dto.councillors import CouncilFigures, Figure, Shown, YearFigure, protected
from engine.errors import InvalidInput
from engine.roles import COUNCILLOR_ROLES
from engine.store.context import EngineContext

#: Every status a case can have, in the order the page lists them.
STATUSES = ("running", "suspended", "error", "completed", "terminated")
CLOSED = ("completed", "terminated")


class CouncillorService:
    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def figures(self, actor: Actor, gmina: str | None = None) -> CouncilFigures:
        """The figures of the councillor's gmina (the system names the gmina; a councillor cannot).

        Raises:
            NotAllowed: the actor is not a councillor (nor the system).
            InvalidInput: the system named no gmina.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = require_role(session, actor, tuple(COUNCILLOR_ROLES), "przeglądać liczby dla radnych")
            if not who.is_system:
                gmina = session.execute(
                    select(Institution.gmina).where(Institution.id == who.institution_id)
                ).scalar_one_or_none()
            elif not gmina:
                raise InvalidInput("Podaj gminę.")
            partnerships = (
                session.execute(select(Partnership.id, Partnership.name).where(Partnership.gmina == gmina)).all()
                if gmina
                else []
            )
            ids = [row.id for row in partnerships]
            cases = select(ProcessInstance.id).where(ProcessInstance.partnership_id.in_(ids))
            statuses = Counter(
                session.execute(select(ProcessInstance.status).where(ProcessInstance.id.in_(cases))).scalars()
            )
            closed_facts = _facts(session, cases, closed=True)
            figures = CouncilFigures(
                gmina=gmina,
                partnerships=tuple(sorted((row.name for row in partnerships), key=str.casefold)),
                cases=Shown.of(sum(statuses.values())),
                statuses=tuple(
                    Figure(status, shown)
                    for status, shown in zip(STATUSES, protected([statuses[s] for s in STATUSES]), strict=True)
                ),
                years=_years(session, cases),
                outcomes=_figures(Counter(outcome or "" for outcome, _, _ in closed_facts)),
                close_reasons=_figures(Counter(reason or "" for _, reason, _ in closed_facts)),
                variants=_figures(Counter(variant or "" for _, _, variant in _facts(session, cases, closed=False))),
            )
            audit(session, now, who, "councillors.read", gmina=gmina, partnerships=ids)
            return figures


def _facts(session, cases, closed: bool) -> list[tuple]:
    """(outcome, closing reason, variant) of every case, or of the closed ones; a case without facts counts
    as having none of them."""
    query = (
        select(CaseFact.outcome, CaseFact.close_reason, CaseFact.variant)
        .select_from(ProcessInstance)
        .outerjoin(CaseFact, CaseFact.instance_id == ProcessInstance.id)
        .where(ProcessInstance.id.in_(cases))
    )
    if closed:
        query = query.where(ProcessInstance.status.in_(CLOSED))
    return [tuple(row) for row in session.execute(query).all()]


def _years(session, cases) -> tuple[YearFigure, ...]:
    opened = session.execute(select(ProcessInstance.created_at).where(ProcessInstance.id.in_(cases))).scalars()
    closed = session.execute(
        select(CaseEvent.at).where(
            CaseEvent.instance_id.in_(cases),
            or_(CaseEvent.kind == "terminated", and_(CaseEvent.kind == "completed", CaseEvent.task_id.is_(None))),
        )
    ).scalars()
    opened_in = Counter(str(moment.year) for moment in opened)
    closed_in = Counter(str(moment.year) for moment in closed)
    years = sorted(set(opened_in) | set(closed_in))
    opened_shown = protected([opened_in[year] for year in years])
    closed_shown = protected([closed_in[year] for year in years])
    return tuple(YearFigure(*row) for row in zip(years, opened_shown, closed_shown, strict=True))


def _figures(counted: Counter) -> tuple[Figure, ...]:
    """Most frequent first, then the hidden ones by code (their order must not tell their counts)."""
    labels = sorted(counted)
    rows = [Figure(label, shown) for label, shown in zip(labels, protected([counted[k] for k in labels]), strict=True)]
    return tuple(sorted(rows, key=lambda row: (row.count.suppressed, -counted[row.label] * (not row.count.suppressed))))
