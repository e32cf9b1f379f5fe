"""Users: the list (by institution), a new account, changing one (details, roles, active), a new password."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.errors import Conflict, InvalidFormData, NotAllowed
from engine.roles import ADMINISTRATOR
from web.access import roles_required
from web.admin.blueprint import blueprint
from web.admin.fields import by_field, institution_choices, number, require_institution, role_choices, text
from web.services import engine


@blueprint.get("/uzytkownicy")
@roles_required(ADMINISTRATOR)
def users():
    chosen = request.args.get("instytucja", "")
    directory = engine().directory
    if chosen.isdigit():
        listed, institution = directory.users_of(int(chosen)), directory.institution(int(chosen))
    else:
        listed, institution = directory.users(), None
    return render_template(
        "admin/users.html", users=listed, institution=institution, institutions=institution_choices()
    )


@blueprint.route("/uzytkownicy/nowy", methods=["GET", "POST"])
@roles_required(ADMINISTRATOR)
def new_user():
    if request.method == "GET":
        chosen = request.args.get("instytucja", "")
        return _page(None, {"institution": chosen, "roles": [], "active": True})
    values = _submitted()
    errors: dict[str, str] = {}
    require_institution(values["institution"], errors)
    if errors:
        return _page(None, values, errors, 422)
    try:
        saved = engine().directory.add_user(
            g.actor,
            values["login"],
            values["display_name"],
            values["institution"],
            values["roles"],
            email=values["email"],
            password=request.form.get("password", "") or None,
        )
    except InvalidFormData as error:
        return _page(None, values, by_field(error), 422)
    except Conflict as error:
        return _page(None, values, {"login": error.message}, 409)
    flash(_("Dodano użytkownika %(login)s.", login=saved.login), "success")
    if not request.form.get("password"):
        flash(_("Konto nie ma jeszcze hasła: ustaw je poniżej, aby ta osoba mogła się zalogować."), "warning")
    return redirect(url_for("admin.user", user_id=saved.id))


@blueprint.route("/uzytkownicy/<int:user_id>", methods=["GET", "POST"])
@roles_required(ADMINISTRATOR)
def user(user_id: int):
    current = engine().directory.user(user_id)
    if request.method == "GET":
        return _page(current, _values_of(current))
    values = _submitted()
    errors: dict[str, str] = {}
    require_institution(values["institution"], errors)
    if not errors:
        errors = _save(current, values)
    if errors:
        return _page(current, values, errors, 422)
    flash(_("Zapisano zmiany konta %(login)s.", login=current.login), "success")
    return redirect(url_for("admin.users", instytucja=values["institution"]))


@blueprint.post("/uzytkownicy/<int:user_id>/haslo")
@roles_required(ADMINISTRATOR)
def password(user_id: int):
    current = engine().directory.user(user_id)
    new, repeated = request.form.get("password", ""), request.form.get("repeated", "")
    errors: dict[str, str] = {}
    if new != repeated:
        errors["repeated"] = _("Powtórzone hasło różni się od nowego.")
    else:
        try:
            engine().directory.set_password(g.actor, user_id, new)
        except InvalidFormData as error:
            errors = by_field(error)
    if errors:
        return _page(current, _values_of(current), password_errors=errors, status=422)
    flash(_("Ustawiono nowe hasło użytkownika %(login)s.", login=current.login), "success")
    return redirect(url_for("admin.user", user_id=user_id))


@blueprint.post("/uzytkownicy/<int:user_id>/wyloguj")
@roles_required(ADMINISTRATOR)
def end_sessions(user_id: int):
    """Log the user out on every device at once (e.g. a lost laptop or a suspected stolen session)."""
    current = engine().directory.user(user_id)
    engine().sessions.end_sessions(g.actor, user_id)
    flash(_("Zakończono wszystkie sesje użytkownika %(login)s.", login=current.login), "success")
    if user_id == g.user.id:
        return redirect(url_for("auth.login"))
    return redirect(url_for("admin.user", user_id=user_id))


# ---------------------------------------------------------------------------- helpers


def _submitted() -> dict:
    roles = request.form.getlist("roles")
    extra = text("new_role")
    return {
        "login": text("login"),
        "display_name": text("display_name"),
        "email": text("email") or None,
        "institution": number("institution"),
        "roles": [*roles, extra] if extra else roles,
        "active": request.form.get("active") == "1",
    }


def _values_of(user) -> dict:
    return {
        "login": user.login,
        "display_name": user.display_name,
        "email": user.email,
        "institution": user.institution_id,
        "roles": list(user.roles),
        "active": user.active,
    }


def _save(current, values: dict) -> dict[str, str]:
    """Apply the edit: details first, then roles (each its own audited change); the refusals per field."""
    directory = engine().directory
    try:
        directory.update_user(
            g.actor,
            current.id,
            display_name=values["display_name"],
            email=values["email"],
            institution_id=values["institution"],
            active=values["active"],
        )
    except InvalidFormData as error:
        return by_field(error)
    except NotAllowed as error:
        return {"active": error.message}
    if sorted(set(values["roles"])) == sorted(current.roles):
        return {}
    try:
        directory.set_roles(g.actor, current.id, values["roles"])
    except InvalidFormData as error:
        return {"roles": " ".join(by_field(error).values())}
    except NotAllowed as error:
        return {"roles": error.message}
    return {}


def _page(current, values: dict, errors: dict | None = None, status: int = 200, password_errors: dict | None = None):
    page = render_template(
        "admin/user.html",
        current=current,
        values=values,
        errors=errors or {},
        password_errors=password_errors or {},
        institutions=institution_choices(),
        roles=role_choices(*values.get("roles", ()), *(current.roles if current else ())),
    )
    return page, status
