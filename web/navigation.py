"""The main menu: what the logged-in user may open, in the order they use it."""

from __future__ import annotations

from flask import Flask, current_app, g
from flask_babel import lazy_gettext as _l

from engine.roles import (
    ADMINISTRATOR,
    ADVICE_ROLES,
    ANALYST,
    CASE_STARTERS,
    COUNCILLOR,
    DATA_PROTECTION_OFFICER,
    SUPERVISOR,
)

# (endpoint, label, roles that see it; None = every logged-in user)
MENU = (
    ("worker.inbox", _l("Moje zadania"), None),
    ("worker.queue", _l("Do podjęcia"), None),
    ("worker.archive", _l("Zakończone"), None),
    ("worker.cases", _l("Sprawy"), None),
    ("worker.start", _l("Nowa sprawa"), CASE_STARTERS),
    ("worker.meetings", _l("Posiedzenia PZK"), None),
    ("worker.questions", _l("Pytania do zespołu ROPS"), ADVICE_ROLES),
    ("worker.my_questions", _l("Moje pytania"), None),
    ("supervisor.index", _l("Nadzór"), (SUPERVISOR,)),
    ("analyst.index", _l("Procesy"), (ANALYST, ADMINISTRATOR)),
    ("protection.index", _l("Ochrona danych"), (DATA_PROTECTION_OFFICER,)),
    ("councillors.index", _l("Dla radnych"), (COUNCILLOR,)),
    ("admin.index", _l("Administracja"), (ADMINISTRATOR,)),
    ("account.settings", _l("Moje konto"), None),
)


def init_app(app: Flask) -> None:
    app.context_processor(lambda: {"navigation": navigation})


def navigation() -> list[tuple[str, str]]:
    user = g.get("user")
    if user is None:
        return []
    # The data-protection officer and a councillor work no tasks and read no case through the worker's pages.
    works_no_cases = set(user.roles) in ({DATA_PROTECTION_OFFICER}, {COUNCILLOR})
    return [
        (endpoint, str(label))
        for endpoint, label, roles in MENU
        if endpoint in current_app.view_functions
        and (roles is None or set(roles) & set(user.roles))
        and not (works_no_cases and endpoint.startswith("worker."))
    ]
