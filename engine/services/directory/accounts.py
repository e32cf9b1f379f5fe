"""A user's own account: password and login, e-mail preferences."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from engine.access.acting import Acting, acting
from engine.access.passwords import hash_password, needs_rehash, verify_password
from engine.access.session_keys import end_all
from engine.db.models import User
from engine.dto import Actor, UserInfo
from engine.errors import NotAllowed, NotAuthenticated, NotFound
from engine.jobs import preferences
from engine.roles import ADMIN_ROLES
from engine.services.directory.common import DirectoryPart, get, user_info


class Accounts(DirectoryPart):
    def set_password(self, actor: Actor, user_id: int, password: str) -> None:
        """Set a user's password (their own, or anyone's for administrators); stored argon2id-hashed.

        Every session of the user ends. Audited as ``user.password`` (without the password, of course).

        Raises:
            InvalidFormData: the password is too short.
            NotAllowed: someone else's password, and the actor is not an administrator.
            NotFound: no such user.
        """
        hashed = hash_password(password)
        with self._ctx.transaction() as session:
            who, target = _own_or_admin(session, actor, user_id, "Hasło innej osoby może ustawić tylko administrator.")
            session.execute(update(User).where(User.id == target).values(password_hash=hashed))
            end_all(session, target)  # a new password ends every session opened with the old one
            self._audit(session, who, "user.password", user_id=target)

    def authenticate(self, login: str, password: str) -> UserInfo:
        """The active user with this login and password; an outdated hash is replaced on the way.

        Raises:
            NotAuthenticated: unknown login, wrong password or inactive account (one message for all,
                so the answer does not reveal which logins exist).

        Both outcomes are audited: ``login`` and ``login.failed`` (with the login tried, never the password).
        """
        login = login.strip()
        with self._ctx.transaction() as session:
            user = session.execute(select(User).where(User.login == login)).scalar_one_or_none()
            stored = user.password_hash if user is not None else None
            if verify_password(stored, password) and user.active:
                if needs_rehash(stored):
                    user.password_hash = hash_password(password)
                self._audit(session, Acting(user.id, user.institution_id, frozenset()), "login")
                return user_info(session, user)
            failed_user = user.id if user is not None else None
        with self._ctx.transaction() as session:  # the refused attempt is kept, in its own transaction
            self._audit(session, Acting(failed_user, None, frozenset()), "login.failed", login=login[:80])
        raise NotAuthenticated("Nieprawidłowy login lub hasło.")

    def notification_preferences(self, actor: Actor, user_id: int | None = None) -> dict[str, bool]:
        """Which kinds of e-mail (``engine.jobs.preferences.KINDS``) the user gets; their own or, for
        administrators, anyone's."""
        with self._ctx.transaction(write=False) as session:
            return preferences.preferences(session, _own_or_admin(session, actor, user_id)[1])

    def set_notification_preferences(
        self, actor: Actor, changes: dict[str, bool], user_id: int | None = None
    ) -> dict[str, bool]:
        """Turn kinds of e-mail on or off, e.g. ``{"task_new": False}``; returns every kind's setting.

        Audited as ``user.notifications``.
        """
        with self._ctx.transaction() as session:
            who, target = _own_or_admin(session, actor, user_id)
            chosen = preferences.set_preferences(session, target, changes)
            self._audit(session, who, "user.notifications", user_id=target, changes=changes)
            return chosen


def _own_or_admin(
    session: Session,
    actor: Actor,
    user_id: int | None,
    refusal: str = "Ustawienia powiadomień innej osoby może zmieniać tylko administrator.",
) -> tuple[Acting, int]:
    """The actor and the user they act on: themselves (``user_id`` None or their own id), or anyone for
    an administrator."""
    who = acting(session, actor)
    target = user_id if user_id is not None else who.id
    if target is None:
        raise NotFound("Wskaż użytkownika.")
    if target != who.id and not who.is_system and not who.roles & ADMIN_ROLES:
        raise NotAllowed(refusal)
    get(session, User, target, "użytkownika")
    return who, target
