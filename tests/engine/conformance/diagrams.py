"""Small diagrams, one per BPMN construct, each element on its own line (see ``line_of``).

``document`` wraps flow elements into an executable process ``proba`` whose lane (the social
worker's role) holds every top-level node, plus root elements such as messages and errors.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from tests.engine.bpmn_samples import LANE, flow, properties, script_task, user_task

_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"'
    ' xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"'
    ' id="Definitions_proba" targetNamespace="http://kooperacja.example/proba">\n'
)
_NODE = re.compile(r'^<bpmn:(\w+) id="([^"]+)"')


def document(
    elements: list[str], roots: list[str] = (), process_id: str = "proba", executable: str = "true", more: str = ""
) -> bytes:
    nodes = [m.group(2) for m in map(_NODE.match, elements) if m and m.group(1) not in ("sequenceFlow",)]
    refs = "".join(f"<bpmn:flowNodeRef>{ref}</bpmn:flowNodeRef>" for ref in nodes)
    lines = [
        *roots,
        f'<bpmn:process id="{process_id}" name="Proces próbny" isExecutable="{executable}">',
        f'<bpmn:laneSet id="LaneSet_{process_id}"><bpmn:lane id="Lane_{process_id}" name="{LANE}">{refs}</bpmn:lane>'
        "</bpmn:laneSet>",
        *elements,
        "</bpmn:process>",
        more,
    ]
    return (_HEAD + "\n".join(line for line in lines if line) + "\n</bpmn:definitions>\n").encode()


def start(outgoing: str = "f_start", node_id: str = "start") -> str:
    return f'<bpmn:startEvent id="{node_id}"><bpmn:outgoing>{outgoing}</bpmn:outgoing></bpmn:startEvent>'


def end(incoming: str, node_id: str = "end", definition: str = "") -> str:
    return f'<bpmn:endEvent id="{node_id}"><bpmn:incoming>{incoming}</bpmn:incoming>{definition}</bpmn:endEvent>'


def ends(*incoming: str, node_id: str = "end") -> str:
    flows = "".join(f"<bpmn:incoming>{f}</bpmn:incoming>" for f in incoming)
    return f'<bpmn:endEvent id="{node_id}">{flows}</bpmn:endEvent>'


def script(node_id: str, incoming: str, outgoing: str, code: str) -> str:
    return script_task(node_id, node_id, incoming, outgoing, code)


def task(node_id: str, incoming: str, outgoing: str) -> str:
    return user_task(node_id, node_id, incoming, outgoing)


def gateway(kind: str, node_id: str, incoming: list[str], outgoing: list[str], default: str | None = None) -> str:
    attribute = f' default="{default}"' if default else ""
    body = "".join(f"<bpmn:incoming>{f}</bpmn:incoming>" for f in incoming)
    body += "".join(f"<bpmn:outgoing>{f}</bpmn:outgoing>" for f in outgoing)
    return f'<bpmn:{kind} id="{node_id}"{attribute}>{body}</bpmn:{kind}>'


def message(name: str) -> str:
    return f'<bpmn:message id="Message_{name}" name="{name}" />'


def message_definition(name: str, variable: str | None = None) -> str:
    extension = (
        f"<bpmn:extensionElements><spiffworkflow:messageVariable>{variable}</spiffworkflow:messageVariable>"
        "</bpmn:extensionElements>"
        if variable
        else ""
    )
    return _message_definition(name, extension)


def throw_definition(name: str, payload: str) -> str:
    payload_tag = f"<spiffworkflow:messagePayload>{escape(payload)}</spiffworkflow:messagePayload>"
    extension = f"<bpmn:extensionElements>{payload_tag}</bpmn:extensionElements>"
    return _message_definition(name, extension)


def _message_definition(name: str, extension: str) -> str:
    element = f'<bpmn:messageEventDefinition id="def_{name}" messageRef="Message_{name}">'
    return f"{element}{extension}</bpmn:messageEventDefinition>"


def timer_definition(duration: str, node_id: str) -> str:
    return (
        f'<bpmn:timerEventDefinition id="timer_{node_id}"><bpmn:timeDuration>{escape(duration)}</bpmn:timeDuration>'
        "</bpmn:timerEventDefinition>"
    )


def catch(node_id: str, incoming: str, outgoing: str, definition: str) -> str:
    return (
        f'<bpmn:intermediateCatchEvent id="{node_id}"><bpmn:incoming>{incoming}</bpmn:incoming>'
        f"<bpmn:outgoing>{outgoing}</bpmn:outgoing>{definition}</bpmn:intermediateCatchEvent>"
    )


def throw(node_id: str, incoming: str, outgoing: str, definition: str) -> str:
    return (
        f'<bpmn:intermediateThrowEvent id="{node_id}"><bpmn:incoming>{incoming}</bpmn:incoming>'
        f"<bpmn:outgoing>{outgoing}</bpmn:outgoing>{definition}</bpmn:intermediateThrowEvent>"
    )


def boundary(node_id: str, attached: str, outgoing: str, definition: str, interrupting: bool = True) -> str:
    cancel = "true" if interrupting else "false"
    return (
        f'<bpmn:boundaryEvent id="{node_id}" attachedToRef="{attached}" cancelActivity="{cancel}">'
        f"<bpmn:outgoing>{outgoing}</bpmn:outgoing>{definition}</bpmn:boundaryEvent>"
    )


def sub_process(node_id: str, incoming: str, outgoing: str, inner: list[str], extra: str = "") -> str:
    body = "\n".join(inner)
    return (
        f'<bpmn:subProcess id="{node_id}"><bpmn:incoming>{incoming}</bpmn:incoming>'
        f"<bpmn:outgoing>{outgoing}</bpmn:outgoing>{extra}\n{body}\n</bpmn:subProcess>"
    )


__all__ = ["flow", "properties", "LANE"]
