"""schemathesis against the served OpenAPI document: for every operation a bounded number of generated
requests (valid and invalid ones), with a token that may do everything and one that may do nearly nothing; no answer
is a 5xx, and every answer's status, content type, headers and body are the ones the document declares."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks

from engine import Engine
from engine.roles import API_OPERATIONS
from tests.engine.jobs.cases import to_documents
from tests.factories import ADMIN, deploy_test_process, make_directory
from web import create_app

EXAMPLES = 25  # per operation and token: a bound, so the suite stays quick
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def app(database_url, clock):
    engine = Engine.from_url(database_url, clock=clock)
    yield create_app({"TESTING": True, "ENGINE": engine})
    engine.close()


def test_every_operation_answers_as_documented_and_never_5xx(app, clock):
    engine = app.extensions["kooperacja.engine"]
    deploy_test_process(engine)
    people = make_directory(engine)
    waiting = to_documents(engine, people)  # a case waiting for a message, with a file and an open list
    meeting = engine.meetings.schedule(people.animator, people.partnership_id, clock.now(), "Sala narad GOPS", [])
    gops = people.institutions["gops"]
    full = engine.directory.create_api_token(ADMIN, "wszystko", gops, API_OPERATIONS, ["dokumenty"])[1]
    none = engine.directory.create_api_token(ADMIN, "nic", people.institutions["other"], ["processes:read"])[1]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    assert {"/api/v1/meetings", "/api/v1/meetings/{meeting_id}"} <= {operation.full_path for operation in operations}
    runs = ((full, GenerationMode.POSITIVE), (full, GenerationMode.NEGATIVE), (none, GenerationMode.POSITIVE))
    for operation in operations:
        for token, mode in runs:
            headers = {"Authorization": f"Bearer {token}", "Accept-Language": "pl"}
            try:
                _fuzz(operation, mode, headers)
            except Unsatisfiable:  # nothing to break: the operation takes no parameters and no body
                assert mode == GenerationMode.NEGATIVE and operation.path.endswith("/health")
        if "{case_ref}" in operation.path:  # also the real case, so bodies reach the message's contract
            known = {"case_ref": waiting.business_key, "name": "dokumenty"}
            wanted = {name: value for name, value in known.items() if "{" + name + "}" in operation.path}
            _fuzz(operation, GenerationMode.POSITIVE, {"Authorization": f"Bearer {full}"}, wanted)
        if "{meeting_id}" in operation.path:  # also the partnership's real meeting
            _fuzz(
                operation,
                GenerationMode.POSITIVE,
                {"Authorization": f"Bearer {full}"},
                {"meeting_id": meeting.summary.id},
            )


def _fuzz(operation, mode: GenerationMode, headers: dict, path_parameters: dict | None = None) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()
