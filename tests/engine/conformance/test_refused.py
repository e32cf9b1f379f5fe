"""Every refused construct is refused at validate, at its exact file and line, in Polish; and every
problem of every stage is reported at once."""

from __future__ import annotations

import re

import pytest

from engine.bpmn.definitions import SourceFile
from engine.services.repository import collect, validate_files
from tests.engine.bpmn_samples import FORM_NAME, deployment, form_json, line_of
from tests.engine.conformance import diagrams as d
from tests.engine.conformance.constructs import DMN, FORM
from tests.engine.conformance.diagrams import flow

BPMN = "processes/proba.bpmn"
LINE = re.compile(r"^[^:?]+:[1-9]\d*: [^:]+: \S")


def problems_of(bpmn: bytes, *extra: SourceFile):
    problems = validate_files(deployment(bpmn, {FORM_NAME: form_json(FORM)}) + list(extra))
    for problem in problems:
        assert LINE.match(str(problem)), str(problem)
        assert not re.search(r"Error|Exception|list index|\?:", problem.message), problem.message
    return problems


def only(problems, element_id: str):
    found = [p for p in problems if p.element_id == element_id]
    assert len(found) == 1, problems
    return found[0]


def linear(node: str, node_id: str, roots: list[str] = (), executable: str = "true") -> bytes:
    """start -> ``node`` -> end."""
    return d.document(
        [d.start(), node, d.end("f_end"), flow("f_start", "start", node_id), flow("f_end", node_id, "end")],
        roots=roots,
        executable=executable,
    )


def _element(tag: str, node_id: str, body: str = "") -> str:
    return (
        f'<bpmn:{tag} id="{node_id}"><bpmn:incoming>f_start</bpmn:incoming><bpmn:outgoing>f_end</bpmn:outgoing>'
        f"{body}</bpmn:{tag}>"
    )


REFUSED = {
    "service_task": (_element("serviceTask", "usluga"), "usluga", "Zadanie usługowe"),
    "complex_gateway": (_element("complexGateway", "zlozona"), "zlozona", "Bramka złożona"),
    "ad_hoc_subprocess": (_element("adHocSubProcess", "adhoc"), "adhoc", "ad hoc"),
    "transaction": (_element("transaction", "transakcja"), "transakcja", "Transakcja"),
    "standard_loop": (
        _element("scriptTask", "petla", "<bpmn:standardLoopCharacteristics /><bpmn:script>x = 1</bpmn:script>"),
        "petla",
        "Pętla standardowa",
    ),
    "signal": (
        _element("intermediateCatchEvent", "sygnal", '<bpmn:signalEventDefinition id="def_sygnal" />'),
        "def_sygnal",
        "Sygnały",
    ),
    "conditional_event": (
        _element(
            "intermediateCatchEvent",
            "warunek",
            '<bpmn:conditionalEventDefinition id="def_warunek"><bpmn:condition>x</bpmn:condition>'
            "</bpmn:conditionalEventDefinition>",
        ),
        "def_warunek",
        "Zdarzenie warunkowe",
    ),
    "escalation": (
        _element("intermediateThrowEvent", "eskalacja", '<bpmn:escalationEventDefinition id="def_eskalacja" />'),
        "def_eskalacja",
        "Eskalacja",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_refused_element_is_named_at_its_line(name):
    node, element_id, words = REFUSED[name]
    document = linear(node, re.search(r'id="([^"]+)"', node).group(1))
    problem = only(problems_of(document), element_id)
    assert (problem.file, problem.line) == (BPMN, line_of(document, f'id="{element_id}"'))
    assert words in problem.message


def test_a_data_store_is_refused_as_such():
    store = '<bpmn:dataStoreReference id="magazyn" name="Rejestr" />'
    document = linear(d.script("st", "f_start", "f_end", "x = 1"), "st").replace(
        b'<bpmn:endEvent id="end">', f'{store}\n<bpmn:endEvent id="end">'.encode()
    )
    problem = only(problems_of(document), "magazyn")
    assert problem.line == line_of(document, 'id="magazyn"')
    assert "Magazyn danych" in problem.message


def test_a_non_executable_process_is_named_as_such():
    document = linear(d.task("ut", "f_start", "f_end"), "ut", executable="false")
    problem = only(problems_of(document), "proba")
    assert problem.line == line_of(document, '<bpmn:process id="proba"')
    assert 'isExecutable="false"' in problem.message


def test_a_start_event_waiting_for_a_message_is_refused():
    start = (
        '<bpmn:startEvent id="start"><bpmn:outgoing>f_start</bpmn:outgoing>'
        + d.message_definition("m")
        + "</bpmn:startEvent>"
    )
    document = d.document(
        [
            start,
            d.task("ut", "f_start", "f_end"),
            d.end("f_end"),
            flow("f_start", "start", "ut"),
            flow("f_end", "ut", "end"),
        ],
        roots=[d.message("m")],
    )
    problem = only(problems_of(document), "start")
    assert "Zdarzenie startowe" in problem.message


def test_an_event_subprocess_is_refused():
    inner = [d.start("f_in", "esp_start"), d.end("f_in", "esp_end"), flow("f_in", "esp_start", "esp_end")]
    esp = d.sub_process("esp", "", "", inner).replace(
        '<bpmn:subProcess id="esp">', '<bpmn:subProcess id="esp" triggeredByEvent="true">'
    )
    esp = esp.replace("<bpmn:incoming></bpmn:incoming><bpmn:outgoing></bpmn:outgoing>", "")
    document = linear(d.task("ut", "f_start", "f_end"), "ut").replace(
        b"</bpmn:process>", esp.encode() + b"\n</bpmn:process>"
    )
    problem = only(problems_of(document), "esp")
    assert "Podproces zdarzeniowy" in problem.message


def test_a_process_calling_itself_is_refused_at_the_call():
    call = _element("callActivity", "ca").replace('id="ca"', 'id="ca" calledElement="proba"')
    document = linear(call, "ca")
    problem = only(problems_of(document), "ca")
    assert problem.line == line_of(document, 'id="ca"')
    assert "rekurencję: proba → proba" in problem.message


def test_mutual_recursion_through_two_files_is_refused():
    call = _element("callActivity", "ca").replace('id="ca"', 'id="ca" calledElement="drugi"')
    back = call.replace('calledElement="drugi"', 'calledElement="proba"').replace('id="ca"', 'id="ca_wstecz"')
    second = d.document(
        [d.start(), back, d.end("f_end"), flow("f_start", "start", "ca_wstecz"), flow("f_end", "ca_wstecz", "end")],
        process_id="drugi",
    )
    problems = problems_of(linear(call, "ca"), SourceFile("processes/drugi.bpmn", second))
    assert [p.element_id for p in problems] == ["ca_wstecz"] or [p.element_id for p in problems] == ["ca"]
    assert "proba → drugi → proba" in problems[0].message or "drugi → proba → drugi" in problems[0].message


def _dmn_with(cell: str, output: str = "'dziecko'") -> bytes:
    return DMN.replace(b"<text>&lt; 18</text>", f"<text>{cell}</text>".encode()).replace(
        b"<text>'dziecko'</text>", f"<text>{output}</text>".encode()
    )


def _rule_task_process() -> bytes:
    rule = (
        '<bpmn:businessRuleTask id="brt"><bpmn:extensionElements><spiffworkflow:calledDecisionId>progi'
        "</spiffworkflow:calledDecisionId></bpmn:extensionElements><bpmn:incoming>f_start</bpmn:incoming>"
        "<bpmn:outgoing>f_end</bpmn:outgoing></bpmn:businessRuleTask>"
    )
    return linear(rule, "brt")


@pytest.mark.parametrize(
    ("cell", "output", "element_id", "words"),
    [
        ("= 1", "'dziecko'", "r1_we", "Reguła 1, kolumna wejścia 1"),
        ("__import__('os')", "'dziecko'", "r1_we", "podkreślenia"),
        ("&lt; 18", "__import__('os').system('id')", "r1_wy", "Reguła 1, kolumna wyjścia 1"),
        ("&lt; 18", "= 'x'", "r1_wy", "nie FEEL"),
    ],
)
def test_a_bad_dmn_cell_is_refused_with_rule_and_column(cell, output, element_id, words):
    dmn = _dmn_with(cell, output)
    problem = only(problems_of(_rule_task_process(), SourceFile("processes/progi.dmn", dmn)), element_id)
    assert (problem.file, problem.line) == ("processes/progi.dmn", line_of(dmn, f'id="{element_id}"'))
    assert words in problem.message


def test_a_rule_with_more_cells_than_columns_is_refused_without_a_parser_crash():
    dmn = DMN.replace(
        b'<inputEntry id="r2_we"><text>-</text></inputEntry>',
        b'<inputEntry id="r2_we"><text>-</text></inputEntry><inputEntry id="r2_nadmiar"><text>-</text></inputEntry>',
    )
    problem = only(problems_of(_rule_task_process(), SourceFile("processes/progi.dmn", dmn)), "r2")
    assert "2 komórek wejścia" in problem.message


def test_problems_of_every_stage_are_reported_at_once():
    document = linear(d.script("st", "f_start", "f_end", "import os"), "st").replace(
        b'<bpmn:endEvent id="end">', b'<bpmn:endEvent id="end" kolor="zielony">'
    )
    document = document.replace(b"</bpmn:process>", _element("serviceTask", "usluga").encode() + b"\n</bpmn:process>")
    dmn = _dmn_with("= 1")
    problems = problems_of(document, SourceFile("processes/progi.dmn", dmn))
    assert {(p.file, p.element_id) for p in problems} >= {
        (BPMN, "end"),  # schema
        (BPMN, "usluga"),  # refused construct
        ("processes/progi.dmn", "r1_we"),  # DMN cell
        (BPMN, "st"),  # script, found on the built spec
    }


def test_a_bpmn20_xml_file_is_read_as_bpmn(tmp_path):
    folder = tmp_path / "processes"
    folder.mkdir()
    (folder / "proba.bpmn20.xml").write_bytes(linear(_element("serviceTask", "usluga"), "usluga"))
    problems = validate_files(collect([folder]))
    assert [(p.file, p.element_id) for p in problems] == [("processes/proba.bpmn20.xml", "usluga")]


def test_validating_the_current_directory_names_files_by_their_folder(tmp_path, monkeypatch):
    (tmp_path / "proba.bpmn").write_bytes(linear(_element("serviceTask", "usluga"), "usluga"))
    monkeypatch.chdir(tmp_path)
    problems = validate_files(collect(["."]))
    assert [p.file for p in problems] == [f"{tmp_path.name}/proba.bpmn"]


def test_a_broken_form_schema_is_reported_in_polish_at_the_line_of_the_bad_key():
    schema = b'{\n  "type": "object",\n  "properties": {\n    "wiek": {"type": "liczba"}\n  }\n}\n'
    bpmn = linear(d.task("ut", "f_start", "f_end"), "ut")
    problems = validate_files(deployment(bpmn, {FORM_NAME: schema}))
    assert [(p.file, p.line, p.element_id) for p in problems] == [(f"forms/{FORM_NAME}", 4, "properties/wiek/type")]
    assert problems[0].message == "Niepoprawny JSON Schema: wartość niezgodna z żadną z dozwolonych postaci."


def _caller(process_id: str, *called: str) -> bytes:
    """A process whose start leads through call activities to ``called`` in turn."""
    nodes, flows, previous = [d.start()], [], "start"
    for number, target in enumerate(called):
        call_id = f"ca_{process_id}_{number}"
        incoming = "f_start" if number == 0 else f"f_{number}"
        nodes.append(
            _element("callActivity", call_id)
            .replace(f'id="{call_id}"', f'id="{call_id}" calledElement="{target}"')
            .replace("f_start", incoming)
            .replace("f_end", f"f_{number + 1}")
        )
        flows.append(flow(incoming, previous, call_id))
        previous = call_id
    last = f"f_{len(called)}" if called else "f_start"
    nodes.append(d.end(last))
    flows.append(flow(last, previous, "end"))
    return d.document(nodes + flows, process_id=process_id)


def test_two_paths_to_the_same_called_process_are_not_recursion():
    files = [
        SourceFile("processes/b.bpmn", _caller("b", "d")),
        SourceFile("processes/c.bpmn", _caller("c", "d")),
        SourceFile("processes/d.bpmn", _caller("d")),
    ]
    assert problems_of(_caller("proba", "b", "c"), *files) == []
