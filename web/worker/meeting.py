"""One meeting of the partnership: attendance and quorum, a decision per case (the form of its PZK task),
closing (which completes the tasks; refused without quorum) and the minutes as PDF."""

from __future__ import annotations

from io import BytesIO

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from engine.errors import InvalidFormData, InvalidState
from web import formview
from web.access import login_required
from web.casefile_view import section_views
from web.services import engine
from web.worker.blueprint import blueprint
from web.worker.meetings import meeting_statuses

SAVE = "save"


@blueprint.get("/posiedzenia/<int:meeting_id>")
@login_required
def meeting(meeting_id: int):
    return _page(engine().meetings.meeting(g.actor, meeting_id))


@blueprint.post("/posiedzenia/<int:meeting_id>/obecnosc")
@login_required
def attendance(meeting_id: int):
    present = [int(i) for i in request.form.getlist("present") if i.isdigit()]
    engine().meetings.record_attendance(g.actor, meeting_id, present)
    flash(_("Zapisano obecność."), "success")
    return redirect(url_for("worker.meeting", meeting_id=meeting_id))


@blueprint.post("/posiedzenia/<int:meeting_id>/zamknij")
@login_required
def close(meeting_id: int):
    try:
        closed = engine().meetings.close(g.actor, meeting_id)
    except InvalidState as refused:
        return _page(engine().meetings.meeting(g.actor, meeting_id), refused.message, 409)
    done = sum(item.outcome == "done" for item in closed.items)
    flash(
        _("Posiedzenie zamknięte. Wykonano decyzje w sprawach: %(done)s z %(all)s.", done=done, all=len(closed.items)),
        "success",
    )
    return redirect(url_for("worker.meeting", meeting_id=meeting_id))


@blueprint.route("/posiedzenia/<int:meeting_id>/punkty/<int:item_id>", methods=["GET", "POST"])
@login_required
def decision(meeting_id: int, item_id: int):
    item_form = engine().meetings.item_form(g.actor, meeting_id, item_id)
    schema = formview.with_choices(item_form.schema, item_form.choices)
    if request.method == "GET":
        return _decision_page(meeting_id, item_form, formview.build(schema, item_form.ui_schema, item_form.values, {}))
    parsed = formview.parse(schema, request.form, keep_empty_rows=True)
    action = request.form.get("_action", SAVE)
    if action != SAVE:
        try:
            values = formview.apply_action(schema, parsed.values, action)
        except formview.ActionError:
            abort(400)
        view = formview.build(schema, item_form.ui_schema, values, {}, focus=formview.focus_after(action, values))
        return _decision_page(meeting_id, item_form, view)
    errors = dict(parsed.errors)
    if not errors:
        try:
            engine().meetings.record_decision(g.actor, meeting_id, item_id, parsed.data)
        except InvalidFormData as refused:
            errors = refused.by_field()
        else:
            flash(_("Zapisano decyzję w sprawie. Zostanie wykonana przy zamknięciu posiedzenia."), "success")
            return redirect(url_for("worker.meeting", meeting_id=meeting_id))
    view = formview.build(schema, item_form.ui_schema, parsed.values, errors)
    return _decision_page(meeting_id, item_form, view, 422)


@blueprint.get("/posiedzenia/<int:meeting_id>/protokol.pdf")
@login_required
def minutes_pdf(meeting_id: int):
    from web.documents import render_minutes_pdf

    document = engine().meetings.minutes(g.actor, meeting_id)
    name = f"protokol-posiedzenia-PZK-{document.starts_at:%Y-%m-%d}-{meeting_id}.pdf"
    return send_file(
        BytesIO(render_minutes_pdf(document)), mimetype="application/pdf", as_attachment=True, download_name=name
    )


def _page(info, notice: str | None = None, status: int = 200):
    page = render_template(
        "worker/meeting.html", info=info, meeting=info.summary, notice=notice, statuses=meeting_statuses()
    )
    return page, status


def _decision_page(meeting_id: int, item_form, view, status: int = 200):
    page = render_template(
        "worker/meeting_decision.html",
        meeting_id=meeting_id,
        item_form=item_form,
        form=view,
        context=_context(item_form.task_id),
    )
    return page, status


def _context(task_id: str):
    """What the decision needs, as the task's own page gives it to the PZK (read and audited by the engine)."""
    context = engine().casefile.task_context(g.actor, task_id)
    return {"sections": section_views(context.sections), "facts": context.facts} if context else None
