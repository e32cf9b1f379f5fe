"""/api/v1 for partner systems: a token acts for its institution and operations; errors are problem+json;
bodies are bounded; lists are keyset pages; every answer matches the served OpenAPI document."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from jsonschema import Draft202012Validator

from engine import Engine
from tests.engine.jobs.cases import events, to_documents, to_interview
from tests.factories import ADMIN, deploy_test_process, make_directory
from web import create_app

DOCUMENTS = {"sygnatura": "III RC 12/26"}
JSON = "application/json"
EVERYTHING = ["cases:read", "tasks:read", "processes:read", "messages:send"]


@pytest.fixture
def engine(database_url, clock):
    instance = Engine.from_url(database_url, clock=clock)
    yield instance
    instance.close()


@pytest.fixture
def app(engine):
    return create_app({"TESTING": True, "ENGINE": engine})


@pytest.fixture
def people(engine):
    deploy_test_process(engine)
    return make_directory(engine)


@pytest.fixture
def document(app) -> dict:
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


@pytest.fixture
def call(app, document):
    """A request with a token; every answer is checked against the served document's schema for it."""
    client = app.test_client()

    def call(method: str, path: str, token: str | None, **options):
        headers = dict(options.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        response = client.open(path, method=method, headers=headers, **options)
        _assert_matches(document, method, path, response)
        return response

    return call


def _token(engine, name: str, institution_id: int, operations=EVERYTHING, messages=("dokumenty",), **options) -> str:
    messages = messages if "messages:send" in operations else ()
    return engine.directory.create_api_token(ADMIN, name, institution_id, operations, messages, **options)[1]


def _assert_matches(document: dict, method: str, path: str, response) -> None:
    """The response's status is documented for the operation and its body matches the declared schema."""
    template = _template_of(document, path.split("?")[0], method.lower())
    operation = document["paths"][template][method.lower()]
    declared = operation["responses"].get(str(response.status_code))
    assert declared is not None, f"{method} {path}: {response.status_code} not in the document"
    ((media, content),) = declared["content"].items()
    assert response.mimetype == media
    schema = {**content["schema"], "components": document["components"]}
    errors = [e.message for e in Draft202012Validator(schema).iter_errors(response.get_json())]
    assert errors == [], f"{method} {path}: {errors}"


def _template_of(document: dict, path: str, method: str) -> str:
    """The documented path ``path`` belongs to (the most specific one with ``method``)."""
    parts = path.split("/")
    templates = sorted((t for t in document["paths"] if method in document["paths"][t]), key=len, reverse=True)
    for template in templates:
        pattern = template.split("/")
        if "{case_ref}" in template:  # the business key may hold slashes: match the fixed tail
            tail = pattern[pattern.index("{case_ref}") + 1 :]
            head = pattern[: pattern.index("{case_ref}")]
            rest = parts[len(head) : len(parts) - len(tail)] if tail else parts[len(head) :]
            if parts[: len(head)] == head and rest and _same(parts[len(parts) - len(tail) :], tail):
                return template
        elif len(pattern) == len(parts) and _same(parts, pattern):
            return template
    raise AssertionError(f"{path} is not in the document")


def _same(parts: list[str], pattern: list[str]) -> bool:
    return all(p == q or (q.startswith("{") and p) for p, q in zip(parts, pattern, strict=True))


# ---------------------------------------------------------------------------- who sees what


def test_a_token_of_an_institution_outside_the_case_gets_nothing_of_it(call, engine, people):
    case = to_documents(engine, people)
    outsider = _token(engine, "ops-lipiny", people.institutions["other"])
    hidden = call("GET", f"/api/v1/cases/{case.business_key}", outsider)
    unknown = call("GET", "/api/v1/cases/K/2026/NIEMA", outsider)
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.get_json()["detail"] == f"Nie ma sprawy o numerze {case.business_key}."  # no id given away
    assert call("GET", f"/api/v1/cases/{case.id}", outsider).status_code == 404
    assert call("GET", "/api/v1/cases", outsider).get_json()["items"] == []
    assert call("GET", "/api/v1/tasks", outsider).get_json()["items"] == []
    posted = call(
        "POST",
        f"/api/v1/cases/{case.business_key}/messages/dokumenty",
        outsider,
        json=DOCUMENTS,
        headers={"Idempotency-Key": "x-1"},
    )
    assert posted.status_code == 404
    assert events(engine, people, case.id, "message_received") == []


def test_a_token_of_a_taking_part_institution_reads_the_case_as_the_institution_may(call, engine, people):
    case = to_documents(engine, people)
    gops = _token(engine, "system-gops", people.institutions["gops"])
    listed = call("GET", "/api/v1/cases", gops).get_json()
    assert [c["business_key"] for c in listed["items"]] == [case.business_key] and listed["next_cursor"] is None
    body = call("GET", f"/api/v1/cases/{case.business_key}", gops).get_json()
    assert body["case"]["id"] == case.id and body["whole_file"] is True
    assert {"role": "Pracownik socjalny OPS", "institution": "GOPS Brzozowa Wola"} in body["case"]["participants"]
    assert body["sections"][0]["entries"]  # the nomination and the interview the GOPS decided
    assert body["awaited"]["messages"] == ["dokumenty"]


def test_the_tasks_of_the_institution_are_listed_and_not_anothers(call, engine, people):
    case, interview = to_interview(engine, people)
    tasks = call("GET", "/api/v1/tasks", _token(engine, "gops", people.institutions["gops"])).get_json()
    assert [(t["id"], t["business_key"]) for t in tasks["items"]] == [(interview.id, case.business_key)]
    pcpr = _token(engine, "pcpr", people.institutions["pcpr"])
    assert call("GET", "/api/v1/tasks", pcpr).get_json()["items"] == []
    read = call("GET", f"/api/v1/tasks/{interview.id}", _token(engine, "gops-2", people.institutions["gops"]))
    assert read.status_code == 200 and read.get_json()["form"]["type"] == "object"
    assert call("GET", f"/api/v1/tasks/{interview.id}", pcpr).status_code == 404


# ---------------------------------------------------------------------------- the token itself


def test_a_token_without_the_operation_gets_403_and_without_the_message_too(call, engine, people):
    case = to_documents(engine, people)
    reader = _token(engine, "czytnik", people.institutions["gops"], ["cases:read"])
    for path in ("/api/v1/tasks", "/api/v1/processes"):
        response = call("GET", path, reader)
        assert response.status_code == 403 and response.mimetype == "application/problem+json"
    english = call("GET", "/api/v1/tasks", reader, headers={"Accept-Language": "en"}).get_json()
    assert english["detail"] == "The API token does not hold the permission tasks:read."
    headers = {"Idempotency-Key": "k-1"}
    path = f"/api/v1/cases/{case.business_key}/messages/dokumenty"
    assert call("POST", path, reader, json=DOCUMENTS, headers=headers).status_code == 403
    sender = _token(engine, "nadawca", people.institutions["gops"], ["messages:send"], ["inna"])
    refused = call("POST", path, sender, json=DOCUMENTS, headers=headers)
    assert refused.status_code == 403 and "dokumenty" in refused.get_json()["detail"]
    assert events(engine, people, case.id, "message_received") == []


def test_an_expired_or_revoked_token_gets_401(call, engine, people, clock):
    token = _token(engine, "pup", people.institutions["gops"], expires_at=clock.now() + timedelta(hours=1))
    assert call("GET", "/api/v1/cases", token).status_code == 200
    clock.advance(timedelta(hours=1))
    expired = call("GET", "/api/v1/cases", token)
    assert expired.status_code == 401 and "wygasł" in expired.get_json()["detail"]
    assert expired.headers["WWW-Authenticate"].startswith("Bearer")
    other = _token(engine, "sad", people.institutions["gops"])
    engine.directory.revoke_api_token(ADMIN, "sad")
    assert call("GET", "/api/v1/cases", other).status_code == 401
    assert call("GET", "/api/v1/cases", None).status_code == 401


# ---------------------------------------------------------------------------- bodies and errors


def test_a_reused_idempotency_key_with_another_body_is_422_and_the_same_body_a_duplicate(call, engine, people):
    case = to_documents(engine, people)
    token = _token(engine, "sad", people.institutions["gops"])
    path, headers = f"/api/v1/cases/{case.business_key}/messages/dokumenty", {"Idempotency-Key": "sad-1"}
    first = call("POST", path, token, json=DOCUMENTS, headers=headers)
    again = call(
        "POST", path, token, data=' {"sygnatura" : "III RC 12/26"} ', headers=headers, content_type="application/json"
    )
    assert first.status_code == again.status_code == 200 and again.get_json()["duplicate"] is True
    other = call("POST", path, token, json={"sygnatura": "IV RC 1/26"}, headers=headers)
    assert other.status_code == 422 and "inną treścią" in other.get_json()["detail"]
    assert len(events(engine, people, case.id, "message_received")) == 1


def test_bodies_are_bounded_in_size_and_depth_and_must_be_json(call, engine, people):
    case = to_documents(engine, people)
    token = _token(engine, "sad", people.institutions["gops"])
    path, headers = f"/api/v1/cases/{case.business_key}/messages/dokumenty", {"Idempotency-Key": "sad-2"}
    large = call(
        "POST", path, token, data=b'"' + b"a" * (1024 * 1024) + b'"', headers=headers, content_type="application/json"
    )
    assert large.status_code == 413
    deep = call("POST", path, token, data=b"[" * 33 + b"]" * 33, headers=headers, content_type=JSON)
    assert deep.status_code == 422 and "zagnieżdżona" in deep.get_json()["detail"]
    hostile = call(
        "POST", path, token, data=b"[" * 100_000 + b"]" * 100_000, headers=headers, content_type="application/json"
    )
    assert hostile.status_code == 422
    text = call("POST", path, token, data="sygnatura=1", headers=headers, content_type="text/plain")
    assert text.status_code == 415
    assert events(engine, people, case.id, "message_received") == []


def test_problems_are_rfc_9457_in_polish_or_english(call, engine, people):
    token = _token(engine, "sad", people.institutions["gops"])
    polish = call("GET", "/api/v1/cases/K/2026/NIEMA", token)
    english = call("GET", "/api/v1/cases/K/2026/NIEMA", token, headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert polish.mimetype == english.mimetype == "application/problem+json"
    assert polish.get_json()["title"] == "Nie znaleziono" and english.get_json()["title"] == "Not found"
    assert english.get_json()["detail"] == "There is no case K/2026/NIEMA."
    assert {key: polish.get_json()[key] for key in ("type", "status")} == {
        "type": "/api/v1/docs#problem-not-found",
        "status": 404,
    }
    unrouted = call("GET", "/api/v1/cases/K/1/messages", token)  # no such route for GET
    assert unrouted.status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "size=0",
        "size=abc",
        "size=%C2%B2",
        "size=101",
        "backward=maybe",
        "cursor=nie-kursor",
        "cursor=" + base64.urlsafe_b64encode(json.dumps([7, ["x"]]).encode()).decode(),
        "cursor=" + base64.urlsafe_b64encode(json.dumps([0, ["x", 1]]).encode()).decode(),
        "cursor=" + base64.urlsafe_b64encode(json.dumps([0, [{"d": "2026-01-01T00:00:00"}, 5]]).encode()).decode(),
    ],
)
def test_a_bad_page_request_is_400_never_500(call, engine, people, query):
    token = _token(engine, "sad", people.institutions["gops"])
    if query.startswith("cursor=") and "%" not in query:
        assert call("GET", "/api/v1/processes?" + query, token).status_code == 400
    for path in ("/api/v1/cases", "/api/v1/tasks"):
        assert call("GET", f"{path}?{query}", token).status_code == 400, path


# ---------------------------------------------------------------------------- lists


def test_lists_are_keyset_pages(call, engine, people):
    keys = {to_documents(engine, people).business_key for _ in range(3)}
    token = _token(engine, "gops", people.institutions["gops"])
    first = call("GET", "/api/v1/cases?size=2", token).get_json()
    assert len(first["items"]) == 2 and first["total"] == 3 and first["next_cursor"]
    second = call("GET", f"/api/v1/cases?size=2&cursor={first['next_cursor']}", token).get_json()
    assert len(second["items"]) == 1 and second["next_cursor"] is None
    assert {c["business_key"] for c in first["items"] + second["items"]} == keys
    versions = call("GET", "/api/v1/processes", token).get_json()
    assert [v["number"] for v in versions["items"]] == [1]
    assert "test_sprawa" in [p["process_id"] for p in versions["items"][0]["processes"]]


# ---------------------------------------------------------------------------- the document


def test_the_openapi_document_describes_every_route_of_the_api(app, document):
    assert document["openapi"] == "3.1.0"
    routes = {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1") and rule.endpoint not in ("api.openapi", "api.docs")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    documented = {
        (path.replace("{case_ref}", "<path:case_ref>").replace("{", "<").replace("}", ">"), method.upper())
        for path, operations in document["paths"].items()
        for method in operations
    }
    assert documented == routes
    operations = [op for ops in document["paths"].values() for op in ops.values() if "x-token-operation" in op]
    assert all(op["security"] == [{"token": []}] for op in operations)
    assert {"Problem", "CasePage", "CaseDetail", "TaskPage", "VersionPage", "Delivery"} <= set(
        document["components"]["schemas"]
    )


def test_the_documentation_page_lists_the_operations_under_the_strict_policy(app):
    response = app.test_client().get("/api/v1/docs")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    for text in (
        "GET /api/v1/cases",
        "POST /api/v1/cases/{case_ref}/messages/{name}",
        "messages:send",
        "problem-too-large",
    ):
        assert text in page


# ---------------------------------------------------------------------------- starting and completing


def test_a_case_starts_where_the_institution_plays_the_start_role_and_its_task_completes_as_the_form(
    call, engine, people
):
    gops = _token(engine, "system-gops", people.institutions["gops"], ["cases:start", "tasks:read", "tasks:complete"])
    start = {"process_id": "test_sprawa", "title": "Rodzina z systemu OPS", "partnership_id": people.partnership_id}
    started = call("POST", "/api/v1/cases", gops, json=start)
    assert started.status_code == 201 and started.get_json()["title"] == "Rodzina z systemu OPS"
    case_id = started.get_json()["id"]
    pcpr = _token(engine, "system-pcpr", people.institutions["pcpr"], ["cases:start"])
    assert call("POST", "/api/v1/cases", pcpr, json=start).status_code == 403  # the PCPR does not start cases
    invalid = call("POST", "/api/v1/cases", gops, json={**start, "partnership_id": "pierwsze", "extra": 1})
    assert invalid.status_code == 422 and set(invalid.get_json()["fields"]) == {"partnership_id", "extra"}

    (nomination,) = [t for t in call("GET", "/api/v1/tasks", gops).get_json()["items"] if t["case_id"] == case_id]
    path = f"/api/v1/tasks/{nomination['id']}/complete"
    refused = call("POST", path, gops, json={"data": {"pilne": "tak"}})
    assert refused.status_code == 422 and refused.get_json()["fields"]
    done = call("POST", path, gops, json={"data": {"rodzina": "Nowakowscy", "czlonkowie": ["Marek"], "pilne": True}})
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["task"]["status"] == "completed"
    assert call("POST", path, gops, json={"data": {"rodzina": "X", "czlonkowie": [], "pilne": True}}).status_code == 409
    assert [e.kind for e in engine.history.events(people.supervisor, case_id)][:2] == ["started", "completed"]


def test_a_case_is_started_for_a_person_a_family_or_a_group_that_fits_its_process(call, engine, people, document):
    gops = _token(engine, "system-gops", people.institutions["gops"], ["cases:start"])
    start = {"title": "Maria Wilk", "partnership_id": people.partnership_id}
    started = call("POST", "/api/v1/cases", gops, json={**start, "process_id": "test_sprawa", "kind": "osoba"})
    assert started.status_code == 201 and started.get_json()["kind"] == "osoba"
    assert engine.runtime.case(people.supervisor, started.get_json()["id"]).kind == "osoba"
    unknown = call("POST", "/api/v1/cases", gops, json={**start, "process_id": "test_sprawa", "kind": "firma"})
    assert unknown.status_code == 422 and set(unknown.get_json()["fields"]) == {"kind"}
    for process, kind in (
        ("kooperacja_rodzina", "grupa"),
        ("kooperacja_grupa", "rodzina"),
        ("kooperacja_grupa", "osoba"),
    ):
        misfit = call("POST", "/api/v1/cases", gops, json={**start, "process_id": process, "kind": kind})
        assert misfit.status_code == 422, (process, kind)
        assert misfit.get_json()["fields"] == {"kind": [f"Rodzaj sprawy „{kind}” nie pasuje do procesu {process}."]}
    declared = document["components"]["schemas"]["StartCase"]["properties"]["kind"]
    assert {"osoba", "rodzina", "grupa"} <= {
        value for part in declared.get("anyOf", [declared]) for value in part.get("enum", [])
    }


def test_a_task_of_another_institution_or_taken_by_a_person_is_not_completed_by_a_token(call, engine, people):
    case, interview = to_interview(engine, people)
    body = {"data": {"wywiad": "rozmowa"}}
    pcpr = _token(engine, "system-pcpr", people.institutions["pcpr"], ["tasks:complete"])
    assert call("POST", f"/api/v1/tasks/{interview.id}/complete", pcpr, json=body).status_code == 404
    engine.tasks.claim(people.ops, interview.id)
    gops = _token(engine, "system-gops", people.institutions["gops"], ["tasks:complete"])
    taken = call("POST", f"/api/v1/tasks/{interview.id}/complete", gops, json=body)
    assert taken.status_code == 409
    reader = _token(engine, "czytnik", people.institutions["gops"], ["tasks:read"])
    assert call("POST", f"/api/v1/tasks/{interview.id}/complete", reader, json=body).status_code == 403
    assert engine.tasks.of_case(people.supervisor, case.id)[0].status == "open"


def test_text_a_database_cannot_keep_is_refused_not_a_500(call, engine, people):
    """PostgreSQL refuses NUL in text and UTF-8 has no lone surrogates: both are refused at the door."""
    token = _token(engine, "gops", people.institutions["gops"], ["cases:start", "cases:read"])
    start = {"process_id": "test\u0000", "title": "Rodzina", "partnership_id": people.partnership_id}
    assert call("POST", "/api/v1/cases", token, json=start).status_code == 422
    lone = b'{"process_id": "test_sprawa", "title": "\\ud800", "partnership_id": 1}'
    assert call("POST", "/api/v1/cases", token, data=lone, content_type=JSON).status_code == 422
    assert call("GET", "/api/v1/cases/K%00X", token).status_code == 400
    assert call("GET", "/api/v1/cases?cursor=%00", token).status_code == 400
