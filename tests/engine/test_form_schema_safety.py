"""Hostile form schemas are refused when the files are checked, with the file and line; none reaches out.

A form schema is analyst input that the validator obeys, so a schema must not make the server fetch a
URL or read a file (``$ref``), recurse without end (a ``$ref`` loop), backtrack for minutes (a
``pattern``), or break the parser (nesting thousands deep).
"""

from __future__ import annotations

import http.server
import json
import threading

import pytest

from engine.bpmn.definitions import check
from engine.errors import DefinitionError, InvalidFormData
from engine.forms import validate
from tests.engine.bpmn_samples import FORM_NAME, deployment, script_process
from tests.factories import ADMIN

FORM_PATH = f"forms/{FORM_NAME}"


def schema_with(**fields) -> dict:
    return {"type": "object", "properties": {"uwagi": {"type": "string"}, **fields}}


def nested(depth: int) -> dict:
    schema: dict = {"type": "string"}
    for _ in range(depth):
        schema = {"type": "object", "properties": {"a": schema}}
    return schema


def nested_text(depth: int) -> bytes:
    """A schema nested ``depth`` objects deep, written out directly (``json.dumps`` would recurse too deep)."""
    head = '{"type": "object", "properties": {"a":\n' * depth
    return (head + '{"type": "string"}' + "}}" * depth).encode()


def laughs(levels: int) -> dict:
    """Definitions each using the next one twice: tiny to write, 2**levels nodes to expand."""
    defs = {f"d{i}": {"type": "array", "prefixItems": [{"$ref": f"#/$defs/d{i + 1}"}] * 2} for i in range(levels)}
    defs[f"d{levels}"] = {"type": "string"}
    return {**schema_with(x={"$ref": "#/$defs/d0"}), "$defs": defs}


def form_problems(content: bytes) -> list:
    """The problems ``check`` reports for the form file when the test process uses this form."""
    problems = check(deployment(script_process("wynik = 1"), {FORM_NAME: content}))
    return [p for p in problems if p.file == FORM_PATH]


def as_file(schema: dict) -> bytes:
    return json.dumps(schema, indent=2).encode()


HOSTILE = {
    "remote-ref": schema_with(x={"$ref": "http://127.0.0.1:9/form.json"}),
    "file-ref": schema_with(x={"$ref": "file:///etc/passwd"}),
    "relative-ref": schema_with(x={"$ref": "inny.schema.json"}),
    "anchor-ref": schema_with(x={"$ref": "#kotwica"}),
    "remote-dynamic-ref": schema_with(x={"$dynamicRef": "https://example.org/s.json#meta"}),
    "missing-ref": schema_with(x={"$ref": "#/$defs/brak"}),
    "self-loop": {**schema_with(x={"$ref": "#/$defs/a"}), "$defs": {"a": {"$ref": "#/$defs/a"}}},
    "two-step-loop": {
        **schema_with(x={"$ref": "#/$defs/a"}),
        "$defs": {"a": {"allOf": [{"$ref": "#/$defs/b"}]}, "b": {"anyOf": [{"$ref": "#/$defs/a"}]}},
    },
    "root-loop": schema_with(x={"$ref": "#"}),
    "expansion-bomb": laughs(20),
    "nested-id": schema_with(x={"$id": "http://127.0.0.1:9/x.json", "type": "string"}),
    "nested-quantifier": schema_with(x={"type": "string", "pattern": "^(a+)+$"}),
    "star-in-star": schema_with(x={"type": "string", "pattern": "(a*)*b"}),
    "repeated-alternation": schema_with(x={"type": "string", "pattern": "^(a|a)*$"}),
    "words-repeated": schema_with(x={"type": "string", "pattern": "^(\\w+\\s?)+$"}),
    "counted-nesting": schema_with(x={"type": "string", "pattern": "^(a{1,100}){1,100}$"}),
    "lookahead-nesting": schema_with(x={"type": "string", "pattern": "^(?=(a+)+b)"}),
    "back-reference": schema_with(x={"type": "string", "pattern": "^(a+)\\1$"}),
    "pattern-property": schema_with(x={"type": "object", "patternProperties": {"^(x+)+$": {"type": "string"}}}),
    "long-pattern": schema_with(x={"type": "string", "pattern": "a" * 501}),
    "long-enum": schema_with(x={"enum": list(range(1001))}),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_form_schema_is_refused_with_its_file_and_line(name):
    content = as_file(HOSTILE[name])
    problems = form_problems(content)
    assert problems, name
    assert all(p.line is not None and 1 < p.line <= content.count(b"\n") + 1 for p in problems)
    assert all(str(p).startswith(f"{FORM_PATH}:{p.line}: ") for p in problems)


@pytest.mark.parametrize(
    "content",
    [
        nested_text(3000),
        b'{"type": "object", "default": ' + b"[" * 3000 + b"]" * 3000 + b"}",
        as_file({**schema_with(), "description": "x" * (300 * 1024)}),
    ],
    ids=["schema-nested-3000", "array-nested-3000", "over-256-kb"],
)
def test_a_form_file_too_deep_or_too_big_is_refused_before_parsing(content):
    [problem] = form_problems(content)
    assert problem.line is not None
    assert "zbyt" in problem.message


def test_deploy_refuses_a_schema_nested_3000_deep_without_crashing(engine):
    with pytest.raises(DefinitionError) as raised:
        engine.repository.deploy(deployment(script_process("wynik = 1"), {FORM_NAME: nested_text(3000)}), ADMIN)
    assert [p.file for p in raised.value.problems] == [FORM_PATH]
    assert engine.repository.versions() == []


@pytest.mark.parametrize(
    "schema",
    [
        schema_with(kod={"type": "string", "pattern": "^\\d{2}-\\d{3}$"}),
        schema_with(mail={"type": "string", "pattern": "^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$"}),
        schema_with(pesel={"type": "string", "pattern": "^[0-9]{11}$"}),
        {**schema_with(adres={"$ref": "#/$defs/adres"}), "$defs": {"adres": {"type": "string"}}},
        schema_with(wybor={"enum": [f"opcja {i}" for i in range(50)]}),
        nested(20),
    ],
    ids=["postcode", "email", "pesel", "local-ref", "enum-50", "nested-20"],
)
def test_ordinary_form_schemas_pass(schema):
    assert form_problems(as_file(schema)) == []


@pytest.fixture
def listener():
    """A local HTTP server that records every request it gets."""
    hits: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"type": "string"}')

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


def test_neither_checking_nor_validating_with_a_remote_ref_makes_a_request(listener):
    url, hits = listener
    schema = schema_with(x={"$ref": f"{url}/form.json"})
    assert form_problems(as_file(schema))
    with pytest.raises(InvalidFormData):
        validate(schema, {"x": "a"})
    assert hits == []
