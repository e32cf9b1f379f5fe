"""What the parsed specs of a deployed process tell without running it."""

from __future__ import annotations

from collections.abc import Iterable

from engine.bpmn import elements


def lane_roles(specs: Iterable) -> set[str]:
    """The roles the lanes of these process specs name (tasks outside a lane name none)."""
    return {
        task_spec.lane for spec in specs for task_spec in spec.task_specs.values() if getattr(task_spec, "lane", None)
    }


def task_ids(specs: Iterable) -> frozenset[str]:
    """The bpmn ids of every task of these process specs (what a case of them can have done)."""
    return frozenset(task_spec.bpmn_id for spec in specs for task_spec in spec.task_specs.values() if task_spec.bpmn_id)


def user_task_forms(specs: Iterable) -> list[tuple[str, str, str | None, str]]:
    """(bpmn id, name, lane, form file) of every user task with a form, in the specs' order, once each."""
    found, seen = [], set()
    for spec in specs:
        for task_spec in spec.task_specs.values():
            properties = (getattr(task_spec, "extensions", None) or {}).get("properties") or {}
            form = properties.get("formJsonSchemaFilename")
            if not form or (task_spec.bpmn_id, form) in seen:
                continue
            seen.add((task_spec.bpmn_id, form))
            lane = getattr(task_spec, "lane", None) or properties.get("candidateRole")
            found.append((task_spec.bpmn_id, task_spec.bpmn_name or task_spec.bpmn_id, lane, form))
    return found


def own_forms(workflow) -> frozenset[str]:
    """The form files of the user tasks of the workflow's own process, its embedded subprocesses included
    (not of the processes it calls)."""
    drawn = elements.drawn_together(workflow.spec, workflow.subprocess_specs)
    return frozenset(form for *_task, form in user_task_forms(drawn))
