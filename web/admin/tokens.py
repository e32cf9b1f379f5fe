"""API tokens for external systems (a court, a labour office): issue one for an institution, operations and
messages, with an optional expiry (the secret is shown once); rotate one (a new secret); revoke one."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.errors import Conflict, InvalidFormData
from engine.roles import ADMINISTRATOR, API_OPERATIONS
from web.access import roles_required
from web.admin.blueprint import blueprint
from web.admin.fields import by_field, institution_choices, number, text
from web.services import engine

#: The engine's field names -> the form's.
FIELDS = {"institution_id": "institution", "expires_at": "expires"}


@blueprint.get("/tokeny")
@roles_required(ADMINISTRATOR)
def tokens():
    return _page()


@blueprint.post("/tokeny")
@roles_required(ADMINISTRATOR)
def create_token():
    values = {
        "name": text("name"),
        "institution": number("institution"),
        "operations": request.form.getlist("operations"),
        "messages": text("messages"),
        "expires": text("expires"),
    }
    expires, errors = _expiry(values["expires"])
    if errors:
        return _page(values, errors, status=422)
    try:
        info, token = engine().directory.create_api_token(
            g.actor,
            values["name"],
            values["institution"],
            values["operations"],
            [m for m in re.split(r"[,\s]+", values["messages"]) if m],
            expires,
        )
    except InvalidFormData as error:
        return _page(values, {FIELDS.get(k, k): v for k, v in by_field(error).items()}, status=422)
    except Conflict as error:
        return _page(values, {"name": error.message}, status=409)
    # Rendered, not redirected: the token exists only in this response (the database keeps its hash).
    return _page(issued=(info, token), status=201)


@blueprint.post("/tokeny/odnow")
@roles_required(ADMINISTRATOR)
def rotate_token():
    info, token = engine().directory.rotate_api_token(g.actor, request.form.get("name", ""))
    return _page(issued=(info, token), rotated=True)


@blueprint.post("/tokeny/uniewaznij")
@roles_required(ADMINISTRATOR)
def revoke_token():
    name = request.form.get("name", "")
    engine().directory.revoke_api_token(g.actor, name)
    flash(_("Unieważniono token „%(name)s”. System, który go używał, utracił dostęp.", name=name), "success")
    return redirect(url_for("admin.tokens"))


def _expiry(given: str) -> tuple[datetime | None, dict]:
    """The end of the given day (UTC), or None; a date that is not YYYY-MM-DD is an error at its field."""
    if not given:
        return None, {}
    try:
        day = date.fromisoformat(given)
    except ValueError:
        return None, {"expires": _("Podaj datę w postaci RRRR-MM-DD.")}
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC), {}


def _page(values: dict | None = None, errors: dict | None = None, issued=None, rotated=False, status: int = 200):
    page = render_template(
        "admin/tokens.html",
        tokens=engine().directory.api_tokens(),
        values=values or {"operations": ["messages:send"]},
        errors=errors or {},
        issued=issued,
        rotated=rotated,
        institutions=institution_choices(),
        operations=API_OPERATIONS,
    )
    return page, status
