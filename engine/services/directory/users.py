"""Users: who works where, with which roles, and whether their account is active."""

from __future__ import annotations

from sqlalchemy import delete, select

from engine.access.session_keys import end_all
from engine.db.models import Institution, User, UserRole
from engine.dto import Actor, UserInfo
from engine.errors import NotAllowed, NotFound
from engine.roles import ADMIN_ROLES
from engine.services.directory.common import (
    KEEP,
    DirectoryPart,
    Fields,
    Keep,
    flush_unique,
    get,
    kept,
    user_info,
    users_info,
)


class Users(DirectoryPart):
    def add_user(
        self,
        actor: Actor,
        login: str,
        display_name: str,
        institution_id: int,
        roles: list[str],
        email: str | None = None,
        password: str | None = None,
        password_hash: str | None = None,
    ) -> UserInfo:
        """A new, active user (administrators only; audited as ``user.add``).

        ``password`` is stored argon2id-hashed; ``password_hash`` is such a hash already made (the demo
        gives many users one); with neither, no login until ``set_password``.

        Raises:
            NotAllowed: the actor is not an administrator.
            NotFound: no such institution.
            InvalidFormData: empty login, name or role, a login with spaces, a malformed e-mail.
            Conflict: the login is taken.
        """
        with self._ctx.transaction() as session:
            who = self._admin(session, actor, "zarządzać użytkownikami")
            fields = Fields()
            login = fields.login("login", login)
            display_name = fields.text("display_name", display_name, "Podaj imię i nazwisko.", 200)
            email = fields.email("email", email)
            roles = fields.roles("roles", roles)
            password_hash = fields.password("password", password) or password_hash
            fields.check()
            get(session, Institution, institution_id, "instytucji")
            user = User(
                login=login,
                display_name=display_name,
                email=email,
                password_hash=password_hash,
                institution_id=institution_id,
                active=True,
                created_at=self._ctx.clock.now(),
            )
            session.add(user)
            flush_unique(session, f"Użytkownik {login} już istnieje.")
            session.add_all(UserRole(user_id=user.id, role=role) for role in roles)
            session.flush()
            self._audit(
                session, who, "user.add", user_id=user.id, login=login, institution_id=institution_id, roles=roles
            )
            return user_info(session, user)

    def update_user(
        self,
        actor: Actor,
        user_id: int,
        display_name: str | Keep = KEEP,
        email: str | None | Keep = KEEP,
        institution_id: int | Keep = KEEP,
        active: bool | Keep = KEEP,
    ) -> UserInfo:
        """Change a user's name, e-mail, institution or whether the account is active (administrators only;
        audited as ``user.update``). What is left out stays as it is; ``email=None`` removes the address.
        The login never changes; roles change with ``set_roles``.

        Raises:
            NotAllowed: the actor is not an administrator, or would deactivate their own account.
            NotFound: no such user or institution.
            InvalidFormData: empty name, malformed e-mail.
        """
        with self._ctx.transaction() as session:
            who = self._admin(session, actor, "zarządzać użytkownikami")
            user = get(session, User, user_id, "użytkownika")
            fields = Fields()
            display_name = fields.text(
                "display_name", kept(display_name, user.display_name), "Podaj imię i nazwisko.", 200
            )
            email = fields.email("email", kept(email, user.email))
            fields.check()
            institution_id, active = kept(institution_id, user.institution_id), bool(kept(active, user.active))
            get(session, Institution, institution_id, "instytucji")
            if user_id == who.id and not active:
                raise NotAllowed("Nie możesz dezaktywować własnego konta.")
            user.display_name, user.email, user.institution_id, user.active = (
                display_name,
                email,
                institution_id,
                active,
            )
            if not active:
                end_all(session, user_id)  # a deactivated account loses every session at once
            session.flush()
            self._audit(
                session,
                who,
                "user.update",
                user_id=user_id,
                display_name=display_name,
                email=email,
                institution_id=institution_id,
                active=active,
            )
            return user_info(session, user)

    def set_roles(self, actor: Actor, user_id: int, roles: list[str]) -> UserInfo:
        """Replace a user's roles (administrators only; audited as ``user.roles``).

        Raises:
            NotAllowed: the actor is not an administrator, or would drop their own Administrator role.
            NotFound: no such user.
            InvalidFormData: an empty role name.
        """
        with self._ctx.transaction() as session:
            who = self._admin(session, actor, "zarządzać użytkownikami")
            user = get(session, User, user_id, "użytkownika")
            fields = Fields()
            roles = fields.roles("roles", roles)
            fields.check()
            if user_id == who.id and not set(roles) & ADMIN_ROLES:
                raise NotAllowed("Nie możesz odebrać sobie roli Administrator.")
            session.execute(delete(UserRole).where(UserRole.user_id == user_id))
            session.add_all(UserRole(user_id=user_id, role=role) for role in roles)
            session.flush()
            self._audit(session, who, "user.roles", user_id=user_id, roles=roles)
            return user_info(session, user)

    def user(self, user_id: int) -> UserInfo:
        """One user, active or not.

        Raises:
            NotFound: no such user.
        """
        with self._ctx.transaction(write=False) as session:
            return user_info(session, get(session, User, user_id, "użytkownika"))

    def user_by_login(self, login: str) -> UserInfo:
        """The user with this login, active or not.

        Raises:
            NotFound: no such login.
        """
        with self._ctx.transaction(write=False) as session:
            user = session.execute(select(User).where(User.login == login)).scalar_one_or_none()
            if user is None:
                raise NotFound(f"Nie ma użytkownika {login}.")
            return user_info(session, user)

    def users(self) -> list[UserInfo]:
        """Every user, active or not, by institution name, then name."""
        with self._ctx.transaction(write=False) as session:
            return users_info(session)

    def users_of(self, institution_id: int) -> list[UserInfo]:
        """The users of one institution, by name.

        Raises:
            NotFound: no such institution.
        """
        with self._ctx.transaction(write=False) as session:
            get(session, Institution, institution_id, "instytucji")
            return users_info(session, User.institution_id == institution_id)
