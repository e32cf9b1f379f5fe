"""Institutions: the list, a new one, changing one (name, kind, gmina)."""

from __future__ import annotations

from collections import Counter

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.errors import Conflict, InvalidFormData
from engine.roles import ADMINISTRATOR, INSTITUTION_KINDS
from web.access import roles_required
from web.admin.blueprint import blueprint
from web.admin.fields import by_field, text
from web.services import engine


@blueprint.get("/instytucje")
@roles_required(ADMINISTRATOR)
def institutions():
    staff = Counter(user.institution_id for user in engine().directory.users() if user.active)
    return render_template("admin/institutions.html", institutions=engine().directory.institutions(), staff=staff)


@blueprint.route("/instytucje/nowa", methods=["GET", "POST"])
@roles_required(ADMINISTRATOR)
def new_institution():
    return _form(None)


@blueprint.route("/instytucje/<int:institution_id>", methods=["GET", "POST"])
@roles_required(ADMINISTRATOR)
def institution(institution_id: int):
    return _form(engine().directory.institution(institution_id))


def _form(current):
    if request.method == "GET":
        values = {"name": current.name, "kind": current.kind, "gmina": current.gmina} if current else {}
        return _page(current, values, {})
    values = {"name": text("name"), "kind": text("kind"), "gmina": text("gmina")}
    try:
        if current is None:
            saved = engine().directory.add_institution(g.actor, values["name"], values["kind"], values["gmina"])
        else:
            saved = engine().directory.update_institution(
                g.actor, current.id, values["name"], values["kind"], values["gmina"]
            )
    except InvalidFormData as error:
        errors = by_field(error)
        if "kind" in errors and not values["kind"]:
            errors["kind"] = _("Wybierz typ instytucji.")
        return _page(current, values, errors, 422)
    except Conflict as error:
        return _page(current, values, {"name": error.message}, 409)
    flash(_("Zapisano instytucję „%(name)s”.", name=saved.name), "success")
    return redirect(url_for("admin.institutions"))


def _page(current, values: dict, errors: dict, status: int = 200):
    kinds = [(kind, kind) for kind in INSTITUTION_KINDS]
    page = render_template("admin/institution.html", current=current, values=values, errors=errors, kinds=kinds)
    return page, status
