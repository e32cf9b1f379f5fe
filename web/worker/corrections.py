"""Correcting a recorded fact of a completed task (art. 16 GDPR): the social worker of the case or a
supervisor picks the field, gives the new value and the reason; the engine checks who may and keeps
the old value. The page then names the institutions that had received the fact."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.errors import InvalidFormData
from web.access import login_required
from web.services import engine
from web.worker.blueprint import blueprint

MAX_REASON, MAX_VALUE = 2000, 5000


@blueprint.route("/sprawy/<case_id>/zadania/<task_id>/poprawka", methods=["GET", "POST"])
@login_required
def correction(case_id: str, task_id: str):
    form = engine().rectification.form(g.actor, case_id, task_id)
    fields = {f.name: f for f in form.fields}
    chosen = fields.get(request.values.get("pole", ""))
    errors: dict[str, str] = {}
    value = request.form.get("wartosc", "")[:MAX_VALUE]
    reason = request.form.get("powod", "")[:MAX_REASON]
    if request.method == "POST" and chosen is not None:
        try:
            done = engine().rectification.correct(g.actor, case_id, task_id, chosen.name, value, reason)
        except InvalidFormData as error:
            errors = {path: messages[0] for path, messages in error.by_field().items()}
        else:
            told = ", ".join(done.recipients) or _("żadna instytucja")
            flash(
                _(
                    "Poprawiono: %(label)s. Instytucje, które otrzymały dane, do powiadomienia: %(who)s.",
                    label=done.label,
                    who=told,
                ),
                "success",
            )
            return redirect(url_for("worker.case", case_id=case_id) + f"#wpis-{task_id}")
    elif request.method == "POST":
        errors = {"pole": _("Wybierz pole do poprawienia.")}
    return render_template(
        "worker/correction.html",
        form=form,
        chosen=chosen,
        errors=errors,
        value=value if request.method == "POST" else (chosen.text if chosen and chosen.kind != "choice" else ""),
        reason=reason,
    ), (400 if errors else 200)
