"""READY tasks of a workflow found in its task dicts instead of with SpiffWorkflow's task iterator.

``workflow.get_tasks(state=READY, ...)`` walks the whole tree depth first, with a list concatenation,
a ``pop(0)`` and several Python-level UUID hashes per task: on a case with a 1,000-item
multi-instance task that is several milliseconds per call, and a step made several such calls.
Here the READY tasks are filtered from ``tasks`` of the workflow and of its subprocesses (a dict
scan), and only they are then placed: by their path from the root, which orders them as the
iterator does (depth first; a subprocess's tasks before the children of the task that runs it).

A task the iterator would not reach is left out as it would be: a task below a predicted task that
runs no subprocess (the iterator does not descend there), or a task of a subprocess whose task is
no longer in the tree. The iterator's depth limit (raised to a million in ``deep``) is not applied.
Tests compare every result with the iterator's (``CHECK_AGAINST_ITERATOR``, on in
``tests/conftest.py``).
"""

from __future__ import annotations

from SpiffWorkflow.util.task import TaskIterator, TaskState

#: Tests set this: every call also asks SpiffWorkflow's iterator and fails when the answers differ.
CHECK_AGAINST_ITERATOR = False

_READY = TaskState.READY
_DEFINITE = TaskState.FUTURE  # the iterator descends below a task of this state or a later one
_ROOT = ()


def ready_tasks(workflow, manual: bool) -> list:
    """The READY tasks whose spec is (``manual``) or is not a person's, in the iterator's order."""
    found = _ready(workflow, manual, first_only=False)
    if CHECK_AGAINST_ITERATOR:
        expected = workflow.get_tasks(state=_READY, manual=manual)
        if [t.id for t in found] != [t.id for t in expected]:
            raise RuntimeError(f"READY walk {[t.id for t in found]} differs from the iterator's {expected}")
    return found


def has_ready(workflow, manual: bool) -> bool:
    """Whether any READY task of that kind is reachable (``get_next_task(...) is not None``)."""
    found = bool(_ready(workflow, manual, first_only=True))
    if CHECK_AGAINST_ITERATOR and found != (workflow.get_next_task(state=_READY, manual=manual) is not None):
        raise RuntimeError(f"READY walk says {found}, the iterator the opposite")
    return found


def _ready(workflow, manual: bool, first_only: bool) -> list:
    candidates = [
        task
        for wf in (workflow, *workflow.subprocesses.values())
        for task in wf.tasks.values()
        if task._state == _READY and task.task_spec.manual == manual
    ]
    if not candidates:
        return []
    paths = _Paths(workflow)
    placed = []
    for task in candidates:
        path = paths.of(task)
        if path is not None:
            if first_only:
                return [task]
            placed.append((path, task))
    placed.sort(key=lambda pair: pair[0])
    return [task for _, task in placed]


class _Paths:
    """Paths from the top workflow's root: a tuple of child positions, ``-1`` for entering the
    subprocess a task runs (its tasks come before that task's children). None: not reachable."""

    def __init__(self, top):
        self.top = top
        self.runs = {id(sub): sub_id for sub_id, sub in top.subprocesses.items()}
        self.parents: dict[int, tuple | None] = {}  # id(parent task) -> its path, None: no way below it
        self.positions: dict[int, dict] = {}  # id(parent task) -> {child id: position}

    def of(self, task) -> tuple | None:
        parent = task.workflow.tasks.get(task._parent) if task._parent is not None else None
        if parent is None:
            return self._climb(task)
        key = id(parent)
        known = self.parents.get(key, self)  # self: not looked at yet
        if known is self:
            base = self._climb(parent)
            known = self.parents[key] = base if base is not None and self._descends(parent) else None
        if known is None:
            return None
        position = self._position(parent, task)
        return None if position is None else (*known, position)

    def _climb(self, task) -> tuple | None:
        """The path of ``task``, climbing without recursion (a chain of tasks makes a deep tree)."""
        steps = []
        current = task
        while True:
            parent = current.workflow.tasks.get(current._parent) if current._parent is not None else None
            if parent is not None:
                if not self._descends(parent):
                    return None
                position = self._position(parent, current)
                if position is None:
                    return None
                steps.append(position)
                current = parent
                continue
            if current.workflow is self.top:
                if current is not self.top.task_tree:
                    return None
                steps.reverse()
                return tuple(steps)
            runner = self._runner_of(current)
            if runner is None:
                return None
            steps.append(-1)
            current = runner

    def _descends(self, parent) -> bool:
        return parent._state >= _DEFINITE or parent.id in self.top.subprocesses

    def _position(self, parent, child) -> int | None:
        children = parent._children
        if len(children) < 8:
            for index, child_id in enumerate(children):
                if child_id == child.id:
                    return index
            return None
        key = id(parent)
        positions = self.positions.get(key)
        if positions is None:
            positions = self.positions[key] = {child_id: index for index, child_id in enumerate(children)}
        return positions.get(child.id)

    def _runner_of(self, root):
        """The task that runs the subprocess ``root`` is the root of, when the top workflow still has it."""
        sub = root.workflow
        sub_id = self.runs.get(id(sub))
        if sub_id is None or root is not sub.task_tree:
            return None
        found = self.top.tasks.get(sub_id)
        if found is None:
            for other in self.top.subprocesses.values():
                found = other.tasks.get(sub_id)
                if found is not None:
                    break
        return found


def is_completed(workflow) -> bool:
    """``workflow.is_completed()`` without its iterator, which walks past every finished task (a
    1,000-item case's finished items) to the first unfinished one: newest tasks are looked at first."""
    if not workflow.completed:
        root = workflow.task_tree
        unfinished = (t for t in reversed(workflow.tasks.values()) if t._state & TaskState.NOT_FINISHED_MASK)
        done = not any(_in_tree(task, root) for task in unfinished)
        if CHECK_AGAINST_ITERATOR:
            expected = next(TaskIterator(root, state=TaskState.NOT_FINISHED_MASK), None) is None
            if done != expected:
                raise RuntimeError(f"walk says completed={done}, the iterator the opposite")
        if done:
            workflow.completed = True
    return workflow.completed


def _in_tree(task, root) -> bool:
    """Whether ``task`` hangs below ``root`` of its own workflow (SpiffWorkflow's iterator for unfinished
    tasks goes below every task, predicted ones too, and not into subprocesses)."""
    tasks = root.workflow.tasks
    current = task
    while current is not root:
        parent = tasks.get(current._parent) if current._parent is not None else None
        if parent is None:
            return False
        current = parent
    return True
