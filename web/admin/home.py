"""The administration start page: how much there is of everything, and where to manage it."""

from __future__ import annotations

from flask import render_template

from engine.roles import ADMINISTRATOR
from web.access import roles_required
from web.admin.blueprint import blueprint
from web.services import engine


@blueprint.get("")
@roles_required(ADMINISTRATOR)
def index():
    directory = engine().directory
    users = directory.users()
    counts = {
        "institutions": len(directory.institutions()),
        "users": sum(user.active for user in users),
        "inactive": sum(not user.active for user in users),
        "partnerships": len(directory.partnerships()),
        "tokens": sum(token.revoked_at is None for token in directory.api_tokens()),
    }
    return render_template("admin/index.html", counts=counts)
