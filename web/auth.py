"""Logging in and out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.errors import LoginThrottled, NotAuthenticated
from engine.roles import ADMINISTRATOR, ANALYST, COUNCILLOR, DATA_PROTECTION_OFFICER
from web.access import login_required, public
from web.session_user import log_in, log_out

blueprint = Blueprint("auth", __name__)
MAX_LOGIN, MAX_PASSWORD = 80, 200


@blueprint.route("/login", methods=["GET", "POST"])
@public
def login():
    target = safe_next(request.values.get("next"))
    if g.user is not None and request.method == "GET":
        return redirect(target)
    if request.method == "GET":
        return render_template("auth/login.html", next=target, login="")
    login_name = request.form.get("login", "").strip()[:MAX_LOGIN]
    password = request.form.get("password", "")[:MAX_PASSWORD]
    sessions = current_app.extensions["kooperacja.engine"].sessions
    try:
        grant = sessions.log_in(login_name, password, request.remote_addr)
    except LoginThrottled as error:
        page = render_template("auth/login.html", next=target, login=login_name, error=_throttled(error))
        return page, 429, {"Retry-After": str(int(error.retry_after.total_seconds()) + 1)}
    except NotAuthenticated:
        error = _("Nieprawidłowy login lub hasło.")
        return render_template("auth/login.html", next=target, login=login_name, error=error), 401
    log_in(grant.user, grant.session_key)
    flash(_("Zalogowano jako %(name)s.", name=grant.user.display_name), "success")
    return redirect(_landing(grant.user.roles, target))


@blueprint.post("/logout")
@login_required
def logout():
    """Ends every session of this user (all browsers and devices), not only this one."""
    current_app.extensions["kooperacja.engine"].sessions.end_sessions(g.actor)
    log_out()
    flash(_("Wylogowano."), "success")
    return redirect(url_for("auth.login"))


def _landing(roles, target: str) -> str:
    """An analyst who works no cases starts in the process library, the data-protection officer on their
    own page and a councillor on their figures, not in an empty task list."""
    if target != safe_next(None):
        return target
    if ANALYST in roles and set(roles) <= {ANALYST, ADMINISTRATOR} and "analyst.index" in current_app.view_functions:
        return url_for("analyst.index")
    officer_only = set(roles) == {DATA_PROTECTION_OFFICER}
    if officer_only and "protection.index" in current_app.view_functions:
        return url_for("protection.index")
    if set(roles) == {COUNCILLOR} and "councillors.index" in current_app.view_functions:
        return url_for("councillors.index")
    return target


def safe_next(target: str | None) -> str:
    """Only a path on this site: an open redirect would let a phishing link pass through our login.

    Browsers drop tabs and newlines from URLs and read a backslash as a slash, so ``/\\t/evil`` or
    ``/\\evil`` would become ``//evil`` (another site): any control character, whitespace or
    backslash refuses the target.
    """
    if target and _local_path(target):
        return target
    return url_for("worker.inbox") if "worker.inbox" in current_app.view_functions else url_for("status.index")


def _local_path(target: str) -> bool:
    if len(target) > 2000 or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def _throttled(error: LoginThrottled) -> str:
    minutes = max(1, -(-int(error.retry_after.total_seconds()) // 60))
    if error.scope == "account":
        message = _("Zbyt wiele nieudanych prób logowania na to konto.")
    else:
        message = _("Zbyt wiele nieudanych prób logowania z tego adresu sieciowego.")
    pause = _(
        "Ze względów bezpieczeństwa logowanie wstrzymano na %(minutes)d min. Spróbuj ponownie później; "
        "jeśli nie pamiętasz hasła, poproś administratora o ustawienie nowego.",
        minutes=minutes,
    )
    return f"{message} {pause}"
