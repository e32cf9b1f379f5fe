"""Passwords and login: argon2id hashes, one answer for every failed login, own password or an administrator's."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from engine.access.passwords import needs_rehash
from engine.db.models import AuditEntry, User
from engine.errors import InvalidFormData, NotAllowed, NotAuthenticated
from tests.factories import ADMIN, OPS_ROLE, add_person

PASSWORD = "dobre-haslo-123"
FAILED = "Nieprawidłowy login lub hasło."


def stored_hash(engine, user_id: int) -> str | None:
    with engine.context.transaction(write=False) as session:
        return session.execute(select(User.password_hash).where(User.id == user_id)).scalar_one()


def test_a_user_sets_their_own_password_and_logs_in_with_it(engine, people):
    engine.directory.set_password(people.ops, people.ops.user_id, PASSWORD)
    user = engine.directory.authenticate(" k.mazur ", PASSWORD)
    assert (user.id, user.login, user.roles) == (people.ops.user_id, "k.mazur", (OPS_ROLE,))
    assert stored_hash(engine, people.ops.user_id).startswith("$argon2id$")
    assert PASSWORD not in stored_hash(engine, people.ops.user_id)


def test_every_failed_login_gets_the_same_answer(engine, people):
    engine.directory.set_password(ADMIN, people.ops.user_id, PASSWORD)
    attempts = {
        "wrong password": ("k.mazur", "zle-haslo-123"),
        "unknown login": ("nikt.taki", PASSWORD),
        "no password set": ("j.nowak", PASSWORD),
        "login is case sensitive": ("K.MAZUR", PASSWORD),
    }
    answers = {}
    for case, (login, password) in attempts.items():
        with pytest.raises(NotAuthenticated) as raised:
            engine.directory.authenticate(login, password)
        answers[case] = raised.value.message
    assert answers == dict.fromkeys(attempts, FAILED)


def test_an_inactive_account_cannot_log_in_even_with_the_right_password(engine, people):
    engine.directory.set_password(ADMIN, people.ops.user_id, PASSWORD)
    engine.directory.update_user(ADMIN, people.ops.user_id, "K Mazur", None, people.institutions["gops"], False)
    with pytest.raises(NotAuthenticated) as raised:
        engine.directory.authenticate("k.mazur", PASSWORD)
    assert raised.value.message == FAILED


def test_only_an_administrator_sets_someone_elses_password(engine, people):
    with pytest.raises(NotAllowed, match="Hasło innej osoby może ustawić tylko administrator"):
        engine.directory.set_password(people.ops, people.ops2.user_id, PASSWORD)
    assert stored_hash(engine, people.ops2.user_id) is None

    admin = add_person(engine, "a.admin", people.institutions["gops"], "Administrator")
    engine.directory.set_password(admin, people.ops2.user_id, PASSWORD)
    assert engine.directory.authenticate("j.nowak", PASSWORD).id == people.ops2.user_id
    with engine.context.transaction(write=False) as session:
        entries = session.execute(
            select(AuditEntry.actor_id, AuditEntry.action, AuditEntry.detail).where(
                AuditEntry.action == "user.password"
            )
        ).all()
    assert [tuple(entry) for entry in entries] == [
        (admin.user_id, "user.password", f'{{"user_id": {people.ops2.user_id}}}')
    ]


def test_a_short_password_is_refused_and_the_old_one_keeps_working(engine, people):
    engine.directory.set_password(people.ops, people.ops.user_id, PASSWORD)
    with pytest.raises(InvalidFormData) as raised:
        engine.directory.set_password(people.ops, people.ops.user_id, "krotkie")
    assert raised.value.by_field() == {"password": ["Hasło musi mieć co najmniej 10 znaków."]}
    assert engine.directory.authenticate("k.mazur", PASSWORD).id == people.ops.user_id


def test_a_hash_made_with_weaker_parameters_is_replaced_at_login(engine, people):
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    user = engine.directory.add_user(
        ADMIN, "s.stary", "Stary Hash", people.institutions["gops"], [], password_hash=weak
    )
    assert needs_rehash(weak)

    assert engine.directory.authenticate("s.stary", PASSWORD).id == user.id
    renewed = stored_hash(engine, user.id)
    assert renewed != weak and not needs_rehash(renewed)
    assert engine.directory.authenticate("s.stary", PASSWORD).id == user.id
    assert stored_hash(engine, user.id) == renewed  # a current hash is left alone


def test_logins_and_refused_logins_are_audited_without_the_password(engine, people):
    engine.directory.set_password(ADMIN, people.ops.user_id, PASSWORD)
    engine.directory.authenticate("k.mazur", PASSWORD)
    for login, password in (("k.mazur", "zle-haslo-123"), ("nikt.taki", "cokolwiek-123")):
        with pytest.raises(NotAuthenticated):
            engine.directory.authenticate(login, password)
    with engine.context.transaction(write=False) as session:
        rows = session.execute(
            select(AuditEntry.actor_id, AuditEntry.action, AuditEntry.detail)
            .where(AuditEntry.action.in_(("login", "login.failed")))
            .order_by(AuditEntry.id)
        ).all()
    assert [(r.actor_id, r.action) for r in rows] == [
        (people.ops.user_id, "login"),
        (people.ops.user_id, "login.failed"),
        (None, "login.failed"),
    ]
    assert '"nikt.taki"' in rows[2].detail
    assert all("zle-haslo" not in (r.detail or "") and "cokolwiek" not in (r.detail or "") for r in rows)
