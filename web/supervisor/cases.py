"""Cases as a supervisor sees them: the list by status, and one case with its history and actions."""

from __future__ import annotations

from flask import g, render_template, request
from flask_babel import lazy_gettext as _l

from engine.roles import SUPERVISOR
from web.access import roles_required
from web.casefile_view import section_views
from web.services import engine
from web.supervisor import case_filters
from web.supervisor.blueprint import blueprint
from web.worker.listing import deadline_state, page_links, page_request

EVENTS = {
    "started": _l("Rozpoczęto sprawę"),
    "claimed": _l("Podjęto zadanie"),
    "unclaimed": _l("Zwolniono zadanie"),
    "assigned": _l("Przydzielono zadanie"),
    "completed": _l("Zakończono"),
    "timer_fired": _l("Upłynął termin (timer)"),
    "message_received": _l("Odebrano wiadomość"),
    "message_thrown": _l("Wysłano wiadomość"),
    "error": _l("Błąd"),
    "suspended": _l("Wstrzymano sprawę"),
    "resumed": _l("Wznowiono sprawę"),
    "terminated": _l("Przerwano sprawę"),
    "retried": _l("Ponowiono po błędzie"),
    "reminder": _l("Przypomnienie o terminie"),
    "escalated": _l("Eskalacja po terminie"),
    "incident": _l("Incydent zadania w tle"),
    "migrated": _l("Przeniesiono na inną wersję procesu"),
}


@blueprint.get("/sprawy")
@roles_required(SUPERVISOR)
def cases():
    """The cases of the supervisor's scope, filtered (status, process, stage, step, institution, deadline,
    variant, partnership, dates, search) and paged; each filter a query parameter, so a link keeps it."""
    filters = case_filters.read(request.args)
    listed = engine().runtime.cases_of(
        g.actor,
        page_request(
            request.args, status=filters.status, search=filters.search, sort=filters.sort, cases=filters.cases
        ),
    )
    previous_page, next_page = page_links(listed)
    return render_template(
        "supervisor/cases.html",
        cases=listed,
        total=listed.total,
        filters=filters,
        choices=case_filters.choices(),
        previous_page=previous_page,
        next_page=next_page,
    ), (400 if filters.errors else 200)


@blueprint.get("/sprawy/<case_id>")
@roles_required(SUPERVISOR)
def case(case_id: str):
    return render_case(case_id)


def render_case(case_id: str, errors: dict | None = None, values: dict | None = None, status: int = 200):
    """The case page; an action refused for bad input re-renders it with the message at its field."""
    info = engine().runtime.case(g.actor, case_id)
    tasks = engine().tasks.of_case(g.actor, case_id)
    events = engine().history.events(g.actor, case_id)
    casefile = engine().casefile.file(g.actor, case_id)
    users = engine().directory.users()
    names = {user.id: user.display_name for user in users}
    now = engine().clock.now()
    page = render_template(
        "supervisor/case.html",
        case=info,
        tasks=[(task, deadline_state(task, now), _candidates(info, task, users)) for task in tasks],
        events=events,
        decisions={
            item.entry.task_id: item for section in section_views(casefile.sections) for item in section.entries
        },
        awaited=casefile.awaited,
        names=names,
        labels=EVENTS,
        errors=errors or {},
        values=values or {},
    )
    return page, status


def _candidates(case, task, users) -> list:
    """Who may take the task over: active users holding its role in an institution playing that role here."""
    playing = {institution_id for role, institution_id in case.participants if role == task.role}
    return [
        user
        for user in users
        if user.active and user.institution_id in playing and task.role in user.roles and user.id != task.assignee_id
    ]
