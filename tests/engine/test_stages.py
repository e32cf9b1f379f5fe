"""The case's stage ("Etap") follows the main tasks; a side task without a stage leaves it as it was."""

from __future__ import annotations

import itertools

import pytest

from tests.engine.bpmn_samples import deployment, flow, process, properties
from tests.factories import ADMIN

TASKS = [  # (id, name, stage)
    ("ut_ocena", "Ocena sytuacji", "Diagnoza"),
    ("ut_poboczne", "Anulowanie usług członka rodziny", None),
    ("ut_plan", "Plan pomocy", "Plan"),
]


def three_tasks(with_stages: bool) -> bytes:
    """Start -> the three ``TASKS`` in sequence -> end; with their stages, or with none at all."""
    elements = ['<bpmn:startEvent id="start"><bpmn:outgoing>f0</bpmn:outgoing></bpmn:startEvent>']
    for number, (task_id, name, stage) in enumerate(TASKS):
        values = {"formJsonSchemaFilename": "proba.schema.json"}
        if with_stages and stage:
            values["stage"] = stage
        elements.append(
            f'<bpmn:userTask id="{task_id}" name="{name}">{properties(**values)}'
            f"<bpmn:incoming>f{number}</bpmn:incoming><bpmn:outgoing>f{number + 1}</bpmn:outgoing></bpmn:userTask>"
        )
    ids = ["start", *(task_id for task_id, _, _ in TASKS), "end"]
    elements.append(f'<bpmn:endEvent id="end"><bpmn:incoming>f{len(TASKS)}</bpmn:incoming></bpmn:endEvent>')
    elements += [flow(f"f{number}", source, target) for number, (source, target) in enumerate(itertools.pairwise(ids))]
    return process(elements, in_lane=ids)


def stages_along(engine, people, with_stages: bool) -> list[str]:
    """The case's stage after the start and after each task but the last."""
    engine.repository.deploy(deployment(three_tasks(with_stages)), ADMIN)
    case = engine.runtime.start(people.ops, "proba", partnership_id=people.partnership_id)
    seen = [engine.runtime.case(people.ops, case.id).stage]
    for task_id, _, _ in TASKS[:-1]:
        (task,) = [t for t in engine.tasks.of_case(people.ops, case.id) if t.bpmn_id == task_id]
        engine.tasks.complete(people.ops, task.id, {"uwagi": "gotowe"}, claim=True)
        seen.append(engine.runtime.case(people.ops, case.id).stage)
    return seen


@pytest.mark.parametrize(
    ("with_stages", "expected"),
    [
        (True, ["Diagnoza", "Diagnoza", "Plan"]),  # the side task leaves the case at its diagnosis
        (False, ["Ocena sytuacji", "Anulowanie usług członka rodziny", "Plan pomocy"]),  # the newest task's name
    ],
)
def test_the_stage_follows_the_main_tasks(engine, people, with_stages, expected):
    assert stages_along(engine, people, with_stages) == expected
