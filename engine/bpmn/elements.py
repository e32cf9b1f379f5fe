"""The elements of a parsed process spec by id, and which of them a timer name or a message reaches.

The query tables name a pending timer by its event's name and a subscription by its message's name;
these maps put them back on the diagram.
"""

from __future__ import annotations

from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins import ManualTaskMixin, NoneTaskMixin, UserTaskMixin
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import CallActivity, SubWorkflowTask

_PEOPLES_TASKS = (UserTaskMixin, ManualTaskMixin, NoneTaskMixin)


def names(spec) -> dict[str, str]:
    """bpmn id -> name ("" when unnamed) of every element of the process."""
    return {
        task_spec.bpmn_id: task_spec.bpmn_name or ""
        for task_spec in spec.task_specs.values()
        if task_spec.bpmn_id is not None
    }


def timers(spec) -> dict[str, list[str]]:
    """Timer event name -> the ids of the timer events with that name."""
    return _events(spec, TimerEventDefinition, lambda task_spec, definition: task_spec.bpmn_name or "")


def message_catchers(spec) -> dict[str, list[str]]:
    """Message name -> the ids of the events that catch it (see ``on_peoples_tasks`` for the boundary
    events of a person's task)."""
    return _events(spec, MessageEventDefinition, lambda task_spec, definition: definition.name)


def on_peoples_tasks(spec) -> dict[str, str]:
    """Message boundary event id -> the id of the person's task it is attached to. Such an event waits
    exactly while its task is open, so a case waits there when it has that task open; its message's
    name alone would count every case listening for the message anywhere (a withdrawal of consent)."""
    found: dict[str, str] = {}
    for task_spec in spec.task_specs.values():
        definition = getattr(task_spec, "event_definition", None)
        if not isinstance(task_spec, BoundaryEvent) or not isinstance(definition, MessageEventDefinition):
            continue
        split = task_spec.inputs[0] if task_spec.inputs else None
        attached = [o for o in getattr(split, "outputs", ()) if not isinstance(o, BoundaryEvent)]
        if len(attached) == 1 and isinstance(attached[0], _PEOPLES_TASKS) and attached[0].bpmn_id:
            found[task_spec.bpmn_id] = attached[0].bpmn_id
    return found


def _events(spec, kind, key) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for task_spec in spec.task_specs.values():
        definition = getattr(task_spec, "event_definition", None)
        if task_spec.bpmn_id is not None and isinstance(definition, kind) and _catches(task_spec):
            found.setdefault(key(task_spec, definition), []).append(task_spec.bpmn_id)
    return found


def _catches(task_spec) -> bool:
    return "Throw" not in type(task_spec).__name__ and "EndEvent" not in type(task_spec).__name__


def drawn_together(spec, subprocess_specs: dict) -> list:
    """The process spec and the embedded subprocess specs drawn inside its diagram (not called processes)."""
    found, pending = [], [spec]
    while pending:
        current = pending.pop()
        found.append(current)
        for task_spec in current.task_specs.values():
            if isinstance(task_spec, SubWorkflowTask) and not isinstance(task_spec, CallActivity):
                inner = subprocess_specs.get(task_spec.spec)
                if inner is not None and inner not in found:
                    pending.append(inner)
    return found


def called(spec, subprocess_specs: dict) -> list[str]:
    """The ids of the processes the diagram calls (directly or from its embedded subprocesses), in order."""
    seen: list[str] = []
    for current in drawn_together(spec, subprocess_specs):
        for task_spec in current.task_specs.values():
            if isinstance(task_spec, CallActivity) and task_spec.spec not in seen:
                seen.append(task_spec.spec)
    return seen
