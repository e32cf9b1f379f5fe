"""Meetings of the partnership (posiedzenia PZK): the list, and scheduling one with its agenda.

Every page asks the engine, which lets only the partnership's institutions see its meetings and only
its animator or PZK coordinator schedule them; an agenda shows a case only to institutions that take
part in it.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.errors import InvalidInput
from web.access import login_required
from web.services import engine
from web.worker.blueprint import blueprint

LOCAL = ZoneInfo("Europe/Warsaw")


@blueprint.get("/posiedzenia")
@login_required
def meetings():
    return render_template(
        "worker/meetings.html",
        meetings=engine().meetings.meetings(g.actor),
        may_schedule=bool(engine().meetings.partnerships(g.actor)),
        statuses=meeting_statuses(),
    )


@blueprint.route("/posiedzenia/nowe", methods=["GET", "POST"])
@login_required
def new_meeting():
    partnerships = engine().meetings.partnerships(g.actor)
    chosen = _chosen(partnerships)
    waiting = engine().meetings.waiting(g.actor, chosen.id) if chosen else []
    form = {"day": "", "time": "10:00", "place": "", "tasks": [c.task_id for c in waiting]}
    errors: dict[str, str] = {}
    if request.method == "POST" and chosen:
        form = {
            "day": request.form.get("day", "").strip(),
            "time": request.form.get("time", "").strip(),
            "place": request.form.get("place", "").strip(),
            "tasks": request.form.getlist("tasks"),
        }
        starts_at = _moment(form["day"], form["time"])
        if starts_at is None:
            errors["day"] = _("Podaj datę i godzinę posiedzenia.")
        if not form["place"]:
            errors["place"] = _("Podaj miejsce posiedzenia.")
        if not errors:
            try:
                meeting = engine().meetings.schedule(g.actor, chosen.id, starts_at, form["place"], form["tasks"])
            except InvalidInput as refused:
                errors["tasks"] = refused.message
            else:
                flash(_("Zaplanowano posiedzenie PZK."), "success")
                return redirect(url_for("worker.meeting", meeting_id=meeting.summary.id))
    page = render_template(
        "worker/meeting_new.html",
        partnerships=partnerships,
        chosen=chosen,
        waiting=waiting,
        form=form,
        errors=errors,
    )
    return page, 422 if errors else 200


def _chosen(partnerships):
    wanted = request.values.get("partnerstwo", type=int)
    for partnership in partnerships:
        if partnership.id == wanted or (wanted is None and len(partnerships) == 1):
            return partnership
    return None


def _moment(day: str, time: str) -> datetime | None:
    """The meeting's start from the date and time people type (Polish time), in UTC."""
    try:
        local = datetime.strptime(f"{day} {time}", "%Y-%m-%d %H:%M")
    except ValueError:
        return None
    return local.replace(tzinfo=LOCAL)


def meeting_statuses() -> dict[str, str]:
    return {
        "planned": _("zaplanowane"),
        "held": _("w toku (obecność zapisana)"),
        "closed": _("zamknięte"),
    }
