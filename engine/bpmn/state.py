"""Workflow state as a small header plus one JSON document per task, with the spec by reference.

SpiffWorkflow's own serializer embeds the whole spec in every instance (86 % of an early
instance's bytes) and rewrites every task on every save. We store specs once per deployed version
and keep, per instance, a header (workflow attributes, subprocess headers, pending events) and one
row per task. A ``Snapshot`` remembers what the database holds, so a save writes only the tasks
that changed.

Which tasks changed, and how that is found cheaply, is ``task_changes``'s part.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter
from SpiffWorkflow.bpmn.serializer.helpers.encoder import create_encoder
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from engine.bpmn import task_changes
from engine.bpmn.task_changes import Snapshot
from engine.bpmn.workflow import Workflow

FORMAT = "kooperacja-1"
SPIFF_FORMAT = BpmnWorkflowSerializer().VERSION
TOP = ""
#: Tests set this: every ``dump`` then also serializes every task and fails when what the database
#: would hold after the save differs from a full serialization (a delta write that missed a change).
CHECK_AGAINST_FULL = False


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
_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})
_SPIFF_CONVERT = REGISTRY.convert


def _convert(value):
    """SpiffWorkflow's conversion, which calls itself for every item of a list: a list of JSON scalars
    (a multi-instance task's gathered outputs and merged item ids, a thousand of them) is copied as is."""
    if type(value) is list and all(type(item) in _JSON_SCALARS for item in value):
        return list(value)
    return _SPIFF_CONVERT(value)


REGISTRY.convert = _convert  # the registry's own recursion looks it up on the instance
_WORKFLOW_CONVERTER = _SpecByReferenceConverter(Workflow, REGISTRY)
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
    before, after = previous or Snapshot(), Snapshot()
    upserts = [
        TaskRow(str(task.id), key, body, new)
        for key, wf in _workflows(workflow)
        for task, body, new in task_changes.changed(wf, before, after, _serialize)
    ]
    deletes = [str(UUID(int=number)) for number in before.tasks if number not in after.tasks]
    if CHECK_AGAINST_FULL:
        _check_against_full(workflow, after.tasks)
    header = _header(workflow)
    after.size = _size(header, after)
    return Dump(header, upserts, deletes, after)


def _serialize(task) -> str:
    return _to_json(REGISTRY.convert(task))


def _size(header: str, snapshot: Snapshot) -> int:
    prints = sum(len(value) for prints in snapshot.prints.values() for value in prints.values())
    return 2 * len(header) + prints + sum(entry[3] for entry in snapshot.tasks.values())


def _check_against_full(workflow: BpmnWorkflow, current: dict) -> None:
    """Every task's stored body reads as its full serialization (key order may differ after a load)."""
    full = {task.id.int: _serialize(task) for _, wf in _workflows(workflow) for task in wf.tasks.values()}
    stale = sorted(str(UUID(int=number)) for number in full.keys() ^ current.keys())
    for number, body in full.items():
        stored = current.get(number)
        if stored is not None and stored[2] != body and json.loads(stored[2]) != json.loads(body):
            stale.append(str(UUID(int=number)))
    if stale:
        raise RuntimeError(f"delta save differs from a full serialization for tasks {stale}")


def _workflows(workflow: BpmnWorkflow):
    yield TOP, workflow
    for sub_id, sub in workflow.subprocesses.items():
        yield str(sub_id), sub


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
        weight = task_changes.weight(task, row.body) if task is not None else 2 * len(row.body)
        tasks[task_id.int] = (mark, None, row.body, weight, None)
    snapshot = Snapshot(tasks)
    snapshot.size = _size(header_text, snapshot)
    return workflow, snapshot


def _mark(body: dict) -> tuple:
    """The mark ``task_changes`` computes for a live task, from its stored body."""
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
