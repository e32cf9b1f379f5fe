"""The worker's task lists (inbox, queue, archive, escalated): keyset pages, honest counts, search in SQL.

Lists are SQL over ``human_task`` (see ``store.task_lists``); no workflow is loaded to answer them.
"""

from __future__ import annotations

from sqlalchemy import and_, literal_column, or_, select

from engine.access.acting import Acting, acting, require_operation
from engine.access.visibility import visible_cases
from engine.db.models import CaseParticipant, HumanTask, ProcessInstance, UserRole
from engine.dto import Actor
from engine.dto.pages import ListRequest, Page
from engine.dto.task_page import TaskListing
from engine.errors import NotAllowed
from engine.roles import LEAD_ROLES
from engine.store import task_lists
from engine.store.context import EngineContext

_HUMAN = HumanTask.__table__


class TaskLists:
    """The lists part of ``TaskService``."""

    _ctx: EngineContext

    def inbox(self, actor: Actor, request: ListRequest | None = None) -> Page:
        """Open tasks assigned to the actor, due first (by due date), then the rest by creation."""
        return self._page(actor, request, _inbox, "termin")

    def queue(self, actor: Actor, request: ListRequest | None = None) -> Page:
        """Open, unassigned tasks of the actor's roles in running cases where their institution plays that role."""
        return self._page(actor, request, _queue, "termin", joins=_queue_joins)

    def escalated(self, actor: Actor, request: ListRequest | None = None) -> Page:
        """Open tasks whose deadline passed and was escalated: all for supervisors, their cases' for animators."""
        return self._page(actor, request, _escalated, "termin")

    def archive(self, actor: Actor, request: ListRequest | None = None) -> Page:
        """Tasks the actor completed, newest first."""
        return self._page(actor, request, _archive, "zakonczone")

    def of_institution(self, actor: Actor, request: ListRequest | None = None) -> Page:
        """Open tasks of running cases in the roles the actor's institution is admitted to in each case,
        due first: what an external system (an API token, acting for its institution) may see to do.
        Needs ``tasks:read`` from a token."""
        with self._ctx.transaction(write=False) as session:
            who = acting(session, actor)
            require_operation(who, "tasks:read")
            if who.institution_id is None:
                return Page()
            conditions = [
                _HUMAN.c.status == "open",
                ProcessInstance.status == "running",
                _meant_for(who),
            ]
            join = _institution_joins(who)
            return task_lists.task_page(session, conditions, request or ListRequest(), "termin", join)

    def counts(self, actor: Actor) -> dict[str, int]:
        """How many tasks the inbox, the queue and the archive hold (``COUNT(*)`` each, one transaction)."""
        with self._ctx.transaction(write=False) as session:
            who = acting(session, actor)
            if who.is_system:
                return {"inbox": 0, "queue": 0, "archive": 0}
            return {
                "inbox": task_lists.count(session, _inbox(who)),
                "queue": task_lists.count(session, _queue(who), _queue_joins(who)),
                "archive": task_lists.count(session, _archive(who)),
            }

    def listing(
        self, actor: Actor, which: str, request: ListRequest | None = None, escalated: bool = False
    ) -> TaskListing:
        """A page of the list ``which`` (``inbox``, ``queue``, ``archive``) with the three lists' counts (as
        ``counts``) and, with ``escalated``, the ``escalated`` list: what a list page shows, in one transaction.
        The page's own count is its list's when no search or deadline filter narrows it (counted once)."""
        request = request or ListRequest()
        with self._ctx.transaction(write=False) as session:
            who = acting(session, actor)
            if who.is_system:
                return TaskListing(Page(), dict.fromkeys(_LISTS, 0), Page() if escalated else None)
            urgent = task_lists.task_page(session, _escalated(who), ListRequest(), "termin") if escalated else None
            conditions, joins, default_sort = _LISTS[which]
            join = joins(who) if joins is not None else None
            page = task_lists.task_page(session, conditions(who), request, default_sort, join)
            whole = not request.search and request.due_before is None
            counts = {
                name: (_of_page(page) if name == which and whole else _count(session, who, name)) for name in _LISTS
            }
            return TaskListing(page, counts, urgent)

    def in_queue(self, actor: Actor, task_id: str) -> bool:
        """Whether the task is in the actor's queue (they may claim it)."""
        with self._ctx.transaction(write=False) as session:
            who = acting(session, actor)
            return queued(session, who, task_id)

    def _page(self, actor: Actor, request: ListRequest | None, conditions, default_sort: str, joins=None) -> Page:
        with self._ctx.transaction(write=False) as session:
            who = acting(session, actor)
            if who.is_system:
                return Page()
            join = joins(who) if joins is not None else None
            return task_lists.task_page(session, conditions(who), request or ListRequest(), default_sort, join)


def queued(session, who: Acting, task_id: str) -> bool:
    """Whether the task is in the actor's queue (``in_queue``)."""
    if who.is_system:
        return False
    return task_lists.count(session, [*_queue(who), _HUMAN.c.id == task_id], _queue_joins(who)) > 0


def _of_page(page: Page) -> int:
    """A list's count as ``count`` gives it, from a page of the whole list (over the limit: the limit + 1)."""
    return page.total + 1 if page.more else page.total


def _count(session, who: Acting, name: str) -> int:
    conditions, joins, _sort = _LISTS[name]
    return task_lists.count(session, conditions(who), joins(who) if joins is not None else None)


def _inbox(who: Acting) -> list:
    return [_HUMAN.c.assignee_id == who.id, _HUMAN.c.status == "open"]


def _queue(who: Acting) -> list:
    return [
        _HUMAN.c.role.in_(sorted(who.roles)),
        _HUMAN.c.status == "open",
        _HUMAN.c.assignee_id.is_(None),
        ProcessInstance.status == "running",
        _meant_for(who),
    ]


def _played_here(who: Acting, *also):
    """The join: the actor's institution plays the task's role in the task's case (and ``also``)."""
    return and_(
        CaseParticipant.instance_id == HumanTask.instance_id,
        CaseParticipant.role == HumanTask.role,
        CaseParticipant.institution_id == who.institution_id,
        *also,
    )


def _meant_for(who: Acting):
    """A task for any institution of its role, or for the actor's (not another provider's order)."""
    return or_(_HUMAN.c.institution.is_(None), _HUMAN.c.institution == who.institution_name)


def _queue_joins(who: Acting):
    """The institution plays the task's role in the case, and the person holds that role."""

    def join(query):
        return query.join(CaseParticipant, _played_here(who)).join(
            UserRole, and_(UserRole.user_id == who.id, UserRole.role == HumanTask.role)
        )

    return join


def _institution_joins(who: Acting):
    """The institution plays the task's role in the case and is admitted to it."""

    def join(query):
        return query.join(CaseParticipant, _played_here(who, CaseParticipant.admitted_at.is_not(None)))

    return join


def _escalated(who: Acting) -> list:
    found = [_HUMAN.c.status == "open", _HUMAN.c.escalated_at.is_not(None)]
    if who.supervises:
        return [*found, visible_cases(who)]
    if not who.roles & LEAD_ROLES:
        raise NotAllowed("Eskalacje widzą animatorzy i superwizorzy.")
    led = (  # SELECT 1, not *: SQLite then probes the participant's key alone, not its row
        select(literal_column("1"))
        .where(
            CaseParticipant.instance_id == _HUMAN.c.instance_id,
            CaseParticipant.role.in_(sorted(LEAD_ROLES)),
            CaseParticipant.institution_id == who.institution_id,
        )
        .exists()
    )
    return [*found, led]


def _archive(who: Acting) -> list:
    return [_HUMAN.c.completed_by == who.id]


#: The worker's three lists: conditions, joins and default order.
_LISTS = {
    "inbox": (_inbox, None, "termin"),
    "queue": (_queue, _queue_joins, "termin"),
    "archive": (_archive, None, "zakonczone"),
}
