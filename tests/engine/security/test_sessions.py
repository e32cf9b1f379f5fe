"""Sessions the server can end, and login throttling per account and per address (engine side)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from engine.access import throttle
from engine.db.models import AuditEntry, LoginFailure
from engine.errors import LoginThrottled, NotAllowed, NotAuthenticated
from tests.factories import ADMIN

PASSWORD = "dobre-haslo-123"
HOME, ELSEWHERE = "192.0.2.10", "198.51.100.7"


@pytest.fixture
def ops(engine, people):
    engine.directory.set_password(ADMIN, people.ops.user_id, PASSWORD)
    return people.ops


def audited(engine, action: str) -> list[tuple]:
    with engine.context.transaction(write=False) as session:
        rows = session.execute(
            select(AuditEntry.actor_id, AuditEntry.detail).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
        return [tuple(row) for row in rows]


def test_a_login_grants_the_session_key_every_session_of_the_user_shares(engine, ops):
    first = engine.sessions.log_in("k.mazur", PASSWORD, HOME)
    second = engine.sessions.log_in("k.mazur", PASSWORD, ELSEWHERE)
    assert first.user.id == ops.user_id and first.session_key == second.session_key
    assert len(first.session_key) >= 32
    assert engine.sessions.user_for(ops.user_id, first.session_key).login == "k.mazur"
    assert engine.sessions.user_for(ops.user_id, "a-guessed-key") is None
    assert engine.sessions.user_for(ops.user_id, None) is None


@pytest.mark.parametrize("how", ["log out", "own password", "password by admin", "deactivation", "admin ends"])
def test_every_session_of_the_user_ends_at_once(engine, people, ops, how):
    key = engine.sessions.log_in("k.mazur", PASSWORD, HOME).session_key
    bystander_key = engine.sessions.start(people.ops2.user_id)
    if how == "log out":
        engine.sessions.end_sessions(ops)
    elif how == "own password":
        engine.directory.set_password(ops, ops.user_id, "nowe-dobre-haslo-456")
    elif how == "password by admin":
        engine.directory.set_password(ADMIN, ops.user_id, "nowe-dobre-haslo-456")
    elif how == "deactivation":
        engine.directory.update_user(ADMIN, ops.user_id, active=False)
    else:
        engine.sessions.end_sessions(ADMIN, ops.user_id)
    assert engine.sessions.user_for(ops.user_id, key) is None
    assert engine.sessions.user_for(people.ops2.user_id, bystander_key) is not None  # others keep theirs
    if how != "deactivation":
        fresh = engine.sessions.start(ops.user_id)
        assert fresh != key and engine.sessions.user_for(ops.user_id, fresh) is not None


def test_only_an_administrator_ends_someone_elses_sessions_and_it_is_audited(engine, people, ops):
    with pytest.raises(NotAllowed):
        engine.sessions.end_sessions(people.ops2, ops.user_id)
    engine.sessions.end_sessions(ADMIN, ops.user_id)
    assert audited(engine, "session.end") == [(None, f'{{"user_id": {ops.user_id}}}')]


def test_wrong_passwords_pause_the_account_even_for_the_right_password(engine, clock, ops):
    for _ in range(throttle.ACCOUNT_LIMIT):
        with pytest.raises(NotAuthenticated) as raised:
            engine.sessions.log_in("k.mazur", "zle-haslo-123", HOME)
        assert not isinstance(raised.value, LoginThrottled)
    with pytest.raises(LoginThrottled) as raised:
        engine.sessions.log_in("k.mazur", PASSWORD, ELSEWHERE)  # right password, other address: still paused
    paused = raised.value
    assert paused.scope == "account" and timedelta(0) < paused.retry_after <= throttle.WINDOW
    assert "Zbyt wiele nieudanych prób logowania na to konto" in paused.message
    assert "wstrzymane na 15 min" in paused.message
    detail = f'{{"login": "k.mazur", "address": "{ELSEWHERE}", "scope": "account"}}'
    assert audited(engine, "login.throttled") == [(ops.user_id, detail)]
    clock.advance(throttle.WINDOW)
    assert engine.sessions.log_in("k.mazur", PASSWORD, HOME).user.id == ops.user_id


def test_a_successful_login_clears_the_account_count(engine, ops):
    for _ in range(throttle.ACCOUNT_LIMIT - 1):
        with pytest.raises(NotAuthenticated):
            engine.sessions.log_in("k.mazur", "zle-haslo-123", HOME)
    engine.sessions.log_in("k.mazur", PASSWORD, HOME)
    with pytest.raises(NotAuthenticated) as raised:
        engine.sessions.log_in("k.mazur", "zle-haslo-123", HOME)
    assert not isinstance(raised.value, LoginThrottled)
    assert engine.sessions.log_in("k.mazur", PASSWORD, HOME).user.id == ops.user_id


def test_one_address_trying_many_logins_is_paused_for_every_login(engine, people, ops):
    for number in range(throttle.ADDRESS_LIMIT):
        with pytest.raises(NotAuthenticated):
            engine.sessions.log_in(f"zgadywany.{number}", "cokolwiek-123", ELSEWHERE)
    with pytest.raises(LoginThrottled) as raised:
        engine.sessions.log_in("k.mazur", PASSWORD, ELSEWHERE)
    assert raised.value.scope == "address"
    assert "z tego adresu sieciowego" in raised.value.message
    assert engine.sessions.log_in("k.mazur", PASSWORD, HOME).user.id == ops.user_id  # another address may
    unknown = [row for row in audited(engine, "login.throttled") if row[0] is None]
    assert unknown == []  # the paused login was a known one


def test_refused_logins_are_forgotten_after_a_day(engine, clock, ops):
    with pytest.raises(NotAuthenticated):
        engine.sessions.log_in("k.mazur", "zle-haslo-123", HOME)
    clock.advance(throttle.KEEP + timedelta(minutes=1))
    with pytest.raises(NotAuthenticated):
        engine.sessions.log_in("nikt.taki", "zle-haslo-123", HOME)
    with engine.context.transaction(write=False) as session:
        assert session.execute(select(LoginFailure.login)).scalars().all() == ["nikt.taki"]
