"""Logging in and out."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.errors import NotAuthenticated
from engine.roles import ADMINISTRATOR, ANALYST
from web.access import login_required, public
from web.session_user import log_in, log_out

blueprint = Blueprint("auth", __name__)
MAX_LOGIN, MAX_PASSWORD = 80, 200


@blueprint.route("/login", methods=["GET", "POST"])
@public
def login():
    target = _safe_next(request.values.get("next"))
    if g.user is not None and request.method == "GET":
        return redirect(target)
    if request.method == "GET":
        return render_template("auth/login.html", next=target, login="")
    login_name = request.form.get("login", "").strip()[:MAX_LOGIN]
    password = request.form.get("password", "")[:MAX_PASSWORD]
    try:
        user = current_app.extensions["kooperacja.engine"].directory.authenticate(login_name, password)
    except NotAuthenticated:
        error = _("Nieprawidłowy login lub hasło.")
        return render_template("auth/login.html", next=target, login=login_name, error=error), 401
    log_in(user)
    flash(_("Zalogowano jako %(name)s.", name=user.display_name), "success")
    return redirect(_landing(user.roles, target))


@blueprint.post("/logout")
@login_required
def logout():
    log_out()
    flash(_("Wylogowano."), "success")
    return redirect(url_for("auth.login"))


def _landing(roles, target: str) -> str:
    """An analyst who works no cases starts in the process library, not in an empty task list."""
    if target != _safe_next(None):
        return target
    if ANALYST in roles and set(roles) <= {ANALYST, ADMINISTRATOR} and "analyst.index" in current_app.view_functions:
        return url_for("analyst.index")
    return target


def _safe_next(target: str | None) -> str:
    """Only a path on this site: an open redirect would let a phishing link pass through our login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("worker.inbox") if "worker.inbox" in current_app.view_functions else url_for("status.index")
