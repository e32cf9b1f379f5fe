"""Workflow state as a small header plus one JSON document per task, with the spec by reference.

SpiffWorkflow's own serializer embeds the whole spec in every instance (86 % of an early
instance's bytes) and rewrites every task on every save. We store specs once per deployed version
and keep, per instance, a header (workflow attributes, subprocess headers, pending events) and one
row per task. A ``Snapshot`` remembers what the database holds, so a save writes only the tasks
that changed. A task is serialized again when it is new, when its state, state-change time or
children changed, when it is in flight (READY, WAITING, STARTED, ERROR: its data or timer values
may change without a state change), or when its parent's stored body changed (a child's data is
stored as a delta against its parent's); it is written only if the new body differs.
"""

from __future__ import annotations

import json
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


@dataclass
class Snapshot:
    """What the database holds for one instance: task id -> (mark, stored body)."""

    tasks: dict[str, tuple[tuple, str]] = field(default_factory=dict)


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
    current: dict[str, tuple[tuple, str]] = {}
    for key, wf in _workflows(workflow):
        upserts += _dirty_rows(wf, key, known, current)
    deletes = [task_id for task_id in known if task_id not in current]
    return Dump(_header(workflow), upserts, deletes, Snapshot(current))


def _workflows(workflow: BpmnWorkflow):
    yield TOP, workflow
    for sub_id, sub in workflow.subprocesses.items():
        yield str(sub_id), sub


def _dirty_rows(wf, key: str, known: dict, current: dict) -> list[TaskRow]:
    rows = []
    changed: set = set()
    for task in wf.tasks.values():  # creation order: parents before children
        task_id = str(task.id)
        mark = (task.state, task.last_state_change, tuple(task._children))
        stored = known.get(task_id)
        if stored is not None and stored[0] == mark and not task.state & _IN_FLIGHT and task._parent not in changed:
            current[task_id] = stored
            continue
        body = _to_json(REGISTRY.convert(task))
        current[task_id] = (mark, body)
        if stored is None or stored[1] != body:
            changed.add(task.id)
            rows.append(TaskRow(task_id, key, body))
    return rows


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
    snapshot = Snapshot({row.task_id: (_mark(bodies[row.workflow_key][row.task_id]), row.body) for row in rows})
    return workflow, snapshot


def _mark(body: dict) -> tuple:
    """The mark ``_dirty_rows`` computes for a live task, from its stored body."""
    return body["state"], body["last_state_change"], tuple(UUID(child) for child in body["children"])


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
