"""A case that fails says where and what: the element's name and a Polish reason, never an empty message."""

from __future__ import annotations

import pytest

from engine.bpmn.definitions import SourceFile
from tests.engine.bpmn_samples import FORM_NAME, deployment, form_json
from tests.engine.conformance import diagrams as d
from tests.engine.conformance.constructs import FORM
from tests.engine.conformance.diagrams import flow
from tests.engine.conformance.tasks_and_gateways import business_rule_task
from tests.factories import ADMIN, make_directory


def _script_case(engine, code: str):
    bpmn = d.document(
        [
            d.start(),
            d.task("ut", "f_start", "f1"),
            d.script("st_zly", "f1", "f_end", code),
            d.end("f_end"),
            flow("f_start", "start", "ut"),
            flow("f1", "ut", "st_zly"),
            flow("f_end", "st_zly", "end"),
        ]
    )
    people = make_directory(engine)
    engine.repository.deploy(deployment(bpmn, {FORM_NAME: form_json(FORM)}), ADMIN)
    case = engine.runtime.start(people.ops, "proba")
    task = next(t for t in engine.tasks.inbox(people.ops) if t.case_id == case.id)
    engine.tasks.complete(people.ops, task.id, {"uwagi": "x"})
    return engine.runtime.case(ADMIN, case.id)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("raise ValueError()", "niepoprawna wartość"),
        ("x = [][0] if False else {}['brak']", "'brak'"),
        ("raise TypeError", "niezgodny typ danych"),
    ],
)
def test_a_failing_script_names_its_element_and_the_reason(engine, code, reason):
    case = _script_case(engine, code)
    assert case.status == "error"
    assert case.error.startswith("Błąd w zadaniu „st_zly”")
    assert case.error.rstrip().endswith(reason)
    assert case.error.split(": ", 1)[1].strip()


def test_a_dmn_rule_that_would_loop_for_ever_stops_at_the_sandbox_limit_naming_the_task(engine):
    construct = business_rule_task()
    dmn = construct.extra[0][1].replace(
        b"<text>'dziecko'</text>", b"<text>sum(1 for x in range(10**6) for y in range(10**6))</text>"
    )
    people = make_directory(engine)
    engine.repository.deploy(
        deployment(construct.bpmn, {FORM_NAME: form_json(FORM)}) + [SourceFile("processes/progi.dmn", dmn)], ADMIN
    )
    case = engine.runtime.start(people.ops, "proba")
    task = next(t for t in engine.tasks.inbox(people.ops) if t.case_id == case.id)
    engine.tasks.complete(people.ops, task.id, {"wiek": 12})
    case = engine.runtime.case(ADMIN, case.id)
    assert case.status == "error"
    assert case.error.startswith("Błąd w zadaniu „brt”")
    assert "limit" in case.error, case.error
