"""What a BPMN/DMN file means, without its layout and formatting: to compare a file with its re-saved self."""

from __future__ import annotations

from xml.etree import ElementTree

from engine.bpmn import definitions, state
from engine.bpmn.definitions import SourceFile
from engine.roles import VISIBILITY_TABLE_FILE

DIAGRAM_NAMESPACES = (
    "http://www.omg.org/spec/BPMN/20100524/DI",
    "https://www.omg.org/spec/DMN/20191111/DMNDI/",
)


#: Attributes whose absence means their BPMN 2.0 default (bpmn-moddle writes no attribute at its default).
DEFAULTS = {
    "cancelActivity": "true",
    "isInterrupting": "true",
    "isSequential": "false",
    "isImmediate": "false",
    "parallelMultiple": "false",
    "isForCompensation": "false",
    "completionQuantity": "1",
    "startQuantity": "1",
    "isClosed": "false",
    "isCollection": "false",
    "gatewayDirection": "Unspecified",
    "associationDirection": "None",
    "processType": "None",
}


def semantics(content: bytes) -> list[tuple]:
    """Every element outside the diagram interchange part, in document order: its tag, attributes, text.

    Namespace prefixes do not count (the tags are compared by namespace URI), nor whitespace around text,
    nor the ``exporter`` attributes an editor writes about itself, nor an attribute at its BPMN default.
    """
    root = ElementTree.fromstring(content)
    found: list[tuple] = []
    _walk(root, found)
    return found


def _walk(element: ElementTree.Element, found: list[tuple]) -> None:
    if any(element.tag.startswith("{" + ns + "}") for ns in DIAGRAM_NAMESPACES):
        return
    attributes = tuple(
        sorted(
            (k, v)
            for k, v in element.attrib.items()
            if k not in ("exporter", "exporterVersion") and DEFAULTS.get(k) != v
        )
    )
    found.append((element.tag, attributes, (element.text or "").strip()))
    for child in element:
        _walk(child, found)


def engine_specs(files: dict[str, bytes]) -> dict[str, str]:
    """Process id -> the serialised SpiffWorkflow specs the engine builds from ``files`` (what would run)."""
    model = sorted((path, content) for path, content in files.items() if VISIBILITY_TABLE_FILE not in path)
    sources = [SourceFile(path, content) for path, content in model]
    processes, _forms = definitions.build(sources)
    return {p.process_id: state.specs_to_json(p.spec, p.subprocess_specs) for p in processes}
