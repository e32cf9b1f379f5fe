"""Who read what: the audit entries of one case with user, institution, task and purpose, and which of
them reached one household member's data.

An entry reached a member's data when it names that member (a consent record, a task about them) or
names no member and was made by someone to whom the member's data was open: the system, a
supervisor, the officer, the leading roles, or an institution whose roles the member's consent
covers (the rule the case file applies, ``access.consent``; judged on the case's present consent).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from engine.access.consent import covered_members
from engine.access.table import VisibilityTable
from engine.db.models import AuditEntry, CaseParticipant, HumanTask, Institution, User, UserRole
from engine.dto.protection import AccessEntry, AccessFilter, HouseholdMember
from engine.roles import OFFICER_ROLES, SUPERVISOR_ROLES
from engine.services.protection.wording import action_words

try:
    _POLAND = ZoneInfo("Europe/Warsaw")
except ZoneInfoNotFoundError:  # no time zone database: days in UTC
    _POLAND = UTC
_LOG, _USER, _INST = AuditEntry.__table__, User.__table__, Institution.__table__
_TASK, _ROLE, _PART = HumanTask.__table__, UserRole.__table__, CaseParticipant.__table__
_ENTRIES = (
    select(
        _LOG.c.at,
        _LOG.c.actor_id,
        _LOG.c.action,
        _LOG.c.detail,
        _USER.c.display_name,
        _USER.c.institution_id,
        _INST.c.name.label("institution"),
        _TASK.c.name.label("task_name"),
        _TASK.c.subject,
    )
    .select_from(
        _LOG.outerjoin(_USER, _USER.c.id == _LOG.c.actor_id)
        .outerjoin(_INST, _INST.c.id == _USER.c.institution_id)
        .outerjoin(_TASK, _TASK.c.id == _LOG.c.task_id)
    )
    .where(_LOG.c.instance_id == bindparam("case_id"))
    .order_by(_LOG.c.id)
)


@dataclass(frozen=True)
class _Row:
    entry: AccessEntry
    actor_id: int | None
    institution_id: int | None
    member_id: str | None  # the member the entry names (detail or task subject), if any


def case_log(session: Session, case_id: str, members: tuple[HouseholdMember, ...]) -> list[_Row]:
    """Every audit entry of the case, oldest first, in words."""
    by_name = {m.name: m for m in members}
    rows = []
    for row in session.execute(_ENTRIES, {"case_id": case_id}):
        detail = _detail(row.detail)
        member_id = detail.get("czlonek") if isinstance(detail.get("czlonek"), str) else None
        if member_id is None and row.subject in by_name:
            member_id = by_name[row.subject].id
        label, purpose, write, refused = action_words(row.action)
        named = next((m.name for m in members if m.id == member_id), None)
        entry = AccessEntry(
            at=row.at,
            user=row.display_name,
            institution=row.institution,
            action=row.action,
            label=label,
            purpose=purpose,
            task=row.task_name,
            member=named,
            refused=refused,
            write=write,
        )
        rows.append(_Row(entry, row.actor_id, row.institution_id, member_id))
    return rows


def _detail(text: str | None) -> dict:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def of_member(
    session: Session, case_id: str, rows: list[_Row], member: str, table: VisibilityTable | None, data: dict
) -> list[_Row]:
    """The entries that reached ``member``'s data (see the module's docstring)."""
    if table is None:
        return [row for row in rows if row.member_id in (None, member)]
    roles_of_user = _user_roles(session, {row.actor_id for row in rows if row.actor_id is not None})
    in_case = _case_roles(session, case_id)
    open_to: dict[tuple, bool] = {}

    def reached(row: _Row) -> bool:
        if row.member_id is not None:
            return row.member_id == member
        if row.actor_id is None:
            return True
        held = roles_of_user.get(row.actor_id, frozenset())
        key = (row.actor_id, row.institution_id)
        if key not in open_to:
            roles = in_case.get(row.institution_id, frozenset()) & held
            open_to[key] = bool(
                held & (SUPERVISOR_ROLES | OFFICER_ROLES)
                or roles & table.lead_roles
                or (roles and member in covered_members(data, table.consent, roles))
            )
        return open_to[key]

    return [row for row in rows if reached(row)]


def _user_roles(session: Session, user_ids: set[int]) -> dict[int, frozenset[str]]:
    if not user_ids:
        return {}
    found: dict[int, set[str]] = defaultdict(set)
    for user_id, role in session.execute(select(_ROLE.c.user_id, _ROLE.c.role).where(_ROLE.c.user_id.in_(user_ids))):
        found[user_id].add(role)
    return {user_id: frozenset(roles) for user_id, roles in found.items()}


def _case_roles(session: Session, case_id: str) -> dict[int, frozenset[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    rows = session.execute(select(_PART.c.institution_id, _PART.c.role).where(_PART.c.instance_id == case_id))
    for institution_id, role in rows:
        found[institution_id].add(role)
    return {institution_id: frozenset(roles) for institution_id, roles in found.items()}


def filtered(entries: list[AccessEntry], filters: AccessFilter) -> list[AccessEntry]:
    """The entries within the filters' period (whole days in Polish time), institution and kind (odczyt/zapis)."""
    since = datetime.combine(filters.since, time.min, _POLAND) if filters.since else None
    until = datetime.combine(filters.until + timedelta(days=1), time.min, _POLAND) if filters.until else None
    kept = []
    for entry in entries:
        at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)
        if since is not None and at < since or until is not None and at >= until:
            continue
        if filters.institution and (entry.institution or "") != filters.institution:
            continue
        if filters.kind == "zapis" and not entry.write or filters.kind == "odczyt" and entry.write:
            continue
        kept.append(entry)
    return kept


def institutions_that_read(session: Session, case_id: str, rows: list[_Row], may_read) -> tuple[str, ...]:
    """The institutions, first reader first, whose users read or wrote the case while ``may_read(roles,
    held)`` (their admitted roles in the case, the roles the user holds) let them see the fact."""
    roles_of_user = _user_roles(session, {row.actor_id for row in rows if row.actor_id is not None})
    in_case = _case_roles(session, case_id)
    found: list[str] = []
    for row in rows:
        name = row.entry.institution
        if row.entry.refused or row.actor_id is None or not name or name in found:
            continue
        held = roles_of_user.get(row.actor_id, frozenset())
        if may_read(in_case.get(row.institution_id, frozenset()) & held, held):
            found.append(name)
    return tuple(found)
