"""API tokens for external systems: issued once, listed without the secret, revoked for good."""

from __future__ import annotations

import pytest

from engine.errors import Conflict, InvalidFormData, NotAllowed, NotAuthenticated
from tests.factories import ADMIN, make_directory


def test_a_token_is_shown_once_listed_without_its_secret_and_stops_working_when_revoked(engine, clock):
    info, token = engine.directory.create_api_token(ADMIN, "  Sąd Rejonowy  ")
    assert info.name == "Sąd Rejonowy" and info.revoked_at is None
    engine.directory.create_api_token(ADMIN, "PUP")
    listed = engine.directory.api_tokens()
    assert [t.name for t in listed] == ["PUP", "Sąd Rejonowy"]
    assert all(token not in repr(t) for t in listed)
    assert engine.directory.authenticate_token(token).label == "api:Sąd Rejonowy"

    engine.directory.revoke_api_token(ADMIN, "Sąd Rejonowy")
    assert [t.revoked_at for t in engine.directory.api_tokens()] == [None, clock.now()]
    with pytest.raises(NotAuthenticated):
        engine.directory.authenticate_token(token)


def test_a_token_needs_a_free_name_and_an_administrator(engine):
    people = make_directory(engine)
    with pytest.raises(InvalidFormData) as raised:
        engine.directory.create_api_token(ADMIN, "   ")
    assert list(raised.value.by_field()) == ["name"]
    engine.directory.create_api_token(ADMIN, "PUP")
    with pytest.raises(Conflict):
        engine.directory.create_api_token(ADMIN, "PUP")
    with pytest.raises(NotAllowed):
        engine.directory.create_api_token(people.supervisor, "Policja")
    assert [t.name for t in engine.directory.api_tokens()] == ["PUP"]
