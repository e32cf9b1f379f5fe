"""Static checks of processes/ and forms/: what the engine, the modelers and the users rely on.

No database: the engine validates the files; the rest reads the XML and JSON directly (complete
diagram interchange, Polish names and titles, mandatory fields, roles.json covering every role).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from engine.services.repository import collect, validate_files

ROOT = Path(__file__).parents[2]
PROCESSES, FORMS = ROOT / "processes", ROOT / "forms"
BPMN_FILES = sorted(PROCESSES.glob("*.bpmn"))
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
    "dmn": "https://www.omg.org/spec/DMN/20191111/MODEL/",
    "dmndi": "https://www.omg.org/spec/DMN/20191111/DMNDI/",
}
# Semantic elements with an id that a modeler does not draw (everything else must have a shape or an edge).
NOT_DRAWN = {
    "laneSet",
    "inputDataItem",
    "outputDataItem",
    "messageEventDefinition",
    "timerEventDefinition",
    "terminateEventDefinition",
    "multiInstanceLoopCharacteristics",
    "dataObject",
    "property",
    "ioSpecification",
    "dataInput",
    "dataOutput",
    "inputSet",
    "outputSet",
}
EDGES = {"sequenceFlow", "dataInputAssociation", "dataOutputAssociation", "messageFlow", "association"}
POLISH_LETTERS = set("aąbcćdeęfghijklłmnńoóprsśtuwyzźż")
ENGLISH_WORDS = {"the", "of", "and", "for", "to", "with", "task", "form", "review", "check", "approve", "case", "user"}


def is_polish(text: str | None) -> bool:
    """A readable Polish label: not a technical id, Polish alphabet only, no common English words."""
    words = re.findall(r"[^\W\d_]+", text or "")
    return (
        bool(words)
        and "_" not in text
        and text[0].isupper()
        and all(set(word.lower()) <= POLISH_LETTERS for word in words)
        and not {word.lower() for word in words} & ENGLISH_WORDS
    )


def _xml(path: Path):
    return etree.parse(str(path))


def _schema(name: str) -> dict:
    return json.loads((FORMS / name).read_text(encoding="utf-8"))


def _user_tasks():
    for path in BPMN_FILES:
        for task in _xml(path).xpath("//bpmn:userTask", namespaces=NS):
            properties = {p.get("name"): p.get("value") for p in task.xpath(".//spiffworkflow:property", namespaces=NS)}
            yield f"{path.name}:{task.get('id')}", task.get("name"), properties.get("formJsonSchemaFilename")


def _roles() -> set[str]:
    return {entry["role"] for entry in json.loads((PROCESSES / "roles.json").read_text(encoding="utf-8"))}


def test_processes_and_forms_validate_without_problems():
    assert validate_files(collect([PROCESSES])) == []


@pytest.mark.parametrize("path", BPMN_FILES, ids=[p.name for p in BPMN_FILES])
def test_every_flow_node_lane_and_participant_has_a_shape_and_every_flow_an_edge(path):
    doc = _xml(path)
    elements = doc.xpath(
        "//bpmn:process//*[@id][not(ancestor::bpmn:extensionElements)] | //bpmn:participant", namespaces=NS
    )
    kinds = {e.get("id"): etree.QName(e).localname for e in elements if etree.QName(e).localname not in NOT_DRAWN}
    shapes = doc.xpath("//bpmndi:BPMNShape/@bpmnElement", namespaces=NS)
    edges = doc.xpath("//bpmndi:BPMNEdge/@bpmnElement", namespaces=NS)

    assert sorted(i for i, kind in kinds.items() if kind not in EDGES and i not in shapes) == []
    assert sorted(i for i, kind in kinds.items() if kind in EDGES and i not in edges) == []
    assert sorted(set(shapes + edges) - set(kinds)) == []  # nothing drawn that is not in the model
    assert sorted({i for i in shapes + edges if (shapes + edges).count(i) > 1}) == []


@pytest.mark.parametrize("path", BPMN_FILES, ids=[p.name for p in BPMN_FILES])
def test_every_shape_has_bounds_and_every_edge_a_line(path):
    doc = _xml(path)
    no_bounds = [s.get("bpmnElement") for s in doc.xpath("//bpmndi:BPMNShape[not(dc:Bounds)]", namespaces=NS)]
    edges = doc.xpath("//bpmndi:BPMNEdge", namespaces=NS)
    no_line = [e.get("bpmnElement") for e in edges if len(e.xpath("di:waypoint", namespaces=NS)) < 2]
    assert (no_bounds, no_line) == ([], [])


def test_every_decision_has_a_shape():
    paths = sorted(PROCESSES.glob("*.dmn"))
    assert paths, "the model has no decision table (kooperacja_zaproszenia.dmn proposes whom to invite)"
    for path in paths:
        doc = _xml(path)
        decisions = set(doc.xpath("//dmn:decision/@id", namespaces=NS))
        assert decisions, f"{path.name} has no decision"
        assert decisions - set(doc.xpath("//dmndi:DMNShape/@dmnElementRef", namespaces=NS)) == set()


def test_every_user_task_has_a_polish_name_and_a_form_with_a_polish_title():
    tasks = list(_user_tasks())
    assert len(tasks) > 20
    assert [where for where, name, _form in tasks if not is_polish(name)] == []
    assert [where for where, _name, form in tasks if not (form and is_polish(_schema(form).get("title")))] == []


@pytest.mark.parametrize("text", ["ut_plan", "Plan review", "Zgoda_czlonka", "task", "", "Verify budget"])
def test_a_technical_or_english_label_is_not_taken_for_polish(text):
    assert not is_polish(text)


def test_every_form_schema_lists_its_required_fields():
    missing = {}
    for path in sorted(FORMS.glob("*.schema.json")):
        schema = _schema(path.name)
        required = schema.get("required") or []
        if not required or not set(required) <= set(schema.get("properties", {})):
            missing[path.name] = required
    assert missing == {}


def test_every_form_field_has_a_polish_title():
    def untitled(schema: dict, where: str):
        for name, field in (schema.get("properties") or {}).items():
            if not is_polish(field.get("title")):
                yield f"{where}.{name}"
            yield from untitled(field, f"{where}.{name}")
        if isinstance(schema.get("items"), dict):
            yield from untitled(schema["items"], f"{where}[]")

    assert [
        field for path in sorted(FORMS.glob("*.schema.json")) for field in untitled(_schema(path.name), path.name)
    ] == []


def test_roles_json_lists_every_lane():
    lanes = {name for path in BPMN_FILES for name in _xml(path).xpath("//bpmn:lane/@name", namespaces=NS)}
    assert lanes - _roles() == set()


def test_roles_json_lists_every_role_a_task_can_be_sent_to():
    """candidateRole takes roles from the DMN (invited institutions) and from these form choices."""
    dmn = _xml(PROCESSES / "kooperacja_zaproszenia.dmn")
    role_column = dmn.xpath("//dmn:output[@name='role_z_dmn']/@id", namespaces=NS)[0]
    column = [o.get("id") for o in dmn.xpath("//dmn:output", namespaces=NS)].index(role_column)
    invited = {
        rule.xpath("dmn:outputEntry/dmn:text/text()", namespaces=NS)[column].strip("'")
        for rule in dmn.xpath("//dmn:rule", namespaces=NS)
    }
    choices = {
        ("plan_ipw.schema.json", ("properties", "pozycje_planu", "items", "properties", "wlasciciel")),
        ("zaproszenie_instytucji.schema.json", ("properties", "role_dodatkowe", "items")),
        ("inicjowanie_pzk.schema.json", ("properties", "role_czlonkowskie", "items")),
    }
    offered = set()
    for form, keys in choices:
        field = _schema(form)
        for key in keys:
            field = field[key]
        offered |= {option["const"] for option in field["oneOf"]}
    assert invited and offered
    assert (invited | offered) - _roles() == set()
