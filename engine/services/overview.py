"""Process overview: where the open cases of each deployed process version wait, and how many overdue.

Counts come from the query tables only (``human_task``, ``timer``, ``message_subscription``), never
from workflows, so the overview stays cheap with many cases. A timer is put on the diagram by its
event's name, a subscription by its message's name (``engine.bpmn.elements``).
"""

from __future__ import annotations

from sqlalchemy import case, distinct, func, select

from engine.access.acting import acting
from engine.access.audit import audit
from engine.access.visibility import require_supervisor, visible_cases
from engine.bpmn import elements
from engine.db.models import HumanTask, MessageSubscription, ProcessDefinition, ProcessInstance, Timer
from engine.dto import Actor
from engine.dto.overview import HeatMap, HeatRow, ProcessVersion, WaitingCases
from engine.errors import NotFound
from engine.services.case_map import process_file
from engine.store.context import EngineContext

OPEN = ("running", "error", "suspended")
_CASE = ProcessInstance.__table__


class OverviewService:
    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def versions(self, actor: Actor) -> list[ProcessVersion]:
        """Every deployed process version that has cases the supervisor sees, newest version first."""
        with self._ctx.transaction(write=False) as session:
            who = acting(session, actor)
            require_supervisor(who, "przeglądać przebieg procesów")
            open_cases = func.count(ProcessInstance.id).filter(ProcessInstance.status.in_(OPEN))
            rows = session.execute(
                select(ProcessDefinition.id, ProcessDefinition.process_id, ProcessDefinition.name, open_cases)
                .join(ProcessInstance, ProcessInstance.definition_id == ProcessDefinition.id)
                .where(visible_cases(who))
                .group_by(ProcessDefinition.id, ProcessDefinition.process_id, ProcessDefinition.name)
                .order_by(ProcessDefinition.process_id, ProcessDefinition.id.desc())
            ).all()
            version = {row[0]: self._ctx.definitions.get(session, row[0]).version_number for row in rows}
            return [ProcessVersion(row[0], row[1], row[2], version[row[0]], row[3]) for row in rows]

    def heat_map(self, actor: Actor, definition_id: int, process_id: str | None = None) -> HeatMap:
        """Per element of the diagram ``process_id`` (default: the version's own process), the open cases
        of the version waiting there and how many of them are overdue."""
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            require_supervisor(who, "przeglądać przebieg procesów")
            definition = self._ctx.definitions.get(session, definition_id)
            diagrams = _diagrams(definition)
            shown = process_id or definition.process_id
            if shown not in dict(diagrams):
                raise NotFound("Ten proces nie należy do tej wersji.")
            spec = definition.spec if shown == definition.process_id else definition.subprocess_specs[shown]
            specs = elements.drawn_together(spec, definition.subprocess_specs)
            cases = select(_CASE.c.id).where(
                _CASE.c.definition_id == definition_id, _CASE.c.status.in_(OPEN), visible_cases(who)
            )
            rows = _rows(session, specs, cases, now)
            open_cases = session.execute(select(func.count()).select_from(cases.subquery())).scalar_one()
            audit(session, now, who, "process.overview", definition=definition_id, process=shown)
            return HeatMap(
                definition_id, shown, dict(diagrams)[shown], definition.version_number, diagrams, open_cases, rows
            )

    def cases_at(self, actor: Actor, definition_id: int, element_id: str, overdue: bool = False) -> WaitingCases:
        """The version's open cases (that the supervisor sees) waiting at the element, and its name."""
        now = self._ctx.clock.now()
        with self._ctx.transaction(write=False) as session:
            who = acting(session, actor)
            require_supervisor(who, "przeglądać przebieg procesów")
            definition = self._ctx.definitions.get(session, definition_id)
            specs = [definition.spec, *definition.subprocess_specs.values()]
            cases = select(_CASE.c.id).where(
                _CASE.c.definition_id == definition_id, _CASE.c.status.in_(OPEN), visible_cases(who)
            )
            found: set[str] = set()
            for query in _waiting_at(specs, element_id, cases, now, overdue):
                found.update(session.execute(query).scalars())
            name = next((elements.names(spec)[element_id] for spec in specs if element_id in elements.names(spec)), "")
            return WaitingCases(element_id, name, frozenset(found))

    def diagram(self, actor: Actor, definition_id: int, process_id: str) -> str:
        with self._ctx.transaction(write=False) as session:
            require_supervisor(acting(session, actor), "przeglądać przebieg procesów")
            definition = self._ctx.definitions.get(session, definition_id)
            if process_id not in dict(_diagrams(definition)):
                raise NotFound("Ten proces nie należy do tej wersji.")
            return process_file(session, definition.deployment_id, process_id)


def _diagrams(definition) -> tuple[tuple[str, str], ...]:
    called = elements.called(definition.spec, definition.subprocess_specs)
    specs = definition.subprocess_specs
    return ((definition.process_id, definition.name), *((p, specs[p].description or p) for p in called if p in specs))


def _rows(session, specs: list, cases, now) -> tuple[HeatRow, ...]:
    names = {key: value for spec in specs for key, value in elements.names(spec).items()}
    timers = {key: ids for spec in specs for key, ids in elements.timers(spec).items()}
    messages = {key: ids for spec in specs for key, ids in elements.message_catchers(spec).items()}
    rows: list[HeatRow] = []
    human = session.execute(
        select(HumanTask.bpmn_id, func.count(distinct(HumanTask.instance_id)), _overdue(HumanTask, now))
        .where(HumanTask.status == "open", HumanTask.instance_id.in_(cases), HumanTask.bpmn_id.in_(list(names)))
        .group_by(HumanTask.bpmn_id)
    ).all()
    rows += [HeatRow(bpmn_id, names[bpmn_id], "task", waiting, late) for bpmn_id, waiting, late in human]
    pending = session.execute(
        select(Timer.name, func.count(distinct(Timer.instance_id)), _overdue(Timer, now))
        .where(Timer.instance_id.in_(cases), Timer.name.in_(list(timers)))
        .group_by(Timer.name)
    ).all()
    rows += [HeatRow(i, names[i], "timer", waiting, late) for name, waiting, late in pending for i in timers[name]]
    on_tasks = {key: task for spec in specs for key, task in elements.on_peoples_tasks(spec).items()}
    subscribed = session.execute(
        select(MessageSubscription.message_name, func.count(distinct(MessageSubscription.instance_id)))
        .where(MessageSubscription.instance_id.in_(cases), MessageSubscription.message_name.in_(list(messages)))
        .group_by(MessageSubscription.message_name)
    ).all()
    rows += [
        HeatRow(i, names[i], "message", waiting, 0)
        for name, waiting in subscribed
        for i in messages[name]
        if i not in on_tasks
    ]
    tasks_open = {row[0]: row[1] for row in human}
    rows += [
        HeatRow(i, names[i], "message", tasks_open[task], 0, names[task])
        for i, task in on_tasks.items()
        if task in tasks_open
    ]
    order = {"task": 0, "timer": 1, "message": 2}
    return tuple(sorted(rows, key=lambda row: (order[row.kind], -row.waiting, row.name)))


def _overdue(table, now):
    """How many distinct cases have the row overdue (CASE, not FILTER: the same SQL on SQLite and PostgreSQL)."""
    return func.count(distinct(case((table.due_at < now, table.instance_id))))


def _waiting_at(specs: list, element_id: str, cases, now, overdue: bool) -> list:
    names = {key: value for spec in specs for key, value in elements.names(spec).items()}
    timers = [n for spec in specs for n, ids in elements.timers(spec).items() if element_id in ids]
    messages = [n for spec in specs for n, ids in elements.message_catchers(spec).items() if element_id in ids]
    on_task = next((t for spec in specs for b, t in elements.on_peoples_tasks(spec).items() if b == element_id), None)
    queries = []
    if element_id in names:
        human = select(HumanTask.instance_id).where(
            HumanTask.status == "open", HumanTask.bpmn_id == element_id, HumanTask.instance_id.in_(cases)
        )
        queries.append(human.where(HumanTask.due_at < now) if overdue else human)
    if timers:
        timer = select(Timer.instance_id).where(Timer.name.in_(timers), Timer.instance_id.in_(cases))
        queries.append(timer.where(Timer.due_at < now) if overdue else timer)
    if on_task is not None and not overdue:  # waits while its task is open
        queries.append(
            select(HumanTask.instance_id).where(
                HumanTask.status == "open", HumanTask.bpmn_id == on_task, HumanTask.instance_id.in_(cases)
            )
        )
    elif messages and not overdue:
        queries.append(
            select(MessageSubscription.instance_id).where(
                MessageSubscription.message_name.in_(messages), MessageSubscription.instance_id.in_(cases)
            )
        )
    return queries
