"""Partnerships (PZK): the list, a new one, changing one; members are rows of institution and role.

Rows are added and removed on the server (``_action`` = ``add`` / ``remove-<n>``), so the form works
without JavaScript; what was typed in the other rows is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.errors import Conflict, InvalidFormData
from engine.roles import ADMINISTRATOR
from web.access import roles_required
from web.admin.blueprint import blueprint
from web.admin.fields import by_field, institution_choices, role_choices, text
from web.services import engine

SAVE, ADD, REMOVE = "save", "add", "remove-"
MAX_ROWS = 200


@dataclass(frozen=True)
class Row:
    institution: str  # as submitted: an id, or "" when not chosen
    role: str


@blueprint.get("/partnerstwa")
@roles_required(ADMINISTRATOR)
def partnerships():
    names = dict(institution_choices())
    return render_template("admin/partnerships.html", partnerships=engine().directory.partnerships(), names=names)


@blueprint.route("/partnerstwa/nowe", methods=["GET", "POST"])
@roles_required(ADMINISTRATOR)
def new_partnership():
    return _form(None)


@blueprint.route("/partnerstwa/<int:partnership_id>", methods=["GET", "POST"])
@roles_required(ADMINISTRATOR)
def partnership(partnership_id: int):
    return _form(engine().directory.partnership(partnership_id))


def _form(current):
    if request.method == "GET":
        if current is None:
            return _page(None, {"name": "", "gmina": ""}, [Row("", "")])
        rows = [Row(str(institution_id), role) for institution_id, role in current.members]
        return _page(current, {"name": current.name, "gmina": current.gmina}, rows or [Row("", "")])
    values, rows = {"name": text("name"), "gmina": text("gmina")}, _rows()
    action = request.form.get("_action", SAVE)
    if action == ADD:
        return _page(current, values, [*rows, Row("", "")], focus=len(rows) + 1)
    if action.startswith(REMOVE):
        return _page(current, values, _without(rows, action[len(REMOVE) :]))
    return _save(current, values, rows)


def _save(current, values: dict, rows: list[Row]):
    rows = [row for row in rows if row.institution or row.role]  # an untouched empty row is no member
    errors = _row_errors(rows)
    if not errors:
        try:
            saved = _store(current, values, [(int(row.institution), row.role) for row in rows])
        except InvalidFormData as error:
            errors = by_field(error)
        except Conflict as error:
            return _page(current, values, rows or [Row("", "")], {"name": error.message}, 409)
    if errors:
        return _page(current, values, rows or [Row("", "")], errors, 422)
    flash(
        _("Zapisano partnerstwo „%(name)s” (członków: %(count)s).", name=saved.name, count=len(saved.members)),
        "success",
    )
    return redirect(url_for("admin.partnerships"))


def _store(current, values: dict, members: list[tuple[int, str]]):
    directory, gmina = engine().directory, values["gmina"] or None
    if current is None:
        return directory.add_partnership(g.actor, values["name"], gmina, members)
    return directory.update_partnership(g.actor, current.id, values["name"], gmina, members)


def _rows() -> list[Row]:
    institutions, roles = request.form.getlist("institution"), request.form.getlist("role")
    if len(institutions) != len(roles) or len(roles) > MAX_ROWS:
        abort(400)
    return [Row(institution.strip(), role.strip()) for institution, role in zip(institutions, roles, strict=True)]


def _without(rows: list[Row], index: str) -> list[Row]:
    if not index.isdigit() or not 1 <= int(index) <= len(rows):
        abort(400)
    kept = rows[: int(index) - 1] + rows[int(index) :]
    return kept or [Row("", "")]


def _row_errors(rows: list[Row]) -> dict[str, str]:
    """Per row: an institution from the list and a role (the engine names only the members as a whole)."""
    errors = {}
    for number, row in enumerate(rows, start=1):
        if not row.institution.isdigit():
            errors[f"member-{number}-institution"] = _("Członek %(n)s: wybierz instytucję.", n=number)
        if not row.role:
            errors[f"member-{number}-role"] = _("Członek %(n)s: podaj rolę, którą instytucja pełni w PZK.", n=number)
    return errors


def _page(current, values: dict, rows: list[Row], errors: dict | None = None, status: int = 200, focus=None):
    page = render_template(
        "admin/partnership.html",
        current=current,
        values=values,
        rows=rows,
        errors=errors or {},
        institutions=institution_choices(),
        roles=role_choices(*(row.role for row in rows if row.role)),
        focus=focus,
    )
    return page, status
