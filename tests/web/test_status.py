"""The public start page and health check."""

from __future__ import annotations

import pytest

from engine.db.database import Database
from web import create_app


@pytest.fixture
def client(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'web.db'}"
    Database(url).migrate()
    monkeypatch.setenv("KOOPERACJA_DATABASE_URL", url)
    return create_app({"TESTING": True}).test_client()


def test_start_page_speaks_polish_and_says_what_to_deploy(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="pl">' in page
    assert "Nie wdrożono jeszcze żadnego procesu" in page


def test_health_check_answers_ok(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
