"""A message's payload contract, declared in the model, is checked before the payload reaches the case."""

from __future__ import annotations

import pytest

from engine.bpmn.payloads import InvalidMessagePayload
from engine.services.repository import validate_files
from tests.engine.bpmn_samples import FORM_NAME, deployment, form_json, line_of
from tests.engine.conformance import diagrams as d
from tests.engine.conformance.constructs import FORM
from tests.engine.conformance.diagrams import flow
from tests.engine.helpers import Driver
from tests.factories import ADMIN, make_directory
from web import create_app

CONTRACT = {"ocena": "integer", "data": "date", "uwagi": "string?"}


def message_with(fields: dict[str, str]) -> str:
    if not fields:
        return d.message("raport")
    props = "".join(f'<spiffworkflow:property name="{k}" value="{v}" />' for k, v in fields.items())
    return (
        '<bpmn:message id="Message_raport" name="raport">\n<bpmn:extensionElements><spiffworkflow:properties>\n'
        f"{props}\n</spiffworkflow:properties></bpmn:extensionElements></bpmn:message>"
    )


def diagram(fields: dict[str, str]) -> bytes:
    return d.document(
        [
            d.start(),
            d.catch("czekaj", "f_start", "f_end", d.message_definition("raport", "raport")),
            d.end("f_end"),
            flow("f_start", "start", "czekaj"),
            flow("f_end", "czekaj", "end"),
        ],
        roots=[message_with(fields)],
    )


def files(fields: dict[str, str]):
    return deployment(diagram(fields), {FORM_NAME: form_json(FORM)})


def waiting_case(engine, fields: dict[str, str]) -> Driver:
    people = make_directory(engine)
    engine.repository.deploy(files(fields), ADMIN)
    run = Driver(engine, roundtrip=True)
    run.start(people.ops, "proba")
    run.people = people
    return run


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        ([1, 2], "obiektem JSON"),
        ({"ocena": "5", "data": "2026-01-02"}, "ocena: oczekiwano: liczba całkowita"),
        ({"ocena": 5}, "data: brak wymaganego pola"),
        ({"ocena": 5, "data": "2 stycznia"}, "data: oczekiwano: data RRRR-MM-DD"),
        ({"ocena": 5, "data": "2026-01-02", "pesel": "123"}, "pesel: pole nieopisane w modelu"),
    ],
)
def test_a_payload_breaking_the_contract_is_refused_and_the_case_still_waits(engine, payload, words):
    run = waiting_case(engine, CONTRACT)
    with pytest.raises(InvalidMessagePayload, match=words) as refused:
        run.message(run.people.ops, "raport", payload)
    assert refused.value.message.startswith("Treść wiadomości „raport” nie zgadza się z jej opisem w modelu")
    assert run.status(ADMIN).status == "running"
    assert [e.kind for e in engine.history.events(ADMIN, run.case.id) if e.kind == "message_received"] == []
    run.message(run.people.ops, "raport", {"ocena": 5, "data": "2026-01-02"})  # the subscription is still there
    assert run.status(ADMIN).status == "completed"


def test_a_payload_keeping_the_contract_reaches_the_case(engine):
    run = waiting_case(engine, CONTRACT)
    run.message(run.people.ops, "raport", {"ocena": 5, "data": "2026-01-02", "uwagi": "ok"})
    assert engine.runtime.case_data(ADMIN, run.case.id)["raport"] == {"ocena": 5, "data": "2026-01-02", "uwagi": "ok"}


def test_without_a_contract_the_payload_must_still_be_an_object(engine):
    run = waiting_case(engine, {})
    with pytest.raises(InvalidMessagePayload, match="obiektem JSON"):
        run.message(run.people.ops, "raport", [1, 2])
    run.message(run.people.ops, "raport", {"cokolwiek": 1})
    assert run.status(ADMIN).status == "completed"


def test_an_unknown_type_in_a_contract_is_refused_at_its_line():
    document = diagram({"ocena": "liczba"})
    problems = validate_files(deployment(document, {FORM_NAME: form_json(FORM)}))
    assert [(p.element_id, p.line) for p in problems] == [("Message_raport", line_of(document, 'value="liczba"'))]
    assert "Nieznany typ pola wiadomości „liczba”" in problems[0].message


def test_the_api_answers_422_to_a_payload_breaking_the_contract(database_url, monkeypatch):
    monkeypatch.setenv("KOOPERACJA_DATABASE_URL", database_url)
    app = create_app({"TESTING": True})
    engine = app.extensions["kooperacja.engine"]
    try:
        run = waiting_case(engine, CONTRACT)
        gops = run.people.institutions["gops"]
        token = engine.directory.create_api_token(ADMIN, "sad-rejonowy", gops, ["messages:send"], ["raport"])[1]
        response = app.test_client().post(
            f"/api/v1/cases/{run.case.business_key}/messages/raport",
            json=[1, 2],
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "sad-1"},
        )
        assert response.status_code == 422
        assert "obiektem JSON" in response.get_json()["error"]
        assert engine.runtime.case(ADMIN, run.case.id).status == "running"
    finally:
        engine.close()
