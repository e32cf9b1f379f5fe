"""READY (and WAITING) tasks of a workflow found in its task dicts instead of with SpiffWorkflow's iterators.

``workflow.get_tasks(state=READY, ...)`` walks the whole tree depth first, with a list concatenation,
a ``pop(0)`` and several Python-level UUID hashes per task: on a case with a 1,000-item
multi-instance task that is several milliseconds per call, and a step made several such calls.
Here the READY tasks are filtered from ``tasks`` of the workflow and of its subprocesses (a dict
scan), and only they are then placed: by their path from the root, which orders them as the
iterator does (depth first; a subprocess's tasks before the children of the task that runs it).

A task the iterator would not reach is left out as it would be: a task below a predicted task that
runs no subprocess (the iterator does not descend there), or a task of a subprocess whose task is
no longer in the tree. The iterator's depth limit (raised to a million in ``deep``) is not applied.
``waiting_tasks`` does the same for the WAITING tasks ``update_waiting_tasks`` walks to, with
``TaskIterator``'s rules (the workflow's own tree, no subprocesses).
Tests compare every result with the iterator's (``CHECK_AGAINST_ITERATOR``, on in
``tests/conftest.py``).
"""

from __future__ import annotations

from SpiffWorkflow.bpmn.util.task import BpmnTaskIterator
from SpiffWorkflow.util.task import TaskIterator, TaskState

#: Tests set this: every call also asks SpiffWorkflow's iterator and fails when the answers differ.
CHECK_AGAINST_ITERATOR = False

_READY = TaskState.READY
_WAITING = TaskState.WAITING
_DEFINITE = TaskState.FUTURE  # the iterator descends below a task of this state or a later one
_ROOT = ()


def ready_tasks(workflow, manual: bool | None) -> list:
    """The READY tasks whose spec is (``manual``) or is not (not ``manual``) a person's, or all of them
    (None), in the iterator's order."""
    found = _ready(workflow, manual, first_only=False)
    if CHECK_AGAINST_ITERATOR:
        kinds = {} if manual is None else {"manual": manual}
        _same(found, list(BpmnTaskIterator(workflow.task_tree, state=_READY, **kinds)), "READY")
    return found


def waiting_tasks(workflow) -> list:
    """The WAITING tasks of the workflow's own tree (not of its subprocesses) in the order of
    ``TaskIterator(workflow.task_tree, state=WAITING)``, which ``update_waiting_tasks`` walks."""
    candidates = [task for task in workflow.tasks.values() if task._state == _WAITING]
    found = _placed(candidates, _Paths(workflow, into_subprocesses=False), first_only=False)
    if CHECK_AGAINST_ITERATOR:
        _same(found, list(TaskIterator(workflow.task_tree, state=_WAITING)), "WAITING")
    return found


def _same(found: list, expected: list, kind: str) -> None:
    if [t.id for t in found] != [t.id for t in expected]:
        raise RuntimeError(f"{kind} walk {[t.id for t in found]} differs from the iterator's {expected}")


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
        if task._state == _READY and (manual is None or task.task_spec.manual == manual)
    ]
    return _placed(candidates, _Paths(workflow), first_only)


def _placed(candidates: list, paths: _Paths, first_only: bool) -> list:
    """The reachable ``candidates`` in the iterator's order (only the first one found: ``first_only``)."""
    if not candidates:
        return []
    if first_only:
        return next(([task] for task in candidates if paths.of(task) is not None), [])
    siblings: dict[int | None, list] = {}
    for task in candidates:
        siblings.setdefault(task._parent.int if task._parent is not None else None, []).append(task)
    placed = []
    for group in siblings.values():
        placed += paths.of_siblings(group)
    placed.sort(key=lambda pair: pair[0])
    return [task for _, task in placed]


class _Paths:
    """Paths from the top workflow's root: a tuple of child positions, ``-1`` for entering the
    subprocess a task runs (its tasks come before that task's children). None: not reachable."""

    def __init__(self, top, into_subprocesses: bool = True):
        self.top = top
        self.into_subprocesses = into_subprocesses  # BpmnTaskIterator's walk; TaskIterator's stays in the tree
        self.runs = {id(sub): sub_id for sub_id, sub in top.subprocesses.items()}
        self.parents: dict[int, tuple | None] = {}  # id(parent task) -> its path, None: no way below it
        self.positions: dict[int, dict] = {}  # id(parent task) -> {child id's int: position}
        self.found: dict[int, object] = {}  # a parent id's int -> the parent task (None: not in the tree)

    def of(self, task) -> tuple | None:
        parent = self._parent_of(task)
        if parent is None:
            return self._climb(task)
        known = self._below(parent)
        if known is None:
            return None
        position = self._position(parent, task)
        return None if position is None else (*known, position)

    def _below(self, parent) -> tuple | None:
        """The path of ``parent`` if the iterator walks below it, else None."""
        key = id(parent)
        known = self.parents.get(key, self)  # self: not looked at yet
        if known is self:
            base = self._climb(parent)
            known = self.parents[key] = base if base is not None and self._descends(parent) else None
        return known

    def of_siblings(self, tasks: list) -> list[tuple[tuple, object]]:
        """(path, task) of the reachable ones of ``tasks``, which share a parent (its path found once)."""
        parent = self._parent_of(tasks[0])
        if parent is None:
            return [(path, task) for task in tasks if (path := self.of(task)) is not None]
        base = self._below(parent)
        if base is None:
            return []
        positions = self._positions(parent)
        found = ((positions.get(task.id.int), task) for task in tasks)
        return [((*base, position), task) for position, task in found if position is not None]

    def _parent_of(self, task):
        # Keyed by the id's int: a UUID hashes in Python, an int in C (a thousand siblings per call).
        parent_id = task._parent
        if parent_id is None:
            return None
        key = parent_id.int
        parent = self.found.get(key, self)
        if parent is self:
            parent = self.found[key] = task.workflow.tasks.get(parent_id)
        return parent

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
            runner = self._runner_of(current) if self.into_subprocesses else None
            if runner is None:
                return None
            steps.append(-1)
            current = runner

    def _descends(self, parent) -> bool:
        return parent._state >= _DEFINITE or (self.into_subprocesses and parent.id in self.top.subprocesses)

    def _position(self, parent, child) -> int | None:
        children = parent._children
        if len(children) < 8:
            for index, child_id in enumerate(children):
                if child_id == child.id:
                    return index
            return None
        return self._positions(parent).get(child.id.int)

    def _positions(self, parent) -> dict[int, int]:
        """{child id's int: position} of a parent's children (a dict: a parent may have 1,000)."""
        key = id(parent)
        positions = self.positions.get(key)
        if positions is None:
            positions = self.positions[key] = {child_id.int: index for index, child_id in enumerate(parent._children)}
        return positions

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
