"""Where a running workflow stands, element by element, for drawing it on its diagram.

A *level* is one diagram: the case's own process (key ``""``) or one process a call activity called
(key: the call activity task's id). Embedded subprocesses belong to the level of the task that runs
them, since they are drawn inside its diagram. Per element of a level we count its task instances by
state; a multi-instance or loop activity counts its instances, not its wrapper.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import CallActivity
from SpiffWorkflow.util.task import TaskState

from engine.bpmn.items import item_of
from engine.dto.casemap import Drill, ElementState

TOP = ""


@dataclass
class Level:
    key: str
    process_id: str
    process_name: str
    parent: str | None
    caller: object | None  # the call activity task that started this level
    top: object = None  # the case's workflow, which registers every subprocess
    workflows: list = field(default_factory=list)


def levels(workflow) -> dict[str, Level]:
    """Every level of the workflow, the case's own first."""
    found = {TOP: Level(TOP, workflow.spec.name, workflow.spec.description or workflow.spec.name, None, None, workflow)}
    found[TOP].workflows.append(workflow)
    owner = {id(workflow): TOP}
    pending = dict(workflow.subprocesses)
    while pending:
        progressed = False
        for sub_id, sub in list(pending.items()):
            parent_task = _task(workflow, sub.parent_task_id)
            if parent_task is None:
                del pending[sub_id]
                continue
            parent_level = owner.get(id(parent_task.workflow))
            if parent_level is None:
                continue
            del pending[sub_id]
            progressed = True
            if isinstance(parent_task.task_spec, CallActivity):
                key = str(sub_id)
                name = sub.spec.description or sub.spec.name
                found[key] = Level(key, sub.spec.name, name, parent_level, parent_task, workflow)
            else:
                key = parent_level
            found[key].workflows.append(sub)
            owner[id(sub)] = key
        if not progressed:
            break
    return found


def label(level: Level) -> str:
    """A level's name for breadcrumbs: the call activity and the item it ran for ("Zamówienie… – P1")."""
    if level.caller is None:
        return level.process_name
    name = level.caller.task_spec.bpmn_name or level.process_name
    item = item_of(level.caller)
    return f"{name} – {item.subject}" if item is not None and item.subject else name


def element_states(level: Level) -> tuple[list[ElementState], dict[str, list[str]]]:
    """The level's reached elements in the order they were first reached, and their task ids."""
    elements: dict[str, ElementState] = {}
    task_ids: dict[str, list[str]] = {}
    for wf in level.workflows:
        for task in wf.tasks.values():
            spec = task.task_spec
            state = _state(task)
            if spec.bpmn_id is None or state is None:
                continue
            element = elements.get(spec.bpmn_id)
            if element is None:
                element = ElementState(spec.bpmn_id, spec.bpmn_name or "", {}, kind=_kind(spec))
                elements[spec.bpmn_id] = element
            element.name = element.name or spec.bpmn_name or ""
            if isinstance(spec, LoopTask):  # the wrapper: its instances are counted one by one
                element.repeated = True
                continue
            element.counts[state] = element.counts.get(state, 0) + 1
            task_ids.setdefault(spec.bpmn_id, []).append(str(task.id))
            _waits(task, element, state)
            if isinstance(spec, CallActivity) and task.id in level.top.subprocesses:
                element.drills.append(Drill(str(task.id), _subject(task) or element.name))
    return [e for e in elements.values() if e.counts], task_ids


def element_data(level: Level, element_id: str) -> dict:
    """The data of the element's most recently changed task (what it saw or produced)."""
    tasks = [t for wf in level.workflows for t in wf.tasks.values() if t.task_spec.bpmn_id == element_id]
    tasks = [t for t in tasks if _state(t) is not None]
    if not tasks:
        return {}
    return dict(max(tasks, key=lambda t: t.last_state_change).data)


def _task(workflow, task_id):
    task = workflow.tasks.get(task_id)
    if task is not None:
        return task
    for sub in workflow.subprocesses.values():
        if task_id in sub.tasks:
            return sub.tasks[task_id]
    return None


def _state(task) -> str | None:
    """completed, active, waiting (for a timer or message), error, cancelled; None when not reached."""
    state = task.state
    if state & TaskState.COMPLETED:
        return "completed"
    if state & TaskState.ERROR:
        return "error"
    if state & TaskState.CANCELLED:  # an event that never came is not a cancelled step
        return "cancelled" if _event(task) is None and _was_reached(task) else None
    if state & (TaskState.READY | TaskState.STARTED):
        return "active"
    if state & TaskState.WAITING:
        return "waiting" if _event(task) is not None else "active"
    return None


def _was_reached(task) -> bool:
    """A cancelled task counts when it had been reached: its parent had finished, or it is an instance of
    a multi-instance or loop activity (created only when it runs). Untaken branches do not count."""
    parent = task.parent
    if parent is None:
        return False
    return bool(parent.state & TaskState.COMPLETED) or isinstance(parent.task_spec, LoopTask)


def _event(task):
    definition = getattr(task.task_spec, "event_definition", None)
    return definition if isinstance(definition, TimerEventDefinition | MessageEventDefinition) else None


def _waits(task, element: ElementState, state: str) -> None:
    if state != "waiting":
        return
    definition = _event(task)
    if isinstance(definition, TimerEventDefinition):
        moment = _timer_moment(task)
        if moment is not None:
            element.timers.append(moment)
    elif isinstance(definition, MessageEventDefinition):
        element.messages.append(definition.name)


def _timer_moment(task) -> datetime | None:
    value = task.internal_data.get("event_value")
    if not isinstance(value, str):
        return None
    try:
        return TimerEventDefinition.get_datetime(value)
    except ValueError:
        return None


def _kind(spec) -> str:
    """What sort of element the spec is, for naming an unnamed one ("gateway", "event", "task")."""
    names = {cls.__name__ for cls in type(spec).__mro__}
    if names & {"ExclusiveGateway", "ParallelGateway", "InclusiveGateway", "EventBasedGateway"}:
        return "gateway"
    if "CallActivity" in names:
        return "call"
    if "SubWorkflowTask" in names:
        return "subprocess"
    if getattr(spec, "event_definition", None) is not None or names & {"StartEvent", "EndEvent"}:
        return "event"
    return "task"


def _subject(task) -> str | None:
    item = item_of(task)
    return item.subject if item is not None else None
