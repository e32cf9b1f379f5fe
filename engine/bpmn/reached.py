"""The tasks a case has reached, as plain records: what documents and the case file are read from.

The workflow keeps every finished task with the data it finished with, so a decision can be re-read
as it was taken, even after later tasks changed the case data.
"""

from __future__ import annotations

from dataclasses import dataclass

from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import CallActivity
from SpiffWorkflow.util.task import TaskState

from engine.bpmn.items import Item, item_of
from engine.bpmn.runner import form_values

_REACHED = TaskState.COMPLETED | TaskState.READY | TaskState.WAITING | TaskState.STARTED


@dataclass(frozen=True)
class ReachedTask:
    """One reached task: ``data`` is the task's own data (read it, never change it), ``values`` the part its
    form edits; ``item`` what an instance of a multi-instance activity is about (None for other tasks)."""

    id: str
    bpmn_id: str
    completed: bool
    data: dict
    changed_at: float
    item: Item | None
    values: dict


def reached_tasks(workflow, with_called: bool = False) -> list[ReachedTask]:
    """The reached tasks of the case and of its embedded subprocesses, oldest change first.

    A called process's tasks are left out unless ``with_called``: they carry only the item they were
    given (an order, a delivery), not the case file.
    """
    tasks = list(workflow.tasks.values())
    for parent_id, sub in workflow.subprocesses.items():
        parent = workflow.get_task_from_id(parent_id)
        if parent is not None and (with_called or not isinstance(parent.task_spec, CallActivity)):
            tasks.extend(sub.tasks.values())
    reached = sorted((t for t in tasks if t.state & _REACHED), key=lambda t: t.last_state_change)
    return [
        ReachedTask(
            str(t.id),
            t.task_spec.bpmn_id,
            t.state == TaskState.COMPLETED,
            t.data,
            t.last_state_change,
            item_of(t),
            form_values(t),
        )
        for t in reached
    ]
