"""What the directory's parts share: the administrator check, the audit, form-style validation, lookups
and turning rows into the engine's dataclasses."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.access.acting import Acting, require_role
from engine.access.audit import audit
from engine.access.passwords import hash_password
from engine.db.models import Institution, Partnership, PartnershipMember, User, UserRole
from engine.dto import Actor, InstitutionInfo, PartnershipInfo, UserInfo
from engine.errors import Conflict, FieldError, InvalidFormData, NotFound
from engine.roles import ADMIN_ROLES
from engine.store.context import EngineContext

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Keep:
    """The type of ``KEEP``: an argument left out of an update, so the stored value stays."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP = Keep()


def kept(value, stored):
    """``value``, or ``stored`` when the caller left the argument out (``KEEP``)."""
    return stored if isinstance(value, Keep) else value


class DirectoryPart:
    """Base of the directory's parts: they share the engine context, the admin check and the audit."""

    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def _admin(self, session: Session, actor: Actor, what: str) -> Acting:
        return require_role(session, actor, ADMIN_ROLES, what)

    def _audit(self, session: Session, who: Acting, action: str, **detail) -> None:
        """Directory changes go to the audit log like case reads and writes, without a case."""
        audit(session, self._ctx.clock.now(), who, action, **detail)


class Fields:
    """Checks a whole form's worth of values and reports every problem at once, per field."""

    def __init__(self):
        self.errors: list[FieldError] = []

    def text(self, field: str, value: str | None, missing: str, max_length: int) -> str:
        """A required text, stripped."""
        cleaned = (value or "").strip()
        if not cleaned:
            self.errors.append(FieldError(field, missing))
        elif len(cleaned) > max_length:
            self.errors.append(FieldError(field, f"Najwyżej {max_length} znaków."))
        return cleaned

    def optional(self, field: str, value: str | None, max_length: int) -> str | None:
        """An optional text, stripped; empty means none."""
        cleaned = (value or "").strip()
        if len(cleaned) > max_length:
            self.errors.append(FieldError(field, f"Najwyżej {max_length} znaków."))
        return cleaned or None

    def password(self, field: str, value: str | None) -> str | None:
        """The argon2id hash of a new password, or None when none was given."""
        if not value:
            return None
        try:
            return hash_password(value)
        except InvalidFormData as error:
            self.errors.extend(FieldError(field, e.message) for e in error.errors)
            return None

    def login(self, field: str, value: str | None) -> str:
        cleaned = self.text(field, value, "Podaj login.", 80)
        if any(character.isspace() for character in cleaned):
            self.errors.append(FieldError(field, "Login nie może zawierać spacji."))
        return cleaned

    def email(self, field: str, value: str | None) -> str | None:
        cleaned = self.optional(field, value, 200)
        if cleaned is not None and not _EMAIL.match(cleaned):
            self.errors.append(FieldError(field, "Podaj poprawny adres e-mail, np. jan.kowalski@gops.pl."))
        return cleaned

    def kind(self, field: str, value: str, kinds: tuple[str, ...]) -> str:
        if value not in kinds:
            self.errors.append(FieldError(field, f"Nieznany typ instytucji: {value}. Dozwolone: {', '.join(kinds)}."))
        return value

    def roles(self, field: str, values: list[str]) -> list[str]:
        """Role names, stripped, without repeats, sorted; any non-empty name is a role (lanes name them)."""
        cleaned = [(value or "").strip() for value in values]
        if any(not value for value in cleaned):
            self.errors.append(FieldError(field, "Nazwa roli nie może być pusta."))
        elif any(len(value) > 120 for value in cleaned):
            self.errors.append(FieldError(field, "Nazwa roli może mieć najwyżej 120 znaków."))
        return sorted({value for value in cleaned if value})

    def check(self) -> None:
        """Raises InvalidFormData when any value was refused."""
        if self.errors:
            raise InvalidFormData(self.errors)


def flush_unique(session: Session, message: str) -> None:
    """Write pending rows now, so a unique name taken meanwhile is a Conflict with ``message``."""
    try:
        session.flush()
    except IntegrityError as error:
        raise Conflict(message) from error


def get(session: Session, model, key, label: str):
    row = session.get(model, key)
    if row is None:
        raise NotFound(f"Nie ma {label} o identyfikatorze {key}.")
    return row


def institution_info(row: Institution) -> InstitutionInfo:
    return InstitutionInfo(row.id, row.name, row.kind, row.gmina)


def user_info(session: Session, user: User) -> UserInfo:
    roles = session.execute(select(UserRole.role).where(UserRole.user_id == user.id).order_by(UserRole.role)).scalars()
    institution = session.get(Institution, user.institution_id)
    return _user_info(user, institution.name, tuple(roles))


def users_info(session: Session, *conditions) -> list[UserInfo]:
    """Users matching ``conditions`` with their institution and roles (two queries), by institution, then name."""
    rows = session.execute(
        select(User, Institution.name)
        .join(Institution, Institution.id == User.institution_id)
        .where(*conditions)
        .order_by(Institution.name, User.display_name, User.login)
    ).all()
    roles: dict[int, list[str]] = {}
    ids = [user.id for user, _name in rows]
    if ids:
        found = session.execute(
            select(UserRole.user_id, UserRole.role).where(UserRole.user_id.in_(ids)).order_by(UserRole.role)
        )
        for user_id, role in found:
            roles.setdefault(user_id, []).append(role)
    return [_user_info(user, name, tuple(roles.get(user.id, ()))) for user, name in rows]


def _user_info(user: User, institution_name: str, roles: tuple[str, ...]) -> UserInfo:
    return UserInfo(
        id=user.id,
        login=user.login,
        display_name=user.display_name,
        email=user.email,
        institution_id=user.institution_id,
        institution_name=institution_name,
        roles=roles,
        active=user.active,
    )


def partnership_info(session: Session, row: Partnership) -> PartnershipInfo:
    members = session.execute(
        select(PartnershipMember.institution_id, PartnershipMember.role)
        .where(PartnershipMember.partnership_id == row.id)
        .order_by(PartnershipMember.role, PartnershipMember.institution_id)
    ).all()
    return PartnershipInfo(row.id, row.name, row.gmina, tuple((m.institution_id, m.role) for m in members))
