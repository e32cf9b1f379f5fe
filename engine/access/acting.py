"""Who acts: the acting user's institution and roles, and the permission checks the services share."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from engine.db.models import Institution, User, UserRole
from engine.dto import Actor
from engine.errors import NotAllowed
from engine.roles import REGIONAL_KINDS, SUPERVISOR_ROLES


@dataclass(frozen=True)
class Acting:
    """The acting user as the permission checks need them."""

    id: int | None
    institution_id: int | None
    roles: frozenset[str]
    regional: bool = False  # works at a regional institution (ROPS): supervises every partnership
    institution_name: str | None = None

    def may_see_task_of(self, task_role: str | None, task_institution: str | None) -> bool:
        """False for a task meant for another institution of a role this person plays (another provider's
        order): the task's own institution, the other roles of the case and supervisors see it."""
        return task_institution is None or task_role not in self.roles or task_institution == self.institution_name

    @property
    def supervises(self) -> bool:
        return bool(self.roles & SUPERVISOR_ROLES)

    @property
    def is_system(self) -> bool:
        return self.id is None


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
    if actor.is_system:
        return Acting(None, None, frozenset())
    rows = session.execute(_ACTING, {"user_id": actor.user_id}).all()
    if not rows or not rows[0].active:
        raise NotAllowed("Konto użytkownika nie istnieje lub jest nieaktywne.")
    roles = frozenset(row.role for row in rows if row.role is not None)
    first = rows[0]
    return Acting(actor.user_id, first.institution_id, roles, first.kind in REGIONAL_KINDS, first.name)


def require_role(session: Session, actor: Actor, roles: tuple[str, ...], what: str) -> Acting:
    """The acting user, if they hold one of ``roles`` (the system always may)."""
    who = acting(session, actor)
    if not who.is_system and not who.roles.intersection(roles):
        raise NotAllowed(f"Nie masz uprawnień, aby {what}.")
    return who
