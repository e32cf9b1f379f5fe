"""Workflow state as a small header plus one JSON document per task, with the spec by reference.

SpiffWorkflow's own serializer embeds the whole spec in every instance (86 % of an early
instance's bytes) and rewrites every task on every save. We store specs once per deployed version
and keep, per instance, a header (workflow attributes, subprocess headers, pending events) and one
row per task. A ``Snapshot`` remembers what the database holds, so a save writes only the tasks
that changed.

A task's body is its mark (state, state-change time, children, spec name) plus what the mark does
not show: ``triggered``, its internal data and its data, stored as a delta against its parent's
data. A task is *checked* when its mark changed, when it is in flight (READY, WAITING, STARTED,
ERROR: its data or timer values may change without a state change) or when its parent's data may
have changed; a finished or predicted task whose mark did not change keeps its data (as before).
Checking compares a pickled signature of the unmarked part with the one taken when the body was
made: equal pickles mean equal values, so the stored body is still right. Only a task whose
signature differs (or is unknown: after a load, or data that does not pickle) is serialized again,
and written only if the new body differs. A 1,000-item multi-instance task therefore costs a few
microseconds per open sibling per step instead of a full serialization of each.
"""

from __future__ import annotations

import json
import pickle
import sys
from collections import deque
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter
from SpiffWorkflow.bpmn.serializer.helpers.encoder import create_encoder
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

FORMAT = "kooperacja-1"
SPIFF_FORMAT = BpmnWorkflowSerializer().VERSION
TOP = ""
#: Tests set this: every ``dump`` then also serializes every task and fails when what the database
#: would hold after the save differs from a full serialization (a delta write that missed a change).
CHECK_AGAINST_FULL = False
_CONTAINERS = (list, dict, set, tuple)
_TASK_OVERHEAD = 600  # a Task object with its internal data, children list and state, in bytes
_IN_FLIGHT = TaskState.READY | TaskState.WAITING | TaskState.STARTED | TaskState.ERROR


class _SpecByReferenceConverter(BpmnWorkflowConverter):
    """Restores a workflow around spec objects handed in with the dict instead of embedded JSON."""

    def from_dict(self, dct):
        spec, subprocess_specs = dct.pop("_specs")
        workflow = self.target_class(spec, subprocess_specs, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


REGISTRY = BpmnWorkflowSerializer.configure(SPIFF_CONFIG)
REGISTRY.register(date, lambda value: {"value": value.isoformat()}, lambda dct: date.fromisoformat(dct["value"]))
_WORKFLOW_CONVERTER = _SpecByReferenceConverter(BpmnWorkflow, REGISTRY)
# Task data inside a converted task stays raw; SpiffWorkflow's encoder converts dates and the like.
_ENCODER = create_encoder(REGISTRY)


def _to_json(document) -> str:
    return json.dumps(document, cls=_ENCODER)


@dataclass(frozen=True)
class TaskRow:
    task_id: str
    workflow_key: str
    body: str
    new: bool = False  # not in the database yet: inserted, not updated


@dataclass
class Snapshot:
    """What the database holds for one instance: task id -> (mark, signature or None, stored body,
    weight), and ``size``, an estimate in bytes of the live workflow (what the workflow cache weighs).

    A task's weight is twice its body plus the shallow sizes of its data and of the containers in
    it: every task holds its own copies of the lists it inherited, so a 1,000-item multi-instance
    case weighs about 10 MB though its rows hold 0.5 MB. Measured with ``tracemalloc`` on loaded
    cases of 10 to 1,000 items the estimate is 0.74 to 0.93 of the memory really held.
    """

    tasks: dict[UUID, tuple[tuple, bytes | None, str, int]] = field(default_factory=dict)
    size: int = 0


@dataclass
class Dump:
    header: str
    upserts: list[TaskRow]
    deletes: list[str]
    snapshot: Snapshot


# --------------------------------------------------------------------------- specs


def specs_to_json(spec, subprocess_specs: dict) -> str:
    return json.dumps(
        {
            "spec": REGISTRY.convert(spec),
            "subprocess_specs": {name: REGISTRY.convert(sub) for name, sub in subprocess_specs.items()},
        }
    )


def specs_from_json(text: str) -> tuple[object, dict]:
    document = json.loads(text)
    spec = REGISTRY.restore(document["spec"])
    subprocess_specs = {name: REGISTRY.restore(sub) for name, sub in document["subprocess_specs"].items()}
    return spec, subprocess_specs


# --------------------------------------------------------------------------- instances


def dump(workflow: BpmnWorkflow, previous: Snapshot | None) -> Dump:
    """Header JSON plus the task rows to write and delete since ``previous`` (None: write all)."""
    known = previous.tasks if previous is not None else {}
    upserts: list[TaskRow] = []
    current: dict[UUID, tuple[tuple, bytes | None, str, int]] = {}
    for key, wf in _workflows(workflow):
        upserts += _dirty_rows(wf, key, known, current)
    deletes = [str(task_id) for task_id in known if task_id not in current]
    if CHECK_AGAINST_FULL:
        _check_against_full(workflow, current)
    header = _header(workflow)
    return Dump(header, upserts, deletes, Snapshot(current, _size(header, current)))


def _weight(task, body: str) -> int:
    data = task.data
    shallow = sum(sys.getsizeof(value) for value in data.values() if isinstance(value, _CONTAINERS))
    return 2 * len(body) + _TASK_OVERHEAD + sys.getsizeof(data) + shallow


def _size(header: str, tasks: dict) -> int:
    return 2 * len(header) + sum(entry[3] for entry in tasks.values())


def _check_against_full(workflow: BpmnWorkflow, current: dict) -> None:
    """Every task's stored body reads as its full serialization (key order may differ after a load)."""
    full = {task.id: _to_json(REGISTRY.convert(task)) for _, wf in _workflows(workflow) for task in wf.tasks.values()}
    stale = sorted(str(task_id) for task_id in full.keys() ^ current.keys())
    for task_id, body in full.items():
        stored = current.get(task_id)
        if stored is not None and stored[2] != body and json.loads(stored[2]) != json.loads(body):
            stale.append(str(task_id))
    if stale:
        raise RuntimeError(f"delta save differs from a full serialization for tasks {stale}")


def _workflows(workflow: BpmnWorkflow):
    yield TOP, workflow
    for sub_id, sub in workflow.subprocesses.items():
        yield str(sub_id), sub


def _dirty_rows(wf, key: str, known: dict, current: dict) -> list[TaskRow]:
    """The rows of ``wf`` whose body changed; ``current`` gets every task's entry.

    ``moved`` holds the tasks whose data may have changed (new, mark or signature changed, or a
    parent moved): their children's deltas are checked even when nothing else says so.
    """
    rows = []
    moved: set = set()
    parents = _Parents(wf)
    for task in wf.tasks.values():  # creation order: parents before children
        mark = (task.state, task.last_state_change, tuple(task._children), task.task_spec.name)
        stored = known.get(task.id)
        same_mark = stored is not None and stored[0] == mark
        parent_moved = task._parent in moved
        if same_mark and not parent_moved and not task.state & _IN_FLIGHT:
            current[task.id] = stored
            continue
        signature = _signature(task, parents.data(task))
        if same_mark and signature is not None and signature == stored[1]:
            current[task.id] = stored
            if parent_moved:
                moved.add(task.id)  # its data may follow a shared value of the parent's
            continue
        moved.add(task.id)
        body = _to_json(REGISTRY.convert(task))
        current[task.id] = (mark, signature, body, _weight(task, body))
        if stored is None or stored[2] != body:
            rows.append(TaskRow(str(task.id), key, body, new=stored is None))
    return rows


class _Parents:
    """A task's parent's data, looked up once for a run of siblings (e.g. 1,000 multi-instance items)."""

    def __init__(self, wf):
        self.tasks = wf.tasks
        self.last_id = self.last_data = None

    def data(self, task) -> dict | None:
        parent_id = task._parent
        if parent_id is None:
            return None
        if parent_id is not self.last_id:
            parent = self.tasks.get(parent_id)
            self.last_id, self.last_data = parent_id, parent.data if parent is not None else None
        return self.last_data


def _signature(task, parent_data: dict | None) -> bytes | None:
    """What a task's body holds besides its mark, pickled (None: it does not pickle); the data as the
    delta against ``parent_data`` (SpiffWorkflow's ``DeepMerge.get_updated_keys``/``get_deleted_keys``)."""
    data = task.data
    try:
        if parent_data is not None:
            data = (
                {key: value for key, value in data.items() if key not in parent_data or value != parent_data[key]},
                [key for key in parent_data if key not in data],
            )
        return pickle.dumps((task.triggered, task.internal_data, data), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - a module, a lock, an odd comparison in the data: always serialize
        return None


def _header(workflow: BpmnWorkflow) -> str:
    header = _workflow_attributes(workflow)
    header["format"] = FORMAT
    header["serializer_version"] = SPIFF_FORMAT
    header["bpmn_events"] = REGISTRY.convert(workflow.bpmn_events)
    header["subprocesses"] = {
        str(sub_id): {
            **_workflow_attributes(sub),
            "typename": REGISTRY.typenames[type(sub)],
            "parent_task_id": str(sub.parent_task_id),
            "spec": sub.spec.name,
        }
        for sub_id, sub in workflow.subprocesses.items()
    }
    return _to_json(header)


def _workflow_attributes(wf) -> dict:
    return {
        "data": REGISTRY.convert(REGISTRY.clean(wf.data)),
        "correlations": wf.correlations,
        "last_task": str(wf.last_task.id) if wf.last_task is not None else None,
        "success": wf.success,
        "completed": wf.completed,
        "root": str(wf.task_tree.id),
    }


def load(header_text: str, rows: list[TaskRow], spec, subprocess_specs: dict) -> tuple[BpmnWorkflow, Snapshot]:
    """Rebuild a workflow from its header and task rows."""
    header = json.loads(header_text)
    bodies: dict[str, dict[str, dict]] = {}
    for row in rows:
        bodies.setdefault(row.workflow_key, {})[row.task_id] = json.loads(row.body)
    top = _assemble(header, bodies.get(TOP, {}))
    top["subprocesses"] = {
        sub_id: _assemble(sub_header, bodies.get(sub_id, {}))
        for sub_id, sub_header in header.get("subprocesses", {}).items()
    }
    top["_specs"] = (spec, subprocess_specs)
    workflow = _WORKFLOW_CONVERTER.from_dict(top)
    live = {task.id: task for _, wf in _workflows(workflow) for task in wf.tasks.values()}
    tasks = {}
    for row in rows:
        task_id = UUID(row.task_id)
        mark = _mark(bodies[row.workflow_key][row.task_id])
        task = live.get(task_id)
        tasks[task_id] = (mark, None, row.body, _weight(task, row.body) if task is not None else 2 * len(row.body))
    return workflow, Snapshot(tasks, _size(header_text, tasks))


def _mark(body: dict) -> tuple:
    """The mark ``_dirty_rows`` computes for a live task, from its stored body."""
    children = tuple(UUID(child) for child in body["children"])
    return body["state"], body["last_state_change"], children, body["task_spec"]


def _assemble(header: dict, tasks: dict[str, dict]) -> dict:
    """A workflow dict in SpiffWorkflow's shape, tasks ordered parents first."""
    ordered: dict[str, dict] = {}
    pending = deque([header["root"]])
    while pending:
        task_id = pending.popleft()
        body = tasks.get(task_id)
        if body is None:
            continue
        ordered[task_id] = body
        pending.extend(body["children"])
    return {**header, "tasks": ordered}
