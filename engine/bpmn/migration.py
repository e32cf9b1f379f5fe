"""Moving a running workflow onto another deployed version of its process (``SpiffWorkflow.bpmn.util.diff``).

``plan`` says whether the move is safe and what it would do; ``apply`` does it. The policy is the one
SpiffWorkflow's documentation proposes, made explicit: a task already completed or under way whose
definition changed or was removed blocks the move (its work was done under rules that no longer
exist), so does an open task whose definition is gone and a called process missing from the target.

SpiffWorkflow's ``migrate_workflow`` rebuilds every open task (``reset_branch``), which clears the
task's internal data: a waiting timer would compute its due date again from now, and an instance of
a multi-instance task would forget which item it is about. ``apply`` rebuilds the same tasks but
gives each its data and internal data back, so a waiting timer keeps its due date unless its own
definition changed (then it restarts, as the plan says).
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field
from datetime import datetime

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.util.diff import SpecDiff, WorkflowDiff
from SpiffWorkflow.util.task import TaskState

from engine.bpmn.state import REGISTRY
from engine.bpmn.timeflow import clock_in_effect
from engine.clock import Clock

_OPEN = TaskState.READY | TaskState.WAITING
_DONE = TaskState.COMPLETED | TaskState.STARTED


@dataclass(frozen=True)
class Blocker:
    """Why the move is unsafe: ``what`` the element is (its name), ``state`` completed/started/open/called,
    ``change`` changed/removed."""

    what: str
    state: str
    change: str


@dataclass(frozen=True)
class TimerPlan:
    name: str
    due_at: datetime
    kept: bool  # False: its definition changed and it starts counting again


@dataclass(frozen=True)
class Plan:
    blockers: tuple[Blocker, ...]
    reset: tuple[str, ...]  # open tasks rebuilt from the target (their people and data stay)
    changed: tuple[str, ...]  # of those, the ones whose definition changed
    added: tuple[str, ...]  # elements the target has and the source did not
    removed: tuple[str, ...]  # elements of the source the case has not reached, gone from the target
    timers: tuple[TimerPlan, ...]
    _diffs: tuple = field(default=(), compare=False, repr=False)
    _restart: frozenset = field(default=frozenset(), compare=False, repr=False)

    @property
    def safe(self) -> bool:
        return not self.blockers


def plan(workflow, spec, subprocess_specs: dict) -> Plan:
    """What moving ``workflow`` onto ``spec`` (with its called processes) would do, and whether it may."""
    top_specs = SpecDiff(REGISTRY, workflow.spec, spec)
    top = WorkflowDiff(workflow, top_specs)
    blockers, subs = _blockers(workflow, top), {}
    for sub_id, sub in workflow.subprocesses.items():
        target = subprocess_specs.get(sub.spec.name)
        if target is None:
            blockers.append(Blocker(_process_name(sub.spec), "called", "removed"))
            continue
        subs[sub_id] = WorkflowDiff(sub, SpecDiff(REGISTRY, sub.spec, target))
        blockers += _blockers(sub, subs[sub_id])
    opened = [(wf, t) for wf in _all(workflow) for t in wf.get_tasks(state=_OPEN, skip_subprocesses=True)]
    changed = set(top.changed).union(*(d.changed for d in subs.values()))
    timers, restart = _timers(opened, changed)
    return Plan(
        blockers=tuple(_unique(blockers)),
        reset=tuple(_unique(name(t.task_spec) for _, t in opened if _visible(t.task_spec))),
        changed=tuple(_unique(name(t.task_spec) for _, t in opened if t in changed and _visible(t.task_spec))),
        added=tuple(_unique(name(s) for s in top_specs.added if _visible(s))),
        removed=tuple(_unique(name(s) for s in top_specs.removed if _visible(s))),
        timers=tuple(timers),
        _diffs=(top, subs),
        _restart=frozenset(restart),
    )


def apply(workflow, moving: Plan, spec, subprocess_specs: dict, clock: Clock) -> None:
    """Move ``workflow`` as ``moving`` (a safe plan of this very workflow) says; a timer that restarts
    counts from ``clock``'s time."""
    if not moving.safe:
        raise ValueError("an unsafe plan")
    top, subs = moving._diffs
    with clock_in_effect(clock):
        _move(workflow, top, spec, moving._restart)
        for sub_id, diff in subs.items():
            sub = workflow.subprocesses[sub_id]
            _move(sub, diff, subprocess_specs[sub.spec.name], moving._restart)
    workflow.subprocess_specs = subprocess_specs


def _move(workflow, diff: WorkflowDiff, spec, restart: frozenset) -> None:
    workflow.spec = spec
    for task in workflow.tasks.values():
        target = diff.alignment.get(task)
        if target is not None:
            task.task_spec = target
    for task in list(workflow.get_tasks(state=_OPEN, skip_subprocesses=True)):
        if task.id not in workflow.tasks:  # gone with a branch rebuilt before it
            continue
        data, internal = deepcopy(task.data), deepcopy(task.internal_data)
        task.reset_branch(data)
        if task.id in restart:
            internal.pop("event_value", None)
        task.internal_data.update(internal)
    for task in list(workflow.tasks.values()):
        if task.id in workflow.tasks and _predicted_frontier(task):
            task._drop_children(force=True)
            task.task_spec._predict(task, mask=TaskState.PREDICTED_MASK | TaskState.FUTURE)
    if workflow.last_task is not None and workflow.last_task.id not in workflow.tasks:
        workflow.last_task = None


def _predicted_frontier(task) -> bool:
    """A future task right after one that runs or ran: what follows it was predicted from the source
    version (an open task's future is rebuilt with it; an instance of a multi-instance task has none)."""
    parent = task.parent
    if task.state != TaskState.FUTURE or parent is None or not parent.state & _DONE:
        return False
    return task.task_spec.name != getattr(parent.task_spec, "task_spec", None)


def _blockers(workflow, diff: WorkflowDiff) -> list[Blocker]:
    found = []
    for task in diff.changed:
        if task.state & _DONE:
            found.append(Blocker(name(task.task_spec), _state(task), "changed"))
    for task in diff.removed:
        if task.state & (_DONE | _OPEN):
            found.append(Blocker(name(task.task_spec), _state(task), "removed"))
    return found


def _timers(opened: list, changed: set) -> tuple[list[TimerPlan], set]:
    timers, restart = [], set()
    for _, task in opened:
        definition = getattr(task.task_spec, "event_definition", None)
        value = task.internal_data.get("event_value")
        if not isinstance(definition, TimerEventDefinition) or value is None:
            continue
        due = definition.details(task).value
        kept = task not in changed
        if not kept:
            restart.add(task.id)
        timers.append(TimerPlan(name(task.task_spec), TimerEventDefinition.get_datetime(due), kept))
    return timers, restart


def _state(task) -> str:
    if task.state == TaskState.COMPLETED:
        return "completed"
    return "started" if task.state == TaskState.STARTED else "open"


def _all(workflow):
    yield workflow
    yield from workflow.subprocesses.values()


def _visible(spec) -> bool:
    """Elements of the diagram, not SpiffWorkflow's own (start, end join, boundary split…)."""
    return getattr(spec, "bpmn_id", None) is not None


def name(spec) -> str:
    return getattr(spec, "bpmn_name", None) or getattr(spec, "bpmn_id", None) or spec.name


def _process_name(spec) -> str:
    return getattr(spec, "description", None) or spec.name


def _unique(items) -> list:
    return list(dict.fromkeys(items))
