"""The three task lists: "Moje zadania", "Do podjęcia", "Zakończone"."""

from __future__ import annotations

from flask import g, render_template, request
from flask_babel import lazy_gettext as _l

from engine.roles import ANIMATOR
from web.access import holds, login_required
from web.services import engine
from web.worker.blueprint import blueprint
from web.worker.listing import DEADLINES, SORTS, Filters, apply

LISTS = {
    "inbox": (_l("Moje zadania"), _l("Zadania przydzielone Tobie.")),
    "queue": (
        _l("Do podjęcia"),
        _l("Zadania Twojej instytucji i roli w jej sprawach; podejmij zadanie, aby wypełnić formularz."),
    ),
    "archive": (_l("Zakończone"), _l("Zadania, które zakończyłeś.")),
}


@blueprint.get("/zadania")
@login_required
def inbox():
    # Animators answer for the deadlines of their cases: the escalated tasks come first on their start page.
    escalated = engine().tasks.escalated(g.actor) if holds(ANIMATOR) else []
    return _render("inbox", engine().tasks.inbox(g.actor), escalated=escalated)


@blueprint.get("/zadania/do-podjecia")
@login_required
def queue():
    return _render("queue", engine().tasks.queue(g.actor))


@blueprint.get("/zadania/zakonczone")
@login_required
def archive():
    return _render("archive", engine().tasks.archive(g.actor), default_sort="zakonczone")


def _render(which: str, tasks, default_sort: str = "termin", escalated=()):
    filters = Filters.from_args(request.args, default_sort)
    rows = apply(tasks, filters, engine().clock.now())
    title, description = LISTS[which]
    return render_template(
        "worker/tasks.html",
        which=which,
        title=title,
        description=description,
        rows=rows,
        total=len(tasks),
        counts=_counts(which, len(tasks)),
        filters=filters,
        sorts=SORTS,
        deadlines=DEADLINES,
        escalated=escalated,
    )


def _counts(which: str, current: int) -> dict[str, int]:
    """How many tasks each list holds, for the tabs (the one shown is counted already)."""
    tasks = engine().tasks
    listing = {"inbox": tasks.inbox, "queue": tasks.queue, "archive": tasks.archive}
    return {name: current if name == which else len(listing[name](g.actor)) for name in LISTS}
