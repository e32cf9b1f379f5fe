"""Driving one SpiffWorkflow instance: step it, and read what it now waits for.

Everything here works on an in-memory workflow; persistence and permissions live above.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow
from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition as BaseMessageEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.exceptions import TaskNotFoundException, WorkflowException
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.util.deep_merge import DeepMerge
from SpiffWorkflow.util.task import TaskState

from engine.bpmn import deep, walk
from engine.bpmn.items import item_of
from engine.bpmn.scripting import make_script_engine
from engine.bpmn.timeflow import clock_in_effect
from engine.bpmn.workflow import Workflow
from engine.clock import Clock

SCRIPT_ENGINE = make_script_engine()
MAX_ROUNDS = 1000


@dataclass(frozen=True)
class ReadyTask:
    """A READY human task as the engine's tables need it."""

    id: str
    bpmn_id: str
    name: str
    role: str | None
    form: str | None
    ui_form: str | None
    instructions: str | None
    stage: str | None
    due_in: timedelta | None
    due_at: datetime | None = None  # from a timer boundary event, when there is no ``dueIn``
    subject: str | None = None  # what a multi-instance instance is about (``engine.bpmn.items``)
    item: object = field(default=None, compare=False)  # that instance's item itself
    institution: str | None = None  # the one institution of the role it is for (``candidateInstitution``)


@dataclass(frozen=True)
class PendingTimer:
    name: str | None
    kind: str
    due_at: datetime


def new_workflow(spec, subprocess_specs: dict, data: dict) -> BpmnWorkflow:
    """A new instance; SpiffWorkflow predicts the whole chain of tasks recursively (see ``deep``)."""
    workflow = deep.run_for(spec, subprocess_specs, Workflow, spec, subprocess_specs, script_engine=SCRIPT_ENGINE)
    workflow.task_tree.set_data(**data)
    return workflow


def attach(workflow: BpmnWorkflow) -> BpmnWorkflow:
    """Bind the sandboxed script engine (it is not serialized; subprocesses use the top one's)."""
    workflow.script_engine = SCRIPT_ENGINE
    return workflow


def advance(workflow: BpmnWorkflow, clock: Clock) -> None:
    """Run automatic tasks until only people, timers or messages can move the instance."""
    with clock_in_effect(clock):
        for _ in range(MAX_ROUNDS):
            workflow.do_engine_steps()
            if not walk.has_ready(workflow, manual=False):
                return
    raise WorkflowException("Proces nie zatrzymuje się: zbyt wiele kroków automatycznych.")


def ready_human_tasks(workflow: BpmnWorkflow) -> list:
    """The READY tasks of people, in SpiffWorkflow's tree order (``walk``: without its slow iterator)."""
    return walk.ready_tasks(workflow, manual=True)


def find_task(workflow: BpmnWorkflow, task_id):
    """The task with this id (a UUID), or None when it left the tree (e.g. its subprocess was cancelled)."""
    try:
        return workflow.get_task_from_id(task_id)
    except TaskNotFoundException:
        return None


def is_ready(task) -> bool:
    return task.state == TaskState.READY


def describe(task) -> ReadyTask:
    """Read lane, form, instructions, the evaluated ``candidateRole``/``candidateInstitution``/``dueIn`` and
    the subject of a READY task."""
    spec = task.task_spec
    extensions = getattr(spec, "extensions", None) or {}
    properties = extensions.get("properties", {}) or {}
    role = spec.lane
    if properties.get("candidateRole"):
        role = str(_evaluate(task, properties["candidateRole"]))
    institution = None
    if properties.get("candidateInstitution"):
        value = _evaluate(task, properties["candidateInstitution"])
        institution = str(value).strip() or None if value is not None else None
    due_in = due_at = None
    if properties.get("dueIn"):
        due_in = duration(str(_evaluate(task, properties["dueIn"])))
    else:
        due_at = boundary_deadline(task)
    item = item_of(task)
    return ReadyTask(
        id=str(task.id),
        bpmn_id=spec.bpmn_id,
        name=spec.bpmn_name or spec.bpmn_id,
        role=role.strip() if role else None,
        form=properties.get("formJsonSchemaFilename"),
        ui_form=properties.get("formUiSchemaFilename"),
        instructions=extensions.get("instructionsForEndUser"),
        stage=properties.get("stage"),
        due_in=due_in,
        due_at=due_at,
        subject=item.subject if item is not None else None,
        item=item.value if item is not None else None,
        institution=institution,
    )


def boundary_deadline(task) -> datetime | None:
    """The deadline a timer boundary event on the task sets: the earliest interrupting timer, else the
    latest non-interrupting one (a reminder timer comes before the real deadline)."""
    split = task.parent
    if split is None or not isinstance(split.task_spec, BoundaryEventSplit):
        return None
    interrupting, other = [], []
    for sibling in split.children:
        definition = getattr(sibling.task_spec, "event_definition", None)
        value = sibling.internal_data.get("event_value")
        if sibling is task or not isinstance(definition, TimerEventDefinition) or not isinstance(value, str):
            continue
        try:
            moment = TimerEventDefinition.get_datetime(value)
        except ValueError:
            continue
        (interrupting if sibling.task_spec.cancel_activity else other).append(moment)
    if interrupting:
        return min(interrupting)
    return max(other) if other else None


def add_form_data(task, data: dict) -> None:
    """Merge submitted form data into the task: user tasks as SpiffWorkflow does, manual and plain
    tasks (which SpiffWorkflow gives no form handling) the same way, under ``variableName`` if set."""
    if hasattr(task.task_spec, "add_data_from_form"):
        task.task_spec.add_data_from_form(task, data)
        return
    variable = (getattr(task.task_spec, "extensions", None) or {}).get("variableName")
    if variable:
        task.set_data(**{variable: data})
    else:
        DeepMerge.merge(task.data, data)


def form_values(task) -> dict:
    """The data a task's form edits: its ``variableName`` object, or the task data itself."""
    variable = (getattr(task.task_spec, "extensions", None) or {}).get("variableName")
    values = task.data.get(variable) if variable else task.data
    return values if isinstance(values, dict) else {}


def prune_detached_subprocesses(workflow: BpmnWorkflow) -> None:
    """Forget subprocesses whose task left the tree (an interrupting boundary cancelled them).

    SpiffWorkflow keeps them registered, but they are unreachable and cannot be restored.
    """
    while True:
        alive = set(workflow.tasks)
        for sub in workflow.subprocesses.values():
            alive.update(sub.tasks)
        detached = [key for key in workflow.subprocesses if key not in alive]
        if not detached:
            return
        for key in detached:
            del workflow.subprocesses[key]


def case_data(workflow: BpmnWorkflow) -> dict:
    """The case's current data: the newest active task of the case itself (not of a called process) that is
    an element of the model; SpiffWorkflow's end join waits with no data once a parallel branch has ended."""
    if walk.is_completed(workflow) and workflow.last_task is not None:
        return dict(workflow.last_task.data)
    owners = [workflow, *(sub for key, sub in workflow.subprocesses.items() if not _is_call_activity(workflow, key))]
    newest, newest_change = None, None
    for owner in owners:  # the first of the latest, as ``max`` over the active tasks in this order
        for task in owner.tasks.values():
            if not task._state & _ACTIVE or getattr(task.task_spec, "bpmn_id", None) is None:
                continue
            if newest is None or task.last_state_change > newest_change:
                newest, newest_change = task, task.last_state_change
    if newest is None:
        newest = workflow.last_task or workflow.task_tree
    return dict(newest.data)


_ACTIVE = TaskState.READY | TaskState.WAITING | TaskState.STARTED


def _is_call_activity(workflow: BpmnWorkflow, task_id) -> bool:
    task = workflow.get_task_from_id(task_id)
    return task is None or type(task.task_spec).__name__ == "CallActivity"


def thrown_messages(workflow: BpmnWorkflow) -> list[tuple[str, object]]:
    """Drain the events the process threw and nothing in it caught; keep (name, payload) of messages.

    Other thrown events (e.g. a terminate end inside a subprocess) have no receiver outside the case.
    """
    return [
        (event.event_definition.name, event.payload)
        for event in workflow.get_events()
        if isinstance(event.event_definition, BaseMessageEventDefinition)
    ]


def _evaluate(task, expression: str):
    return task.workflow.script_engine.evaluate(task, expression)


def duration(text: str) -> timedelta:
    """An ISO 8601 duration (``P14D``, ``PT2H``) as a timedelta; months count as 30 days."""
    parsed = TimerEventDefinition.parse_iso_duration(text)
    days = parsed.get("days", 0) + 30 * parsed.get("months", 0) + 365 * parsed.get("years", 0)
    return timedelta(
        weeks=parsed.get("weeks", 0),
        days=days,
        hours=parsed.get("hours", 0),
        minutes=parsed.get("minutes", 0),
        seconds=parsed.get("seconds", 0),
    )


_TIMER_EVENTS = frozenset({"TimeDateEventDefinition", "DurationTimerEventDefinition", "CycleTimerEventDefinition"})


def _waiting_events(workflow: BpmnWorkflow) -> list:
    """What the instance waits for, one entry per event definition.

    SpiffWorkflow reports an event-based gateway's wait as one event with several definitions
    (``MultipleEventDefinition``, no name, no value); each of them is listed here on its own, with
    the timer's due value the gateway task holds.
    """
    events = []
    for task in list(workflow.event_manager.tasks.values()):
        definition = task.task_spec.event_definition
        if isinstance(definition, MultipleEventDefinition):
            events += [part.details(task) for part in definition.event_definitions]
        else:
            events.append(definition.details(task))
    return events


def pending_timers(workflow: BpmnWorkflow) -> list[PendingTimer]:
    """The timers the instance waits for (date, duration and the next round of a cycle)."""
    timers = []
    for event in _waiting_events(workflow):
        if event.event_type in _TIMER_EVENTS and isinstance(event.value, str) and event.value:
            timers.append(PendingTimer(event.name, event.event_type, TimerEventDefinition.get_datetime(event.value)))
    return timers


def pending_messages(workflow: BpmnWorkflow) -> list[str]:
    return sorted({e.name for e in _waiting_events(workflow) if e.event_type == "MessageEventDefinition"})


def send_message(workflow: BpmnWorkflow, name: str, payload) -> None:
    """Deliver a message; raises WorkflowException when nothing in the instance waits for it."""
    workflow.send_event(BpmnEvent(MessageEventDefinition(name), payload=payload))


def fire_timers(workflow: BpmnWorkflow, clock: Clock) -> None:
    with clock_in_effect(clock):
        workflow.refresh_timers()
    advance(workflow, clock)


def error_tasks(workflow: BpmnWorkflow) -> list:
    return workflow.get_tasks(state=TaskState.ERROR)
