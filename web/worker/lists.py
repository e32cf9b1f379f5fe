"""The three task lists: "Moje zadania", "Do podjęcia", "Zakończone"."""

from __future__ import annotations

from flask import g, render_template, request
from flask_babel import lazy_gettext as _l

from engine.dto.pages import COUNT_LIMIT
from engine.roles import ANIMATOR
from web.access import holds, login_required
from web.services import engine
from web.worker.blueprint import blueprint
from web.worker.listing import DEADLINES, SORTS, Filters, page_links, rows_of

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
    return _render("inbox", escalated=holds(ANIMATOR))


@blueprint.get("/zadania/do-podjecia")
@login_required
def queue():
    return _render("queue")


@blueprint.get("/zadania/zakonczone")
@login_required
def archive():
    return _render("archive", default_sort="zakonczone")


def _render(which: str, default_sort: str = "termin", escalated: bool = False):
    """The list ``which`` with the three tabs' counts, read in one engine call (the list's own count is its tab's)."""
    filters = Filters.from_args(request.args, default_sort)
    now = engine().clock.now()
    listing = engine().tasks.listing(g.actor, which, filters.request(now), escalated=escalated)
    page = listing.page
    previous_page, next_page = page_links(page)
    title, description = LISTS[which]
    return render_template(
        "worker/tasks.html",
        which=which,
        title=title,
        description=description,
        rows=rows_of(page, now),
        total=page.total,
        more=page.more,
        counts={name: _count(number) for name, number in listing.counts.items()},
        filters=filters,
        filtered=bool(filters.text or filters.deadline),
        sorts=SORTS,
        deadlines=DEADLINES,
        escalated=listing.escalated or [],
        previous_page=previous_page,
        next_page=next_page,
    )


def _count(number: int) -> str:
    """A tab's count; counts stop after ``COUNT_LIMIT`` rows (see ``engine.dto.pages``)."""
    return f"{COUNT_LIMIT}+" if number > COUNT_LIMIT else str(number)
