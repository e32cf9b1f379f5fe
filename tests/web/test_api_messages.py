"""POST /api/v1/cases/<case>/messages/<name>: a court or labour-office system reports back to a case."""

from __future__ import annotations

import pytest

from tests.engine.jobs.cases import events, to_documents
from tests.factories import ADMIN, deploy_test_process, make_directory
from web import create_app

DOCUMENTS = {"sygnatura": "III RC 12/26"}
SEND = ["messages:send"]


@pytest.fixture
def app(database_url, monkeypatch):
    monkeypatch.setenv("KOOPERACJA_DATABASE_URL", database_url)
    app = create_app({"TESTING": True})
    yield app
    app.extensions["kooperacja.engine"].close()


@pytest.fixture
def engine(app):
    return app.extensions["kooperacja.engine"]


@pytest.fixture
def people(engine):
    deploy_test_process(engine)
    return make_directory(engine)


@pytest.fixture
def token(engine, people) -> str:
    """Acts for the GOPS (admitted to the test cases), may send ``dokumenty``."""
    return engine.directory.create_api_token(ADMIN, "sad-rejonowy", people.institutions["gops"], SEND, ["dokumenty"])[1]


@pytest.fixture
def post(app, token):
    client = app.test_client()

    def post(
        case_ref: str, name: str = "dokumenty", body=DOCUMENTS, key: str | None = "sad-1", auth: str | None = None
    ):
        headers = {"Authorization": auth if auth is not None else f"Bearer {token}"}
        if key is not None:
            headers["Idempotency-Key"] = key
        return client.post(f"/api/v1/cases/{case_ref}/messages/{name}", json=body, headers=headers)

    return post


def test_the_message_is_delivered_once_by_business_key_however_often_it_is_posted(post, engine, people):
    case = to_documents(engine, people)
    first = post(case.business_key)
    assert first.status_code == 200
    body = first.get_json()
    assert body["duplicate"] is False and body["case_id"] == case.id and body["business_key"] == case.business_key
    again = post(case.id)
    assert again.status_code == 200
    assert again.get_json() == {**body, "duplicate": True}
    assert len(events(engine, people, case.id, "message_received")) == 1
    assert engine.runtime.case_data(people.supervisor, case.id)["dokumenty"] == DOCUMENTS


@pytest.mark.parametrize(
    "auth",
    ["", "Bearer", "Bearer nieprawidlowy-token", "Basic c2FkOnRham5l"],
    ids=["none", "empty", "unknown", "basic"],
)
def test_without_a_valid_token_the_answer_is_401(post, engine, people, auth):
    case = to_documents(engine, people)
    response = post(case.business_key, auth=auth)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "token" in response.get_json()["error"].lower()
    assert events(engine, people, case.id, "message_received") == []


def test_a_revoked_token_is_refused(post, engine, people):
    case = to_documents(engine, people)
    engine.directory.revoke_api_token(ADMIN, "sad-rejonowy")
    assert post(case.business_key).status_code == 401


def test_an_unknown_case_is_404_with_a_polish_message(post, people):
    response = post("K/2026/NIEMA")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"
    assert response.get_json() == {
        "type": "/api/v1/docs#problem-not-found",
        "title": "Nie znaleziono",
        "status": 404,
        "detail": "Nie ma sprawy o numerze K/2026/NIEMA.",
        "error": "Nie ma sprawy o numerze K/2026/NIEMA.",
    }


def test_a_message_the_case_does_not_wait_for_is_422(post, engine, people):
    case = engine.runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id)
    response = post(case.business_key)
    assert response.status_code == 422
    assert response.get_json()["error"] == f"Sprawa {case.business_key} nie oczekuje na wiadomość „dokumenty”."


def test_a_suspended_case_answers_409_to_try_later(post, engine, people):
    case = to_documents(engine, people)
    engine.runtime.suspend(people.supervisor, case.id, "kontrola")
    response = post(case.business_key)
    assert response.status_code == 409 and response.headers["Retry-After"] == "1"
    assert response.get_json()["error"].startswith("Sprawa jest wstrzymana i nie może teraz przyjmować wiadomości.")


def test_a_key_reused_for_another_case_is_422(post, engine, people):
    first, second = to_documents(engine, people), to_documents(engine, people)
    assert post(first.business_key).status_code == 200
    response = post(second.business_key)
    assert response.status_code == 422 and "sad-1" in response.get_json()["error"]


def test_an_idempotency_key_is_required_and_the_body_must_be_json(app, post, engine, people, token):
    case = to_documents(engine, people)
    missing = post(case.business_key, key=None)
    assert missing.status_code == 400 and "Idempotency-Key" in missing.get_json()["error"]
    broken = app.test_client().post(
        f"/api/v1/cases/{case.id}/messages/dokumenty",
        data="{nie json",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "k", "Content-Type": "application/json"},
    )
    assert broken.status_code == 400 and "JSON" in broken.get_json()["error"]
    assert events(engine, people, case.id, "message_received") == []


def test_the_route_declares_api_token_access(app):
    assert app.view_functions["api.deliver_message"].access == "api_token"


def test_a_body_nested_too_deep_is_422_before_parsing(app, token, engine, people):
    case = to_documents(engine, people)
    response = app.test_client().post(
        f"/api/v1/cases/{case.business_key}/messages/dokumenty",
        data=b"[" * 3000 + b"]" * 3000,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "gleboko"},
    )
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert "zagnieżdżona" in response.get_json()["detail"]
    assert engine.runtime.case(ADMIN, case.id).status == "running"
