"""The case list: keyset pages of the cases an actor may see, and counts by status."""

from __future__ import annotations

from sqlalchemy import func, select

from engine.access.acting import acting, require_operation
from engine.access.audit import audit
from engine.access.visibility import visible_case_ids, visible_cases
from engine.db.models import CaseFact, ProcessInstance
from engine.dto import Actor
from engine.dto.pages import ListRequest, Page
from engine.store.case_lists import case_page
from engine.store.context import EngineContext

_INSTANCE, _FACT = ProcessInstance.__table__, CaseFact.__table__


class CaseLists:
    """The lists part of ``RuntimeService``."""

    _ctx: EngineContext

    def cases_of(self, actor: Actor, request: ListRequest | None = None) -> Page:
        """One keyset page of the cases the actor may see (``access.visibility.visible_cases``), newest
        first, with the total; summaries only, each page view audited as one ``case.list`` read.

        The system belongs to no institution and gets none."""
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            require_operation(who, "cases:read")
            if who.institution_id is None:
                return Page()
            page = case_page(session, visible_cases(who), request or ListRequest(), now, visible_case_ids(who))
            audit(session, now, who, "case.list", shown=len(page))
            return page

    def case_counts(self, actor: Actor) -> dict[str, int]:
        """How many of the cases the actor may see have each status (``COUNT(*)``; no case data, not audited)."""
        with self._ctx.transaction(write=False) as session:
            who = acting(session, actor)
            if who.institution_id is None:
                return {}
            rows = session.execute(
                select(_INSTANCE.c.status, func.count()).where(visible_cases(who)).group_by(_INSTANCE.c.status)
            )
            return dict(rows.all())

    def case_variants(self, actor: Actor) -> list[str]:
        """The variants (``wariant``) of the cases the actor may see, sorted: what a filter can offer."""
        with self._ctx.transaction(write=False) as session:
            who = acting(session, actor)
            if who.institution_id is None:
                return []
            query = (
                select(_FACT.c.variant)
                .distinct()
                .join(_INSTANCE, _INSTANCE.c.id == _FACT.c.instance_id)
                .where(visible_cases(who), _FACT.c.variant.is_not(None))
            )
            return sorted(session.execute(query).scalars())
