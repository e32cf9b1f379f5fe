"""Whose data a member's consent lets reach an institution: per adult, per role, withdrawable.

Each adult's statement says whether they agree to share their data with the institutions of the
case, which institutions (roles) they exclude, and whether it covers their minor children. A refusal
or a withdrawal ends sharing at the next read. The leading roles and supervisors are not limited:
the OPS keeps its statutory records.
"""

from __future__ import annotations

from engine.access.table import Consent


def covered_members(data: dict, consent: Consent, roles: frozenset[str]) -> frozenset[str]:
    """The ids of the household members whose data may reach an institution playing ``roles``."""
    statements = data.get(consent.statements)
    statements = statements if isinstance(statements, dict) else {}
    stopped = _ids(data.get(consent.refused)) | _withdrawn(data.get(consent.withdrawals))
    adults = {
        member
        for member, statement in statements.items()
        if isinstance(statement, dict)
        and statement.get("zgoda_udzielona") is True
        and member not in stopped
        and not roles & set(statement.get(consent.excluded_roles) or ())
    }
    for_minors = any(statements[member].get(consent.for_minors) is True for member in adults)
    minors = {
        member["id"]
        for member in _members(data.get(consent.members))
        if for_minors and _is_minor(member, consent.adult_age) and member["id"] not in stopped
    }
    return frozenset(adults | minors)


def _members(value) -> list[dict]:
    return [m for m in value if isinstance(m, dict) and isinstance(m.get("id"), str)] if isinstance(value, list) else []


def _is_minor(member: dict, adult_age: int) -> bool:
    age = member.get("wiek")
    return isinstance(age, int | float) and age < adult_age


def _ids(value) -> set[str]:
    return {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()


def _withdrawn(value) -> set[str]:
    if not isinstance(value, list):
        return set()
    return {w.get("czlonek") for w in value if isinstance(w, dict) and isinstance(w.get("czlonek"), str)}


def without_uncovered(value, covered: frozenset[str], consent: Consent, members: frozenset[str]):
    """``value`` with every part that names a household member outside ``covered`` left out.

    A part names a member when it is an object whose member key (``czlonek``…) or, in the household
    list, ``id`` is the id of a member. Texts that are member ids are left out too.
    """
    if isinstance(value, dict):
        if _names_hidden_member(value, covered, consent, members):
            return None
        cleaned = {key: without_uncovered(item, covered, consent, members) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item is not None or value[key] is None}
    if isinstance(value, list):
        kept = [without_uncovered(item, covered, consent, members) for item in value]
        return [item for item, original in zip(kept, value, strict=True) if item is not None or original is None]
    if isinstance(value, str) and value in members and value not in covered:
        return None
    return value


def _names_hidden_member(value: dict, covered: frozenset[str], consent: Consent, members: frozenset[str]) -> bool:
    keys = (*consent.member_keys, "id")
    return any(isinstance(value.get(key), str) and value[key] in members - covered for key in keys)
