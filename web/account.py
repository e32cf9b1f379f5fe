"""My account: e-mail notification preferences and my password."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engine.errors import InvalidFormData, NotAuthenticated
from web.access import login_required
from web.services import engine
from web.session_user import log_in

blueprint = Blueprint("account", __name__, url_prefix="/konto")
NOTIFICATIONS = {
    "task_new": _l("Nowe zadanie w kolejce mojej instytucji"),
    "task_assigned": _l("Zadanie przydzielone mnie"),
    "reminder": _l("Przypomnienie przed terminem zadania"),
    "escalation": _l("Eskalacja po przekroczeniu terminu"),
    "question_new": _l("Nowe pytanie do mojej roli w zespole ROPS"),
    "question_answered": _l("Odpowiedź zespołu ROPS na moje pytanie"),
    "meeting_scheduled": _l("Zaplanowane posiedzenie PZK mojego partnerstwa"),
}


@blueprint.get("")
@login_required
def settings():
    return _page()


@blueprint.post("/powiadomienia")
@login_required
def notifications():
    current = engine().directory.notification_preferences(g.actor)
    chosen = set(request.form.getlist("kind"))
    engine().directory.set_notification_preferences(g.actor, {kind: kind in chosen for kind in current})
    flash(_("Zapisano ustawienia powiadomień."), "success")
    return redirect(url_for("account.settings"))


@blueprint.post("/haslo")
@login_required
def password():
    current, new, repeated = (request.form.get(name, "") for name in ("current", "new", "repeated"))
    errors = {}
    try:
        engine().directory.authenticate(g.user.login, current)
    except NotAuthenticated:
        errors["current"] = _("Obecne hasło jest nieprawidłowe.")
    if new != repeated:
        errors["repeated"] = _("Powtórzone hasło różni się od nowego.")
    if not errors:
        try:
            engine().directory.set_password(g.actor, g.user.id, new)
        except InvalidFormData as error:
            errors["new"] = " ".join(e.message for e in error.errors)
    if errors:
        return _page(errors, status=422)
    # The new password ended every session of this user; this browser gets a fresh one.
    log_in(g.user, engine().sessions.start(g.user.id))
    flash(_("Hasło zostało zmienione. Wylogowano Cię na wszystkich innych urządzeniach."), "success")
    return redirect(url_for("account.settings"))


def _page(errors: dict | None = None, status: int = 200):
    preferences = engine().directory.notification_preferences(g.actor)
    labels = {kind: NOTIFICATIONS.get(kind, kind) for kind in preferences}
    return render_template("account/settings.html", preferences=preferences, labels=labels, errors=errors or {}), status
