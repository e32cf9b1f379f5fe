"""Reading the administration forms and turning engine refusals into messages at their fields."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from engine.errors import InvalidFormData
from engine.roles import SYSTEM_ROLES
from web.services import engine

MAX_TEXT = 1000  # well above every limit the engine checks, so it reports a text too long itself


def text(name: str) -> str:
    """A submitted text, stripped."""
    return request.form.get(name, "").strip()[:MAX_TEXT]


def number(name: str) -> int | None:
    """A submitted id, or None when empty or not a number."""
    value = request.form.get(name, "").strip()
    return int(value) if value.isdigit() else None


def by_field(error: InvalidFormData) -> dict[str, str]:
    """The engine's messages, one line per field."""
    return {field: " ".join(messages) for field, messages in error.by_field().items()}


def institution_choices() -> list[tuple[int, str]]:
    return [(institution.id, institution.name) for institution in engine().directory.institutions()]


def require_institution(value: int | None, errors: dict[str, str], field: str = "institution") -> None:
    """An institution must be chosen from the list (an unknown id is the engine's NotFound)."""
    if value is None:
        errors[field] = _("Wybierz instytucję z listy.")


def role_choices(*held: str) -> list[str]:
    """The roles an administrator can give: the system's, the lanes of the deployed processes, the roles
    institutions play in partnerships, and any already held; system roles first, the rest by name."""
    named = set(engine().repository.roles()) | set(held)
    named |= {role for partnership in engine().directory.partnerships() for _id, role in partnership.members}
    return [*SYSTEM_ROLES, *sorted(named - set(SYSTEM_ROLES), key=str.casefold)]
