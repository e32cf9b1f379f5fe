"""Domain checks the analyst sees on save, beyond what the engine's validation refuses.

A user task without a form or outside every lane (no role performs it), and an element no sequence
flow leads to, are legal BPMN that SpiffWorkflow parses, but they are mistakes in a Kooperacja model.
"""

from __future__ import annotations

from engine.bpmn.definitions import SourceFile, read_files
from engine.errors import Problem

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
SPIFF = "{http://spiffworkflow.org/bpmn/schema/1.0/core}"
#: Flow nodes something must lead to (start and boundary events start on their own).
NEEDS_INCOMING = (
    "task",
    "userTask",
    "scriptTask",
    "serviceTask",
    "manualTask",
    "businessRuleTask",
    "sendTask",
    "receiveTask",
    "callActivity",
    "subProcess",
    "exclusiveGateway",
    "parallelGateway",
    "inclusiveGateway",
    "eventBasedGateway",
    "intermediateCatchEvent",
    "intermediateThrowEvent",
    "endEvent",
)


UNREACHABLE = "Element jest nieosiągalny: nie prowadzi do niego żaden przepływ."


def domain_problems(files: list[SourceFile]) -> list[Problem]:
    """Problems of the BPMN files that parse (syntax errors are the engine validation's to report)."""
    file_set = read_files([f for f in files if f.kind == "bpmn"])
    problems: list[Problem] = []
    for path, tree in file_set.trees.items():
        for process in tree.getroot().iter(f"{BPMN}process", f"{BPMN}subProcess"):
            problems += _process_problems(path, process)
    return problems


def _process_problems(path: str, process) -> list[Problem]:
    problems = []
    in_lanes = {ref.text.strip() for ref in process.iterfind(f"{BPMN}laneSet//{BPMN}flowNodeRef") if ref.text}
    has_lanes = process.find(f"{BPMN}laneSet") is not None
    event_subprocess = process.get("triggeredByEvent") == "true"
    targets = {flow.get("targetRef") for flow in process.iterfind(f"{BPMN}sequenceFlow")}
    for node in process:
        tag = node.tag.removeprefix(BPMN)
        node_id = node.get("id")
        if tag == "userTask":
            if not _has_form(node):
                problems.append(Problem(path, node.sourceline, node_id, "Zadanie użytkownika nie ma formularza."))
            if has_lanes and node_id not in in_lanes:
                problems.append(Problem(path, node.sourceline, node_id, "Zadanie użytkownika leży poza torem (rolą)."))
        starts_itself = tag == "subProcess" and node.get("triggeredByEvent") == "true"
        if tag in NEEDS_INCOMING and not event_subprocess and not starts_itself and node_id not in targets:
            problems.append(Problem(path, node.sourceline, node_id, UNREACHABLE))
    return problems


def _has_form(node) -> bool:
    return any(
        prop.get("name") == "formJsonSchemaFilename" and prop.get("value")
        for prop in node.iterfind(f"{BPMN}extensionElements/{SPIFF}properties/{SPIFF}property")
    )
