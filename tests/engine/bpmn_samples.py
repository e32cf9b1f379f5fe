"""Small BPMN diagrams built in code, for tests that need one broken or hostile detail.

Every element sits on its own line so a test can find the line of an element with ``line_of``.
"""

from __future__ import annotations

import json
from xml.sax.saxutils import escape, quoteattr

from engine.bpmn.definitions import SourceFile

LANE = "Pracownik socjalny OPS"
FORM_NAME = "proba.schema.json"
FORM = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {"uwagi": {"type": "string"}},
}
SCRIPT_TASK_NAME = "Skrypt testowy"

_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"'
    ' xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"'
    ' id="Definitions_proba" targetNamespace="http://kooperacja.example/proba">\n'
)


def form_json(form: dict | None = None) -> bytes:
    return json.dumps(form or FORM, ensure_ascii=False, indent=2).encode()


def properties(**values: str) -> str:
    """``spiffworkflow:properties`` extension elements, e.g. ``formJsonSchemaFilename=FORM_NAME``."""
    items = "".join(f"<spiffworkflow:property name={quoteattr(k)} value={quoteattr(v)} />" for k, v in values.items())
    inner = f"<spiffworkflow:properties>{items}</spiffworkflow:properties>"
    return f"<bpmn:extensionElements>{inner}</bpmn:extensionElements>"


def user_task(task_id: str, name: str, incoming: str, outgoing: str, form: str | None = FORM_NAME) -> str:
    extensions = properties(formJsonSchemaFilename=form) if form else ""
    return (
        f'<bpmn:userTask id="{task_id}" name="{name}">{extensions}'
        f"<bpmn:incoming>{incoming}</bpmn:incoming><bpmn:outgoing>{outgoing}</bpmn:outgoing></bpmn:userTask>"
    )


def script_task(task_id: str, name: str, incoming: str, outgoing: str, script: str) -> str:
    return (
        f'<bpmn:scriptTask id="{task_id}" name="{name}"><bpmn:incoming>{incoming}</bpmn:incoming>'
        f"<bpmn:outgoing>{outgoing}</bpmn:outgoing><bpmn:script>{escape(script)}</bpmn:script></bpmn:scriptTask>"
    )


def flow(flow_id: str, source: str, target: str, condition: str | None = None) -> str:
    body = f"<bpmn:conditionExpression>{escape(condition)}</bpmn:conditionExpression>" if condition else ""
    return f'<bpmn:sequenceFlow id="{flow_id}" sourceRef="{source}" targetRef="{target}">{body}</bpmn:sequenceFlow>'


def process(
    elements: list[str],
    in_lane: list[str],
    process_id: str = "proba",
    name: str = "Proces próbny",
    prolog: str = "",
) -> bytes:
    """A definitions document with one executable process whose lane (role ``LANE``) holds ``in_lane``."""
    refs = "".join(f"<bpmn:flowNodeRef>{ref}</bpmn:flowNodeRef>" for ref in in_lane)
    lines = [
        f'<bpmn:process id="{process_id}" name="{name}" isExecutable="true">',
        f'<bpmn:laneSet id="LaneSet_{process_id}"><bpmn:lane id="Lane_{process_id}" name="{LANE}">{refs}</bpmn:lane>'
        "</bpmn:laneSet>",
        *elements,
        "</bpmn:process>",
    ]
    return (prolog + _HEAD + "\n".join(lines) + "\n</bpmn:definitions>\n").encode()


def script_process(script: str, process_id: str = "proba", name: str = "Proces próbny") -> bytes:
    """Start -> user task ``ut_dane`` (in the lane, with a form) -> script task ``st_skrypt`` -> end."""
    return process(
        [
            '<bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>',
            user_task("ut_dane", "Dane wejściowe", "f1", "f2"),
            script_task("st_skrypt", SCRIPT_TASK_NAME, "f2", "f3", script),
            '<bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>',
            flow("f1", "start", "ut_dane"),
            flow("f2", "ut_dane", "st_skrypt"),
            flow("f3", "st_skrypt", "end"),
        ],
        in_lane=["start", "ut_dane", "st_skrypt", "end"],
        process_id=process_id,
        name=name,
    )


def timer_process(expression: str, process_id: str = "proba") -> bytes:
    """Start -> user task ``ut_dane`` -> intermediate timer ``czekaj`` (duration ``expression``) -> end."""
    timer = (
        '<bpmn:intermediateCatchEvent id="czekaj" name="Czekaj"><bpmn:incoming>f2</bpmn:incoming>'
        '<bpmn:outgoing>f3</bpmn:outgoing><bpmn:timerEventDefinition id="czekaj_def">'
        f"<bpmn:timeDuration>{escape(expression)}</bpmn:timeDuration></bpmn:timerEventDefinition>"
        "</bpmn:intermediateCatchEvent>"
    )
    return process(
        [
            '<bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>',
            user_task("ut_dane", "Dane wejściowe", "f1", "f2"),
            timer,
            '<bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>',
            flow("f1", "start", "ut_dane"),
            flow("f2", "ut_dane", "czekaj"),
            flow("f3", "czekaj", "end"),
        ],
        in_lane=["start", "ut_dane", "czekaj", "end"],
        process_id=process_id,
    )


def deployment(bpmn: bytes, forms: dict[str, bytes] | None = None, name: str = "proba.bpmn") -> list[SourceFile]:
    """The file set of one diagram plus its forms (by default the one form ``FORM_NAME``)."""
    forms = {FORM_NAME: form_json()} if forms is None else forms
    return [SourceFile(f"processes/{name}", bpmn)] + [
        SourceFile(f"forms/{form}", content) for form, content in sorted(forms.items())
    ]


def write(directory, files: list[SourceFile]) -> None:
    """Lay the files out on disk under ``directory`` (``processes/...``, ``forms/...``)."""
    for source in files:
        target = directory / source.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.content)


def line_of(document: bytes, text: str) -> int:
    """The 1-based line of the first occurrence of ``text`` (e.g. ``id="st_skrypt"``)."""
    lines = document.decode().splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)
