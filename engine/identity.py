"""Directory service: institutions, users and their roles, partnerships (PZK) and their members.

Also the permission helpers the other services use: who the acting user is, and what they hold.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.context import EngineContext
from engine.db.models import ApiToken, Institution, Partnership, PartnershipMember, User, UserRole
from engine.dto import Actor, ApiTokenInfo, InstitutionInfo, PartnershipInfo, UserInfo
from engine.errors import Conflict, NotAllowed, NotAuthenticated, NotFound
from engine.notify import preferences
from engine.passwords import hash_password, needs_rehash, verify_password

INSTITUTION_KINDS = (
    "OPS",
    "PCPR",
    "PUP",
    "Policja",
    "Sąd",
    "szkoła",
    "PPP",
    "ochrona zdrowia",
    "GKRPA",
    "ZI",
    "OIK",
    "NGO",
    "ROPS",
)
ADMIN_ROLES = ("Administrator",)


@dataclass(frozen=True)
class Acting:
    """The acting user as the permission checks need them."""

    id: int | None
    institution_id: int | None
    roles: frozenset[str]

    @property
    def is_system(self) -> bool:
        return self.id is None


_USERS, _ROLES = User.__table__, UserRole.__table__
_ACTING = (
    select(_USERS.c.active, _USERS.c.institution_id, _ROLES.c.role)
    .select_from(_USERS.outerjoin(_ROLES, _ROLES.c.user_id == _USERS.c.id))
    .where(_USERS.c.id == bindparam("user_id"))
)


def acting(session: Session, actor: Actor) -> Acting:
    """Load the acting user's institution and roles; inactive or unknown users may do nothing."""
    if actor.is_system:
        return Acting(None, None, frozenset())
    rows = session.execute(_ACTING, {"user_id": actor.user_id}).all()
    if not rows or not rows[0].active:
        raise NotAllowed("Konto użytkownika nie istnieje lub jest nieaktywne.")
    roles = frozenset(row.role for row in rows if row.role is not None)
    return Acting(actor.user_id, rows[0].institution_id, roles)


def require_role(session: Session, actor: Actor, roles: tuple[str, ...], what: str) -> Acting:
    """The acting user, if they hold one of ``roles`` (the system always may)."""
    who = acting(session, actor)
    if not who.is_system and not who.roles.intersection(roles):
        raise NotAllowed(f"Nie masz uprawnień, aby {what}.")
    return who


class DirectoryService:
    """Institutions, users, roles and partnerships. Changes need the Administrator role."""

    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def add_institution(self, actor: Actor, name: str, kind: str, gmina: str | None = None) -> InstitutionInfo:
        if kind not in INSTITUTION_KINDS:
            raise NotAllowed(f"Nieznany typ instytucji: {kind}. Dozwolone: {', '.join(INSTITUTION_KINDS)}.")
        with self._ctx.transaction() as session:
            require_role(session, actor, ADMIN_ROLES, "zarządzać instytucjami")
            row = Institution(name=name, kind=kind, gmina=gmina, created_at=self._ctx.clock.now())
            session.add(row)
            _flush_unique(session, f"Instytucja o nazwie {name} już istnieje.")
            return _institution(row)

    def institutions(self) -> list[InstitutionInfo]:
        with self._ctx.transaction(write=False) as session:
            rows = session.execute(select(Institution).order_by(Institution.name)).scalars()
            return [_institution(row) for row in rows]

    def add_user(
        self,
        actor: Actor,
        login: str,
        display_name: str,
        institution_id: int,
        roles: list[str],
        email: str | None = None,
        password_hash: str | None = None,
    ) -> UserInfo:
        with self._ctx.transaction() as session:
            require_role(session, actor, ADMIN_ROLES, "zarządzać użytkownikami")
            if session.get(Institution, institution_id) is None:
                raise NotFound(f"Nie ma instytucji {institution_id}.")
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
            _flush_unique(session, f"Użytkownik {login} już istnieje.")
            session.add_all(UserRole(user_id=user.id, role=role) for role in sorted(set(roles)))
            session.flush()
            return _user(session, user)

    def set_roles(self, actor: Actor, user_id: int, roles: list[str]) -> UserInfo:
        with self._ctx.transaction() as session:
            require_role(session, actor, ADMIN_ROLES, "zarządzać użytkownikami")
            user = _get(session, User, user_id, "użytkownika")
            session.execute(delete(UserRole).where(UserRole.user_id == user_id))
            session.add_all(UserRole(user_id=user_id, role=role) for role in sorted(set(roles)))
            session.flush()
            return _user(session, user)

    def user(self, user_id: int) -> UserInfo:
        with self._ctx.transaction(write=False) as session:
            return _user(session, _get(session, User, user_id, "użytkownika"))

    def user_by_login(self, login: str) -> UserInfo:
        with self._ctx.transaction(write=False) as session:
            user = session.execute(select(User).where(User.login == login)).scalar_one_or_none()
            if user is None:
                raise NotFound(f"Nie ma użytkownika {login}.")
            return _user(session, user)

    def add_partnership(
        self, actor: Actor, name: str, gmina: str | None, members: list[tuple[int, str]]
    ) -> PartnershipInfo:
        """A PZK with its members: (institution id, the role that institution plays)."""
        with self._ctx.transaction() as session:
            require_role(session, actor, ADMIN_ROLES, "zarządzać partnerstwami")
            row = Partnership(name=name, gmina=gmina, created_at=self._ctx.clock.now())
            session.add(row)
            _flush_unique(session, f"Partnerstwo {name} już istnieje.")
            for institution_id, role in sorted(set(members)):
                _get(session, Institution, institution_id, "instytucji")
                session.add(PartnershipMember(partnership_id=row.id, institution_id=institution_id, role=role))
            session.flush()
            return _partnership(session, row)

    def partnership(self, partnership_id: int) -> PartnershipInfo:
        with self._ctx.transaction(write=False) as session:
            return _partnership(session, _get(session, Partnership, partnership_id, "partnerstwa"))

    # ------------------------------------------------------------------ passwords and login

    def set_password(self, actor: Actor, user_id: int, password: str) -> None:
        """Set a user's password (their own, or anyone's for administrators); stored argon2id-hashed.

        Raises:
            InvalidFormData: the password is too short.
            NotAllowed: someone else's password, and the actor is not an administrator.
        """
        hashed = hash_password(password)
        with self._ctx.transaction() as session:
            target = _own_or_admin(session, actor, user_id, "Hasło innej osoby może ustawić tylko administrator.")
            session.execute(update(User).where(User.id == target).values(password_hash=hashed))

    def authenticate(self, login: str, password: str) -> UserInfo:
        """The active user with this login and password.

        Raises:
            NotAuthenticated: unknown login, wrong password or inactive account (one message for all,
                so the answer does not reveal which logins exist).
        """
        with self._ctx.transaction() as session:
            user = session.execute(select(User).where(User.login == login.strip())).scalar_one_or_none()
            stored = user.password_hash if user is not None else None
            if not verify_password(stored, password) or not user.active:
                raise NotAuthenticated("Nieprawidłowy login lub hasło.")
            if needs_rehash(stored):
                user.password_hash = hash_password(password)
            return _user(session, user)

    # ------------------------------------------------------------------ e-mail preferences

    def notification_preferences(self, actor: Actor, user_id: int | None = None) -> dict[str, bool]:
        """Which kinds of e-mail (``engine.notify.preferences.KINDS``) the user gets; their own or, for
        administrators, anyone's."""
        with self._ctx.transaction(write=False) as session:
            return preferences.preferences(session, _own_or_admin(session, actor, user_id))

    def set_notification_preferences(
        self, actor: Actor, changes: dict[str, bool], user_id: int | None = None
    ) -> dict[str, bool]:
        """Turn kinds of e-mail on or off, e.g. ``{"task_new": False}``; returns every kind's setting."""
        with self._ctx.transaction() as session:
            return preferences.set_preferences(session, _own_or_admin(session, actor, user_id), changes)

    # ------------------------------------------------------------------ API tokens

    def create_api_token(self, actor: Actor, name: str) -> tuple[ApiTokenInfo, str]:
        """A new token for an external system; the token itself is returned once and stored only hashed."""
        token = secrets.token_urlsafe(32)
        with self._ctx.transaction() as session:
            require_role(session, actor, ADMIN_ROLES, "wydawać tokeny API")
            row = ApiToken(
                name=name, token_hash=_hash(token), created_at=self._ctx.clock.now(), created_by=actor.label or "?"
            )
            session.add(row)
            _flush_unique(session, f"Token API o nazwie {name} już istnieje.")
            return _token(row), token

    def revoke_api_token(self, actor: Actor, name: str) -> None:
        with self._ctx.transaction() as session:
            require_role(session, actor, ADMIN_ROLES, "unieważniać tokeny API")
            result = session.execute(
                update(ApiToken)
                .where(ApiToken.name == name, ApiToken.revoked_at.is_(None))
                .values(revoked_at=self._ctx.clock.now())
            )
            if result.rowcount != 1:
                raise NotFound(f"Nie ma ważnego tokenu API o nazwie {name}.")

    def authenticate_token(self, token: str) -> Actor:
        """The system actor an API token stands for (``api:<name>``).

        Raises:
            NotAuthenticated: unknown or revoked token.
        """
        with self._ctx.transaction(write=False) as session:
            name = session.execute(
                select(ApiToken.name).where(ApiToken.token_hash == _hash(token), ApiToken.revoked_at.is_(None))
            ).scalar()
        if name is None:
            raise NotAuthenticated("Nieprawidłowy lub unieważniony token API.")
        return Actor.system(f"api:{name}")


def _hash(token: str) -> str:
    """Tokens are 256 random bits, so one SHA-256 suffices (no password stretching needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _token(row: ApiToken) -> ApiTokenInfo:
    return ApiTokenInfo(row.id, row.name, row.created_at, row.created_by, row.revoked_at)


def _own_or_admin(
    session: Session,
    actor: Actor,
    user_id: int | None,
    refusal: str = "Ustawienia powiadomień innej osoby może zmieniać tylko administrator.",
) -> int:
    who = acting(session, actor)
    target = user_id if user_id is not None else who.id
    if target is None:
        raise NotFound("Wskaż użytkownika.")
    if target != who.id and not who.is_system and not who.roles & set(ADMIN_ROLES):
        raise NotAllowed(refusal)
    _get(session, User, target, "użytkownika")
    return target


def _flush_unique(session: Session, message: str) -> None:
    try:
        session.flush()
    except IntegrityError as error:
        raise Conflict(message) from error


def _get(session: Session, model, key, label: str):
    row = session.get(model, key)
    if row is None:
        raise NotFound(f"Nie ma {label} o identyfikatorze {key}.")
    return row


def _institution(row: Institution) -> InstitutionInfo:
    return InstitutionInfo(row.id, row.name, row.kind, row.gmina)


def _user(session: Session, user: User) -> UserInfo:
    roles = session.execute(select(UserRole.role).where(UserRole.user_id == user.id).order_by(UserRole.role)).scalars()
    institution = session.get(Institution, user.institution_id)
    return UserInfo(
        id=user.id,
        login=user.login,
        display_name=user.display_name,
        email=user.email,
        institution_id=user.institution_id,
        institution_name=institution.name,
        roles=tuple(roles),
        active=user.active,
    )


def _partnership(session: Session, row: Partnership) -> PartnershipInfo:
    members = session.execute(
        select(PartnershipMember.institution_id, PartnershipMember.role)
        .where(PartnershipMember.partnership_id == row.id)
        .order_by(PartnershipMember.role, PartnershipMember.institution_id)
    ).all()
    return PartnershipInfo(row.id, row.name, row.gmina, tuple((m.institution_id, m.role) for m in members))
