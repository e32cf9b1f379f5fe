"""What the services do to a live workflow: complete a person's task, retry, cancel, and read the outcome.

The services never touch SpiffWorkflow objects themselves; they call these functions and get plain
values back.
"""

from __future__ import annotations

import copy
from uuid import UUID

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow

from engine.bpmn import runner, walk
from engine.bpmn.items import item_of
from engine.bpmn.reached import reached_tasks
from engine.bpmn.timeflow import clock_in_effect
from engine.clock import Clock


def ready_manual_task(workflow: BpmnWorkflow, task_id: str):
    """The READY human task with this id, or None when the process moved on without it."""
    task = runner.find_task(workflow, UUID(task_id))
    if task is None or not task.task_spec.manual or not runner.is_ready(task):
        return None
    return task


def complete(workflow: BpmnWorkflow, task, data: dict, clock: Clock) -> None:
    """Put the form's data into the task, run it, and move the process on as far as it goes by itself."""
    runner.add_form_data(task, data)
    with clock_in_effect(clock):  # timers the completion starts count from the engine's clock
        task.run()
    runner.advance(workflow, clock)


def rerun_failed(workflow: BpmnWorkflow, clock: Clock) -> bool:
    """Run the failed tasks again (after the diagram or data was fixed); False when none failed."""
    failed = runner.error_tasks(workflow)
    if not failed:
        return False
    with clock_in_effect(clock):
        for task in failed:
            task.run()
    runner.advance(workflow, clock)
    return True


def has_failed_tasks(workflow: BpmnWorkflow) -> bool:
    return bool(runner.error_tasks(workflow))


def cancel(workflow: BpmnWorkflow) -> None:
    workflow.cancel()


def is_completed(workflow: BpmnWorkflow) -> bool:
    return walk.is_completed(workflow)


def task_data(workflow: BpmnWorkflow, task_id: str) -> dict:
    """A copy of one task's own data (e.g. which member's consent an instance of a multi-instance task is)."""
    task = runner.find_task(workflow, UUID(task_id))
    return copy.deepcopy(task.data) if task is not None else {}


def own_data(workflow: BpmnWorkflow, task_id: str) -> dict:
    """One task's own data itself, not a copy (a multi-instance item's data holds the whole collection):
    read it, never change it."""
    task = runner.find_task(workflow, UUID(task_id))
    return task.data if task is not None else {}


def deliver_message(workflow: BpmnWorkflow, name: str, payload, clock: Clock) -> None:
    with clock_in_effect(clock):  # timers the message starts count from the engine's clock
        runner.send_message(workflow, name, payload)
    runner.advance(workflow, clock)


def start(workflow: BpmnWorkflow, clock: Clock) -> None:
    runner.advance(workflow, clock)


def task_view(workflow: BpmnWorkflow, task_id: str, with_item: bool) -> tuple[dict, dict | None]:
    """A task's current form values and, ``with_item``, what the instance of a multi-instance task is about."""
    task = runner.find_task(workflow, UUID(task_id))
    if task is None:
        return {}, None
    item = item_of(task) if with_item else None
    return runner.form_values(task), item.as_dict() if item is not None else None


def current_data(workflow: BpmnWorkflow) -> dict:
    """The case's current data with the data objects of the case and its embedded subprocesses (e.g. the
    withdrawals of consent every branch sees). Read it, never change it."""
    data = dict(runner.case_data(workflow))
    for owner in (workflow, *workflow.subprocesses.values()):
        if owner is workflow or owner.top_workflow is workflow:
            objects = owner.data.get("data_objects") or {}
            data.update({name: value for name, value in objects.items() if value is not None})
    return data


def completed_tasks(workflow: BpmnWorkflow) -> list:
    """Every completed task of the case, its called processes' too (``reached.ReachedTask``), oldest first."""
    return [task for task in reached_tasks(workflow, with_called=True) if task.completed]
