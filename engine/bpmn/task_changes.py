"""Which tasks of a workflow changed since the last save: ``state.dump`` writes only those.

A task's body is its mark (state, state-change time, children, spec name) plus what the mark does
not show: ``triggered``, its internal data and its data, stored as a delta against its parent's
data. A task is *checked* when its mark changed, when it is in flight (READY, WAITING, STARTED,
ERROR: its data or timer values may change without a state change) or when its parent's data may
have changed; a finished or predicted task whose mark did not change keeps its data (as before).
Checking compares a pickled signature of the unmarked part with the one taken when the body was
made: equal pickles mean equal values, so the stored body is still right. Only a task whose
signature differs (or is unknown: after a load, or data that does not pickle) is serialized again,
and written only if the new body differs.

**Quick check of open items and finished tasks.** A check costs the comparison of the task's data
with its parent's, and the items of a 1,000-item multi-instance task each hold a copy of the whole
collection; every item, open or finished, hangs below the multi-instance task, whose data changes
at every step (it gathers the items' outputs). Checking them all made a step linear in the items.
Nothing in a step writes into the data of a READY task of a person (SpiffWorkflow writes into a
task's data when it makes the task READY, runs it, or merges an ad hoc subprocess path into it; ad
hoc subprocesses are refused at deployment) nor of a finished task (the rule above), except through
an object it *shares* with another task's data: SpiffWorkflow's ``DeepMerge`` copies the values at
the top of a task's data but shares what is nested in them. So such a task whose data and internal
data are *flat* (scalars, and lists, tuples, sets or dicts of scalars) gets, when it is checked, a
``Quick`` record: which keys its delta updates and which it deletes. Until its mark changes it is
not checked again, and when its parent's data changed only the parent's keys whose pickles changed
are compared. Everything else is checked in full, as before; so is every task after a step that
failed (it may have stopped half-way through writing into one) or a move onto another version
(``check_all_next_time``). Tests run every save against a full serialization
(``state.CHECK_AGAINST_FULL``), so a change this misses fails them.
"""

from __future__ import annotations

import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

from SpiffWorkflow.util.task import TaskState

_CONTAINERS = (list, dict, set, tuple)
_TASK_OVERHEAD = 600  # a Task object with its internal data, children list and state, in bytes
_IN_FLIGHT = TaskState.READY | TaskState.WAITING | TaskState.STARTED | TaskState.ERROR
_READY = TaskState.READY
_DONE = TaskState.COMPLETED | TaskState.CANCELLED
_SCALARS = frozenset({str, int, float, bool, type(None), date, datetime, time, timedelta, Decimal, UUID})
_SEQUENCES = frozenset({list, tuple, set, frozenset})


@dataclass(frozen=True)
class Quick:
    """What a flat open or finished task's delta holds besides its values: the keys it updates and deletes."""

    triggered: bool
    updated: frozenset
    deleted: frozenset


@dataclass
class Snapshot:
    """What the database holds for one instance: task id's int -> (mark, signature or None, stored
    body, weight, ``Quick`` or None); ``prints``: for the parents of open quick-checked tasks (by id's
    int), a pickle of each value of their data when last looked at; and ``size``, an estimate in bytes
    of the live workflow (what the workflow cache weighs).

    A task's weight is twice its body plus the shallow sizes of its data and of the containers in
    it: every task holds its own copies of the lists it inherited, so a 1,000-item multi-instance
    case weighs about 10 MB though its rows hold 0.5 MB. Measured with ``tracemalloc`` on loaded
    cases of 10 to 1,000 items the estimate is 0.74 to 0.93 of the memory really held.
    """

    tasks: dict[int, tuple] = field(default_factory=dict)
    prints: dict[int, dict] = field(default_factory=dict)
    size: int = 0


def check_all_next_time(snapshot: Snapshot | None) -> None:
    """Drop the quick-check records: the next save checks every task in flight in full. For what may
    have written into a task's data outside an ordinary step (a step that failed half-way, a move
    onto another version)."""
    if snapshot is not None:
        snapshot.tasks = {number: (*entry[:4], None) for number, entry in snapshot.tasks.items()}


def changed(wf, before: Snapshot, after: Snapshot, serialize: Callable) -> list[tuple[object, str, bool]]:
    """(task, new body, whether the database has no row for it yet) of every task of ``wf`` whose body
    changed; ``after`` gets every task's entry and the prints its quick-checked tasks need.

    ``moved`` holds the tasks whose data may have changed (new, mark or signature changed, or a
    parent moved): their children's deltas are checked even when nothing else says so. Tasks are
    keyed by their ids' ints: a UUID hashes in Python, an int in C, and this runs over every task.
    """
    rows = []
    known, current = before.tasks, after.tasks
    moved: set[int] = set()
    parents = _Parents(wf, before.prints, after.prints, moved)
    for task in wf.tasks.values():  # creation order: parents before children
        number, state = task.id.int, task._state
        mark = (state, task.last_state_change, tuple(task._children), task.task_spec.name)
        stored = known.get(number)
        same_mark = stored is not None and stored[0] == mark
        parent = task._parent.int if task._parent is not None else None
        parent_moved = parent in moved
        if same_mark and not parent_moved and not state & _IN_FLIGHT:
            current[number] = stored
            continue
        quick = stored[4] if same_mark and (state == _READY or state & _DONE) else None
        if quick is not None and parents.kept(task, parent, quick, parent_moved):
            current[number] = stored
            continue
        parent_data = parents.data(task, parent)
        delta = _delta(task.data, parent_data)
        signature = _signature(task, delta)
        quick = _quick(task, delta)
        if quick is not None:
            parents.wanted[parent] = task._parent
        if same_mark and signature is not None and signature == stored[1]:
            current[number] = stored if stored[4] == quick else (*stored[:4], quick)
            if parent_moved:
                moved.add(number)  # its data may follow a shared value of the parent's
            continue
        moved.add(number)
        body = serialize(task)
        current[number] = (mark, signature, body, weight(task, body), quick)
        if stored is None or stored[2] != body:
            rows.append((task, body, stored is None))
    parents.keep_prints()
    return rows


def weight(task, body: str) -> int:
    data = task.data
    shallow = sum(sys.getsizeof(value) for value in data.values() if isinstance(value, _CONTAINERS))
    return 2 * len(body) + _TASK_OVERHEAD + sys.getsizeof(data) + shallow


class _Parents:
    """Parents' data, looked up once for a run of siblings (e.g. 1,000 multi-instance items), and
    which of their keys changed since the last save (by ``prints``). Parents are known by their
    ids' ints (``parent`` below)."""

    def __init__(self, wf, old_prints: dict, new_prints: dict, moved: set):
        self.tasks = wf.tasks
        self.old_prints, self.new_prints, self.moved = old_prints, new_prints, moved
        self.wanted: dict[int, object] = {}  # parents of quick-checked tasks (-> their ids): prints kept
        self.changes: dict[int, frozenset | None] = {}  # a parent -> its changed keys
        self.last = self.last_data = None

    def data(self, task, parent: int | None) -> dict | None:
        if parent is None:
            return None
        if parent != self.last:
            found = self.tasks.get(task._parent)
            self.last, self.last_data = parent, found.data if found is not None else None
        return self.last_data

    def kept(self, task, parent: int | None, quick: Quick, parent_moved: bool) -> bool:
        """Whether the delta of an untouched flat task (see the module) is still ``quick``'s."""
        if task.triggered != quick.triggered:
            return False
        if parent not in self.wanted:
            self.wanted[parent] = task._parent
        if not parent_moved:
            return True
        data, parent_data = task.data, self.data(task, parent)
        keys = self._changed_keys(parent, parent_data)
        if keys is None:
            return False
        for key in keys:
            if key in data:
                differs = key not in parent_data or data[key] != parent_data[key]
                if differs != (key in quick.updated) or key in quick.deleted:
                    return False
            elif (key in parent_data) != (key in quick.deleted):
                return False
        return True

    def _changed_keys(self, parent: int, parent_data: dict) -> frozenset | None:
        """The keys whose values differ between the parent's prints of the last save and now (None:
        unknown); now's prints are kept for the next save."""
        keys = self.changes.get(parent, self)
        if keys is self:
            old = self.old_prints.get(parent)
            new = self.new_prints[parent] = _prints(parent_data)
            if old is None or new is None:
                keys = None
            else:
                keys = frozenset(key for key in old.keys() | new.keys() if old.get(key) != new.get(key))
            self.changes[parent] = keys
        return keys

    def keep_prints(self) -> None:
        """Prints for every parent of a quick-checked task: carried over when the parent did not move,
        taken now when it has none (a moved parent's old prints would not show what changed since)."""
        for parent, parent_id in self.wanted.items():
            if parent in self.new_prints:
                continue
            old = self.old_prints.get(parent)
            if old is not None and parent not in self.moved:
                self.new_prints[parent] = old
            elif parent_id in self.tasks:
                self.new_prints[parent] = _prints(self.tasks[parent_id].data)
        for parent in self.wanted:  # not others: the snapshot's prints are shared by its subprocesses' passes
            if parent in self.new_prints and self.new_prints[parent] is None:
                del self.new_prints[parent]


def _prints(data: dict) -> dict | None:
    try:
        return {key: pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL) for key, value in data.items()}
    except Exception:  # noqa: BLE001 - anything that does not pickle: the children are checked in full
        return None


def _delta(data: dict, parent_data: dict | None):
    """The data as the delta against ``parent_data`` (SpiffWorkflow's ``DeepMerge.get_updated_keys``/
    ``get_deleted_keys``), or the data itself for a task without a parent."""
    if parent_data is None:
        return data
    updated = {key: value for key, value in data.items() if key not in parent_data or value != parent_data[key]}
    return updated, [key for key in parent_data if key not in data]


def _signature(task, delta) -> bytes | None:
    """What a task's body holds besides its mark, pickled (None: it does not pickle)."""
    try:
        return pickle.dumps((task.triggered, task.internal_data, delta), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - a module, a lock, an odd comparison in the data: always serialize
        return None


def _quick(task, delta) -> Quick | None:
    """The quick-check record of a READY task of a person or a finished task, with flat data (see the
    module), else None."""
    waits_for_a_person = task._state == _READY and task.task_spec.manual
    if not (waits_for_a_person or task._state & _DONE) or not isinstance(delta, tuple):
        return None
    if not (_flat(task.data) and _flat(task.internal_data)):
        return None
    updated, deleted = delta
    return Quick(task.triggered, frozenset(updated), frozenset(deleted))


def _flat(data: dict) -> bool:
    for value in data.values():
        kind = type(value)
        if kind in _SCALARS:
            continue
        if kind in _SEQUENCES:
            if all(type(item) in _SCALARS for item in value):
                continue
            return False
        if kind is dict and all(type(k) in _SCALARS and type(v) in _SCALARS for k, v in value.items()):
            continue
        return False
    return True
