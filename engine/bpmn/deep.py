"""Run SpiffWorkflow work that recurses once per element of a chain, without RecursionError.

SpiffWorkflow's parser follows sequence flows recursively, and predicting a task's descendants
recurses along the chain too, so a chain of 2,000 script tasks needs far more than Python's default
1,000 frames. ``run`` executes such work in a helper thread with a large stack and a raised
recursion limit (restored when the last such run ends), carrying the caller's context variables
(the engine's clock) along. The caller waits; nothing runs concurrently on the same data.

Starting that thread costs about 0.3 ms, as much as half of SpiffWorkflow's own step on a small
definition, so ``run_for`` runs work inline when the definition is small enough that its deepest
recursion cannot reach the ordinary limit (see ``fits``), and in the thread otherwise.
"""

from __future__ import annotations

import contextvars
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

from SpiffWorkflow.bpmn.util.task import BpmnTaskIterator
from SpiffWorkflow.util.task import TaskIterator

T = TypeVar("T")

STACK_BYTES = 512 * 1024 * 1024  # address space only; pages are touched as the recursion needs them
#: SpiffWorkflow's parser takes about two frames per task of a chain, so this validates chains of
#: about 9,000 tasks. The limit is process-wide while a deep run lasts; it is kept low enough that a
#: C-level recursion in another thread (e.g. decoding deeply nested JSON) on an 8 MB stack still
#: stops with RecursionError rather than overflowing the stack.
RECURSION_LIMIT = 20_000
#: Predicting a task's descendants takes one frame per task spec of the chain, plus about 30 for
#: the step around it (measured); nested embedded subprocesses measured no deeper, as each runs
#: from the top-level loop. The allowance per subprocess covers what those figures did not try.
FRAMES_PER_SUBPROCESS = 30
#: Frames kept free beyond the estimate: the script engine, SQLAlchemy events, logging.
HEADROOM = 300
TREE_DEPTH = 1_000_000  # SpiffWorkflow stops walking the task tree at depth 1,000 (see _raise_tree_depth)

_lock = threading.Lock()
_active = 0
_saved_limit = sys.getrecursionlimit()


def run(work: Callable[..., T], *args, **kwargs) -> T:
    """``work(*args, **kwargs)`` in a thread with a deep stack; its result, or its exception re-raised here."""
    context = contextvars.copy_context()
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = context.run(work, *args, **kwargs)
        except BaseException as error:  # noqa: BLE001 - handed back to the caller's thread as it is
            outcome["error"] = error

    _enter()
    try:
        with _lock:
            previous = threading.stack_size(STACK_BYTES)
            try:
                thread = threading.Thread(target=target, name="kooperacja-deep", daemon=True)
                thread.start()
            finally:
                threading.stack_size(previous)
        thread.join()
    finally:
        _leave()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def run_for(spec, subprocess_specs: dict, work: Callable[..., T], *args, **kwargs) -> T:
    """``work(*args, **kwargs)`` on a workflow of ``spec``: inline when a definition of its size
    ``fits`` the ordinary stack, else in the deep-stack thread as ``run`` does."""
    task_specs = len(spec.task_specs) + sum(len(sub.task_specs) for sub in subprocess_specs.values())
    if fits(task_specs, len(subprocess_specs)):
        return work(*args, **kwargs)
    return run(work, *args, **kwargs)


def fits(task_specs: int, subprocesses: int) -> bool:
    """Whether work on a definition of ``task_specs`` (all its processes together) entered through
    ``subprocesses`` subprocess definitions recurses safely within the ordinary recursion limit from
    the caller's frame (the limit as it was before any deep run raised it)."""
    with _lock:
        limit = _saved_limit if _active else sys.getrecursionlimit()
    needed = _stack_depth() + task_specs + FRAMES_PER_SUBPROCESS * (subprocesses + 1) + HEADROOM
    return needed <= limit


def _stack_depth() -> int:
    frame, depth = sys._getframe(1), 0
    while frame is not None:
        depth += 1
        frame = frame.f_back
    return depth


def _enter() -> None:
    global _active, _saved_limit
    with _lock:
        if _active == 0:
            _saved_limit = sys.getrecursionlimit()
            sys.setrecursionlimit(max(_saved_limit, RECURSION_LIMIT))
        _active += 1


def _leave() -> None:
    global _active
    with _lock:
        _active -= 1
        if _active == 0:
            sys.setrecursionlimit(_saved_limit)


def _raise_tree_depth() -> None:
    """A chain of N tasks is a task tree N levels deep; SpiffWorkflow's iterators default to stopping
    at depth 1,000, after which ``is_completed`` says True with work pending. Raise that default."""
    for iterator in (TaskIterator, BpmnTaskIterator):
        defaults = list(iterator.__init__.__defaults__)
        defaults[1] = TREE_DEPTH
        iterator.__init__.__defaults__ = tuple(defaults)


_raise_tree_depth()
