"""Sessions the server can end: every session cookie carries the user's current ``session_key``.

A session is valid while the user is active and the key it carries is the user's current one.
Logging out, a password change, deactivation and an administrator's "log out everywhere" clear the
key, so every session of that user ends at once, on every device; the next login draws a new key.
A cookie forged with a leaked signing key still needs the random key of a logged-in user.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update

from engine.access import throttle
from engine.access.acting import Acting, acting
from engine.access.audit import audit
from engine.access.session_keys import end_all
from engine.db.models import Institution, User, UserRole
from engine.dto import Actor, UserInfo
from engine.errors import NotAllowed, NotAuthenticated, NotFound
from engine.roles import ADMIN_ROLES
from engine.store.context import EngineContext

_USERS, _ROLES, _INSTITUTIONS = User.__table__, UserRole.__table__, Institution.__table__
# Every request checks its session: the user, their institution and roles in one statement (a row per role).
_SESSION_USER = (
    select(
        _USERS.c.id,
        _USERS.c.login,
        _USERS.c.display_name,
        _USERS.c.email,
        _USERS.c.institution_id,
        _USERS.c.active,
        _USERS.c.session_key,
        _INSTITUTIONS.c.name.label("institution_name"),
        _ROLES.c.role,
    )
    .join(_INSTITUTIONS, _INSTITUTIONS.c.id == _USERS.c.institution_id)
    .outerjoin(_ROLES, _ROLES.c.user_id == _USERS.c.id)
    .where(_USERS.c.id == bindparam("user_id"))
    .order_by(_ROLES.c.role)
)


@dataclass(frozen=True)
class Grant:
    """A successful login: the user and the session key their cookie must carry."""

    user: UserInfo
    session_key: str


class SessionService:
    def __init__(self, ctx: EngineContext, directory):
        self._ctx = ctx
        self._directory = directory

    def log_in(self, login: str, password: str, address: str | None = None) -> Grant:
        """Check the password unless logins for this account or address are paused.

        Raises:
            LoginThrottled: too many refused logins lately (audited as ``login.throttled``).
            NotAuthenticated: unknown login, wrong password or inactive account (counted).
        """
        login = login.strip()
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            paused = throttle.pause(session, login, address, now)
            if paused is not None:
                known = session.execute(select(_USERS.c.id).where(_USERS.c.login == login)).scalar()
                who = Acting(known, None, frozenset())
                audit(session, now, who, "login.throttled", login=login[:80], address=address, scope=paused.scope)
        if paused is not None:
            raise paused.error()
        try:
            user = self._directory.authenticate(login, password)
        except NotAuthenticated:
            with self._ctx.transaction() as session:
                throttle.record_failure(session, login, address, now)
            raise
        with self._ctx.transaction() as session:
            throttle.clear(session, login)
        return Grant(user, self.start(user.id))

    def start(self, user_id: int) -> str:
        """The key a new session of this (already authenticated) user carries; drawn when they have none."""
        with self._ctx.transaction() as session:
            key = session.execute(select(_USERS.c.session_key).where(_USERS.c.id == user_id)).scalar()
            if key is None:
                key = secrets.token_urlsafe(32)
                session.execute(update(_USERS).where(_USERS.c.id == user_id).values(session_key=key))
            return key

    def user_for(self, user_id: int, key: str | None) -> UserInfo | None:
        """The user a session belongs to, or None when it has ended (revoked key, inactive or removed user)."""
        rows = self._ctx.db.read(_SESSION_USER, {"user_id": user_id})
        user = rows[0] if rows else None
        if user is None or not user.active or not user.session_key or not key:
            return None
        if not hmac.compare_digest(user.session_key.encode(), key.encode()):
            return None
        roles = tuple(row.role for row in rows if row.role is not None)
        return UserInfo(
            id=user.id,
            login=user.login,
            display_name=user.display_name,
            email=user.email,
            institution_id=user.institution_id,
            institution_name=user.institution_name,
            roles=roles,
            active=user.active,
        )

    def end_sessions(self, actor: Actor, user_id: int | None = None) -> None:
        """Log the user out everywhere: their own sessions, or (administrators) anyone's.

        Audited as ``session.end``.

        Raises:
            NotAllowed: someone else's sessions, and the actor is not an administrator.
            NotFound: no such user.
        """
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            target = who.id if user_id is None else user_id
            if target != who.id and not who.is_system and not who.roles & ADMIN_ROLES:
                raise NotAllowed("Sesje innej osoby może zakończyć tylko administrator.")
            if target is None or session.get(User, target) is None:
                raise NotFound(f"Nie ma użytkownika o identyfikatorze {target}.")
            end_all(session, target)
            audit(session, self._ctx.clock.now(), who, "session.end", user_id=target)
