"""Case map service: a case on its diagram (per element what ran, runs, waits), the diagram files, and
an element's data for supervisors.

Element states come from the stored workflow (``engine.bpmn.element_states``); the people's tasks and
the history of each element from the query tables (``human_task``, ``case_event``).
"""

from __future__ import annotations

import json
from xml.etree import ElementTree

from sqlalchemy import select

from engine.access.acting import Acting, acting
from engine.access.audit import audit
from engine.access.visibility import require_supervisor, require_visible
from engine.bpmn import element_states
from engine.db.models import CaseEvent, DeploymentFile, HumanTask, Institution, User
from engine.dto import Actor
from engine.dto.casemap import CaseLevel, CaseMap, Crumb, ElementEvent, ElementTask, PendingWait
from engine.errors import NotAllowed, NotFound
from engine.roles import LEAD_ROLES
from engine.store.cases import checkout
from engine.store.context import EngineContext

BPMN_NS = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"


class CaseMapService:
    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def case_map(self, actor: Actor, case_id: str, level: str = "") -> CaseMap:
        """The case's level ``level`` ("" = its own process) with each reached element's state, tasks and
        history, every wait of the whole case (timers with dates, messages), and the levels to drill into.

        Raises:
            NotVisible: the actor may not see the case.
            NotAllowed: the actor is neither a supervisor nor the case's animator.
            NotFound: no such level in the case.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            _require_overseer(who, require_visible(session, who, case_id, "case.map"))
            case = checkout(session, self._ctx, case_id)
            try:
                found = element_states.levels(case.workflow)
                if level not in found:
                    raise NotFound("Ta część sprawy nie istnieje (mogła się zakończyć i zniknąć z drzewa).")
                waits, shown = _waits(found), None
                for key, raw in found.items():
                    if key == level:
                        elements, task_ids = element_states.element_states(raw)
                        shown = _level(raw, found, elements)
                        _fill(session, case_id, shown, task_ids, now)
            finally:
                self._ctx.workflows.put(case.id, case)
            audit(session, now, who, "case.map", case_id, level=level)
            crumbs = [Crumb(key, element_states.label(raw)) for key, raw in found.items()]
            return CaseMap(case_id, shown, waits, crumbs)

    def diagram(self, actor: Actor, case_id: str, level: str = "") -> str:
        """The BPMN XML of the file that holds the level's process, in the case's deployed version."""
        with self._ctx.transaction(write=False) as session:
            who = acting(session, actor)
            _require_overseer(who, require_visible(session, who, case_id, "case.map"))
            case = checkout(session, self._ctx, case_id)
            try:
                found = element_states.levels(case.workflow)
                if level not in found:
                    raise NotFound("Ta część sprawy nie istnieje.")
                process_id = found[level].process_id
            finally:
                self._ctx.workflows.put(case.id, case)
            return process_file(session, case.definition.deployment_id, process_id)

    def element_data(self, actor: Actor, case_id: str, level: str, element_id: str) -> tuple[dict, dict | None]:
        """The data the element's newest task saw or produced, and the JSON schema of the element's form
        (for its field titles), if it has one. Supervisors only; the read is audited."""
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            require_supervisor(who, "przeglądać dane kroku sprawy")
            require_visible(session, who, case_id, "case.read_data")
            case = checkout(session, self._ctx, case_id)
            try:
                found = element_states.levels(case.workflow)
                if level not in found:
                    raise NotFound("Ta część sprawy nie istnieje.")
                data = element_states.element_data(found[level], element_id)
            finally:
                self._ctx.workflows.put(case.id, case)
            form = session.execute(
                select(HumanTask.form).where(HumanTask.instance_id == case_id, HumanTask.bpmn_id == element_id).limit(1)
            ).scalar_one_or_none()
            audit(session, now, who, "case.read_element_data", case_id, level=level, element=element_id)
            return json.loads(json.dumps(data, default=str)), case.definition.forms.get(form) if form else None


def process_file(session, deployment_id: int, process_id: str) -> str:
    """The text of the deployment's BPMN file that defines ``process_id``."""
    rows = session.execute(
        select(DeploymentFile.path, DeploymentFile.content).where(DeploymentFile.deployment_id == deployment_id)
    ).all()
    for row in rows:
        if row.path.endswith(".bpmn") and process_id in _process_ids(row.content):
            return row.content.decode("utf-8")
    raise NotFound(f"Wdrożenie nie zawiera diagramu procesu {process_id}.")


def _process_ids(content: bytes) -> set[str]:
    root = ElementTree.fromstring(content)  # noqa: S314 - our own deployed file, validated on deploy
    return {element.get("id") for element in root.iter(f"{BPMN_NS}process")}


def _require_overseer(who: Acting, roles_here: frozenset[str]) -> None:
    if who.is_system or who.supervises or roles_here & LEAD_ROLES:
        return
    raise NotAllowed("Mapę sprawy widzi superwizor i animator sprawy.")


def _level(raw, found: dict, elements) -> CaseLevel:
    crumbs, key = [], raw.key
    while key is not None:
        crumbs.insert(0, Crumb(key, element_states.label(found[key])))
        key = found[key].parent
    return CaseLevel(raw.key, raw.process_id, raw.process_name, element_states.label(raw), raw.parent, elements, crumbs)


def _waits(found: dict) -> list[PendingWait]:
    waits = []
    for key, raw in found.items():
        where = element_states.label(raw)
        for element in element_states.element_states(raw)[0]:
            for moment in element.timers:
                waits.append(PendingWait("timer", element.element_id, element.name, key, where, None, moment))
            for name in element.messages:
                waits.append(PendingWait("message", element.element_id, element.name, key, where, name, None))
    return sorted(waits, key=lambda w: (w.kind != "timer", w.due_at.isoformat() if w.due_at else "", w.name or ""))


_TASKS = (
    select(HumanTask, User.display_name, Institution.name.label("institution"))
    .outerjoin(User, User.id == HumanTask.assignee_id)
    .outerjoin(Institution, Institution.id == User.institution_id)
)


def _fill(session, case_id: str, level: CaseLevel, task_ids: dict[str, list[str]], now) -> None:
    """Each element's people's tasks and history, from the query tables."""
    wanted = {task_id: element for element, ids in task_ids.items() for task_id in ids}
    by_element = {element.element_id: element for element in level.elements}
    rows = session.execute(_TASKS.where(HumanTask.instance_id == case_id).order_by(HumanTask.created_at)).all()
    names = {}
    for task, assignee, institution in rows:
        names[task.id] = task.name
        element = by_element.get(wanted.get(task.id, ""))
        if element is not None:
            overdue = task.status == "open" and task.due_at is not None and task.due_at < now
            element.tasks.append(
                ElementTask(
                    task.id,
                    task.name,
                    task.status,
                    task.subject,
                    assignee,
                    institution,
                    task.role,
                    task.due_at,
                    task.completed_at,
                    overdue,
                )
            )
    events = session.execute(
        select(CaseEvent, User.display_name)
        .outerjoin(User, User.id == CaseEvent.actor_id)
        .where(CaseEvent.instance_id == case_id, CaseEvent.task_id.is_not(None))
        .order_by(CaseEvent.id)
    ).all()
    for event, who in events:
        element = by_element.get(wanted.get(event.task_id, ""))
        if element is not None:
            element.history.append(ElementEvent(event.at, event.kind, who, event.task_name))
