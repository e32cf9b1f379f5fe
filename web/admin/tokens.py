"""API tokens for external systems (a court, a labour office): issue one (shown once), revoke one."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.errors import Conflict, InvalidFormData
from engine.roles import ADMINISTRATOR
from web.access import roles_required
from web.admin.blueprint import blueprint
from web.admin.fields import by_field, text
from web.services import engine


@blueprint.get("/tokeny")
@roles_required(ADMINISTRATOR)
def tokens():
    return _page()


@blueprint.post("/tokeny")
@roles_required(ADMINISTRATOR)
def create_token():
    name = text("name")
    try:
        info, token = engine().directory.create_api_token(g.actor, name)
    except InvalidFormData as error:
        return _page(name, by_field(error), status=422)
    except Conflict as error:
        return _page(name, {"name": error.message}, status=409)
    # Rendered, not redirected: the token exists only in this response (the database keeps its hash).
    return _page(issued=(info, token), status=201)


@blueprint.post("/tokeny/uniewaznij")
@roles_required(ADMINISTRATOR)
def revoke_token():
    name = request.form.get("name", "")
    engine().directory.revoke_api_token(g.actor, name)
    flash(_("Unieważniono token „%(name)s”. System, który go używał, nie wyśle już wiadomości.", name=name), "success")
    return redirect(url_for("admin.tokens"))


def _page(name: str = "", errors: dict | None = None, issued=None, status: int = 200):
    page = render_template(
        "admin/tokens.html", tokens=engine().directory.api_tokens(), name=name, errors=errors or {}, issued=issued
    )
    return page, status
