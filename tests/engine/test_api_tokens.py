"""API tokens for external systems: issued once for an institution and a scope, listed without the secret,
rotated, expiring, revoked for good."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from engine.db.models import AuditEntry
from engine.errors import Conflict, InvalidFormData, NotAllowed, NotAuthenticated, NotFound
from tests.factories import ADMIN, make_directory

SEND = ["messages:send"]


@pytest.fixture
def court(engine) -> int:
    return engine.directory.add_institution(ADMIN, "Sąd Rejonowy w Rzeszowie", "Sąd").id


def test_a_token_is_shown_once_listed_without_its_secret_and_stops_working_when_revoked(engine, clock, court):
    info, token = engine.directory.create_api_token(ADMIN, "  Sąd Rejonowy  ", court, SEND, ["dokumenty"])
    assert info.name == "Sąd Rejonowy" and info.revoked_at is None
    assert (info.institution_name, info.operations, info.messages) == (
        "Sąd Rejonowy w Rzeszowie",
        ("messages:send",),
        ("dokumenty",),
    )
    engine.directory.create_api_token(ADMIN, "PUP", court, ["cases:read"])
    listed = engine.directory.api_tokens()
    assert [t.name for t in listed] == ["PUP", "Sąd Rejonowy"]
    assert all(token not in repr(t) for t in listed)
    assert engine.directory.authenticate_token(token).label == "api:Sąd Rejonowy"

    engine.directory.revoke_api_token(ADMIN, "Sąd Rejonowy")
    assert [t.revoked_at for t in engine.directory.api_tokens()] == [None, clock.now()]
    with pytest.raises(NotAuthenticated):
        engine.directory.authenticate_token(token)


def test_a_token_needs_a_free_name_an_institution_known_operations_and_an_administrator(engine):
    people = make_directory(engine)
    gops = people.institutions["gops"]
    with pytest.raises(InvalidFormData) as raised:
        engine.directory.create_api_token(ADMIN, "   ", None, [])
    assert sorted(raised.value.by_field()) == ["institution_id", "name", "operations"]
    with pytest.raises(InvalidFormData) as raised:
        engine.directory.create_api_token(ADMIN, "X", gops, ["cases:delete"], ["dokumenty"])
    assert sorted(raised.value.by_field()) == ["messages", "operations"]  # unknown; messages without sending
    with pytest.raises(InvalidFormData) as raised:
        engine.directory.create_api_token(ADMIN, "X", gops, SEND)
    assert list(raised.value.by_field()) == ["messages"]  # sending, but which messages?
    engine.directory.create_api_token(ADMIN, "PUP", gops, ["cases:read"])
    with pytest.raises(Conflict):
        engine.directory.create_api_token(ADMIN, "PUP", gops, ["cases:read"])
    with pytest.raises(NotAllowed):
        engine.directory.create_api_token(people.supervisor, "Policja", gops, ["cases:read"])
    assert [t.name for t in engine.directory.api_tokens()] == ["PUP"]


def test_an_expired_token_is_refused_and_an_expiry_must_lie_ahead(engine, clock, court):
    with pytest.raises(InvalidFormData) as raised:
        engine.directory.create_api_token(ADMIN, "PUP", court, ["cases:read"], expires_at=clock.now())
    assert list(raised.value.by_field()) == ["expires_at"]
    info, token = engine.directory.create_api_token(
        ADMIN, "PUP", court, ["cases:read"], expires_at=clock.now() + timedelta(days=1)
    )
    assert engine.directory.authenticate_token(token).token_id == info.id
    clock.advance(timedelta(days=1))
    with pytest.raises(NotAuthenticated, match="wygasł"):
        engine.directory.authenticate_token(token)


def test_rotation_gives_a_new_secret_and_the_old_one_stops_working(engine, clock, court):
    _info, old = engine.directory.create_api_token(ADMIN, "PUP", court, ["cases:read"])
    clock.advance(timedelta(hours=1))
    info, new = engine.directory.rotate_api_token(ADMIN, "PUP")
    assert new != old and info.rotated_at == clock.now() and info.operations == ("cases:read",)
    assert engine.directory.authenticate_token(new).label == "api:PUP"
    with pytest.raises(NotAuthenticated):
        engine.directory.authenticate_token(old)
    engine.directory.revoke_api_token(ADMIN, "PUP")
    with pytest.raises(NotFound):
        engine.directory.rotate_api_token(ADMIN, "PUP")


def test_a_token_presented_for_an_operation_it_does_not_hold_is_refused_and_every_call_is_audited(engine, court):
    _info, token = engine.directory.create_api_token(ADMIN, "PUP", court, ["cases:read"])
    assert engine.directory.authenticate_token(token, "cases:read", "GET /api/v1/cases").label == "api:PUP"
    with pytest.raises(NotAllowed, match="tasks:complete"):
        engine.directory.authenticate_token(token, "tasks:complete", "POST /api/v1/tasks/1/complete")
    with engine.context.transaction(write=False) as session:
        rows = session.execute(select(AuditEntry.action, AuditEntry.detail).order_by(AuditEntry.id)).all()
    calls = [(row.action, json.loads(row.detail)) for row in rows if row.action.startswith("api.")]
    assert calls == [
        ("api.call", {"api_token": "PUP", "operation": "cases:read", "call": "GET /api/v1/cases"}),
        ("api.refused", {"api_token": "PUP", "operation": "tasks:complete", "call": "POST /api/v1/tasks/1/complete"}),
    ]
