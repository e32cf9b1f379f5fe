"""Who acts: the acting user's institution and roles, and the permission checks the services share."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from engine.db.models import ApiToken, Institution, User, UserRole
from engine.dto import Actor
from engine.errors import NotAllowed
from engine.roles import REGIONAL_KINDS, SUPERVISOR_ROLES


@dataclass(frozen=True)
class Acting:
    """The acting user as the permission checks need them.

    An external system's API token (``token`` is its name) is no user: it acts for its institution in
    every role the institution is admitted to in a case, for the ``operations`` and ``messages`` it holds.
    """

    id: int | None
    institution_id: int | None
    roles: frozenset[str]
    regional: bool = False  # works at a regional institution (ROPS): supervises every partnership
    institution_name: str | None = None
    token: str | None = None
    operations: frozenset[str] = frozenset()
    messages: frozenset[str] = frozenset()

    def may_see_task_of(self, task_role: str | None, task_institution: str | None) -> bool:
        """False for a task meant for another institution of a role this person plays (another provider's
        order): the task's own institution, the other roles of the case and supervisors see it. An API token
        acts in every role of its institution, so it sees only tasks meant for no one or for its institution."""
        if task_institution is None or task_institution == self.institution_name:
            return True
        return not self.for_institution and task_role not in self.roles

    @property
    def supervises(self) -> bool:
        return bool(self.roles & SUPERVISOR_ROLES)

    @property
    def is_system(self) -> bool:
        return self.id is None and self.token is None

    @property
    def for_institution(self) -> bool:
        """Acts for its institution as a whole (an API token), not in roles of its own."""
        return self.token is not None

    def own(self, roles: frozenset[str]) -> frozenset[str]:
        """Of the roles the institution plays in a case, those this actor acts in: a person the roles they
        hold themselves, a token (or the system) all of them."""
        return roles if self.is_system or self.for_institution else roles & self.roles


_INACTIVE = "Konto użytkownika nie istnieje lub jest nieaktywne."
_USERS, _ROLES, _INSTITUTIONS = User.__table__, UserRole.__table__, Institution.__table__
_ACTING = (
    select(_USERS.c.active, _USERS.c.institution_id, _INSTITUTIONS.c.kind, _INSTITUTIONS.c.name, _ROLES.c.role)
    .select_from(
        _USERS.outerjoin(_ROLES, _ROLES.c.user_id == _USERS.c.id).outerjoin(
            _INSTITUTIONS, _INSTITUTIONS.c.id == _USERS.c.institution_id
        )
    )
    .where(_USERS.c.id == bindparam("user_id"))
)


def acting(session: Session, actor: Actor) -> Acting:
    """Load the acting user's institution and roles; inactive or unknown users may do nothing."""
    if actor.token_id is not None:
        return _token(session, actor)
    if actor.is_system:
        return Acting(None, None, frozenset())
    rows = session.execute(_ACTING, {"user_id": actor.user_id}).all()
    if not rows or not rows[0].active:
        raise NotAllowed(_INACTIVE)
    roles = frozenset(row.role for row in rows if row.role is not None)
    first = rows[0]
    return Acting(actor.user_id, first.institution_id, roles, first.kind in REGIONAL_KINDS, first.name)


def acting_from(actor: Actor, row, roles: frozenset[str]) -> Acting:
    """``acting`` for a person from a row that read them with what they act on (``actor_active``,
    ``actor_institution_*``; ``task_rows.load_with_actor``) and the ``roles`` they hold."""
    if not row.actor_active:
        raise NotAllowed(_INACTIVE)
    regional = row.actor_institution_kind in REGIONAL_KINDS
    return Acting(actor.user_id, row.actor_institution_id, roles, regional, row.actor_institution_name)


def require_role(session: Session, actor: Actor, roles: tuple[str, ...], what: str) -> Acting:
    """The acting user, if they hold one of ``roles`` (the system always may)."""
    who = acting(session, actor)
    if not who.is_system and not who.roles.intersection(roles):
        raise NotAllowed(f"Nie masz uprawnień, aby {what}.")
    return who


def require_operation(who: Acting, operation: str, message: str | None = None) -> None:
    """An API token may do only its operations (and send only its messages); people and the system pass.

    Raises:
        NotAllowed: the token does not hold ``operation`` (or may not send ``message``).
    """
    if not who.for_institution:
        return
    if operation not in who.operations:
        raise NotAllowed(f"Token API „{who.token}” nie ma uprawnienia {operation}.")
    if message is not None and message not in who.messages:
        raise NotAllowed(f"Token API „{who.token}” nie może wysyłać wiadomości „{message}”.")


def _token(session: Session, actor: Actor) -> Acting:
    """The institution and scope of a token; a revoked one (also mid-request) or one without an institution
    may do nothing. Expiry is checked when the token is presented (``ApiTokens.authenticate_token``)."""
    row = session.execute(
        select(ApiToken.name, ApiToken.institution_id, ApiToken.operations, ApiToken.messages, Institution.name)
        .join(Institution, Institution.id == ApiToken.institution_id)
        .where(ApiToken.id == actor.token_id, ApiToken.revoked_at.is_(None))
    ).first()
    if row is None:
        raise NotAllowed("Token API jest unieważniony albo nie jest przypisany do żadnej instytucji.")
    return Acting(
        None,
        row.institution_id,
        frozenset(),
        institution_name=row[4],
        token=row.name,
        operations=frozenset(json.loads(row.operations)),
        messages=frozenset(json.loads(row.messages)),
    )
