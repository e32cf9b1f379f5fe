"""The workflow class of every case: SpiffWorkflow's, with its two per-step tree walks made cheap.

Whenever a task completes, SpiffWorkflow updates every WAITING task it finds by walking the whole
task tree, and ``do_engine_steps`` lists the READY tasks with another walk of the whole tree. On a
case with a 1,000-item multi-instance task the tree has over a thousand tasks and each walk costs
0.6-1.2 ms a step. Here both lists come from ``walk``, which filters the task dicts by state and
orders only what it found, as the iterator would (the engine steps' loop gets only the automatic
READY tasks, the only ones it runs). The answers are the iterator's (tests compare
them on every call, ``walk.CHECK_AGAINST_ITERATOR``); the raw in-memory benchmark keeps SpiffWorkflow's
own class.
"""

from __future__ import annotations

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from engine.bpmn import walk

_WAITING = TaskState.WAITING


class Workflow(BpmnWorkflow):
    """``BpmnWorkflow`` whose READY list and WAITING update do not walk the whole tree."""

    _in_engine_steps = False

    def do_engine_steps(self, will_complete_task=None, did_complete_task=None) -> None:
        self._in_engine_steps = True
        try:
            super().do_engine_steps(will_complete_task, did_complete_task)
        finally:
            self._in_engine_steps = False

    def get_tasks(self, first_task=None, **kwargs) -> list:
        if first_task is None and kwargs.keys() == {"state"} and kwargs["state"] == TaskState.READY:
            # In do_engine_steps the one caller that asks just this is its loop, which runs the READY
            # tasks that are not a person's and passes over the rest: it gets only those (a 1,000-item
            # case's open items need not be put in order to be passed over).
            return walk.ready_tasks(self, manual=False if self._in_engine_steps else None)
        return super().get_tasks(first_task, **kwargs)

    def update_waiting_tasks(self) -> None:
        # SpiffWorkflow's iterator tests each task's state when it reaches it; an earlier update
        # may have moved a later task on (or out of the tree), so the state is looked at again here.
        for task in walk.waiting_tasks(self):
            if task._state == _WAITING and task.id in self.tasks:
                task.task_spec._update(task)
