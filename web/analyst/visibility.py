"""The analyst's grid of who sees which section of a case file ("Kto widzi co w teczce sprawy").

The grid edits the visibility table's access part; saving keeps it as the draft of
``processes/widocznosc.json`` and checks the whole working set, as every editor does (the table's
other parts — consents, task context, waiting descriptions — stay as they are; they are edited as
text). Deploying makes it apply to cases, as for any file of the model.
"""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.roles import VISIBILITY_TABLE_FILE
from web.access import roles_required
from web.analyst import visibility_table as table
from web.analyst.blueprint import MODEL_ROLES, blueprint
from web.services import engine

PATH = f"processes/{VISIBILITY_TABLE_FILE}"


@blueprint.get("/widocznosc")
@roles_required(*MODEL_ROLES)
def visibility():
    return _page()


@blueprint.post("/widocznosc")
@roles_required(*MODEL_ROLES)
def visibility_save():
    opened = engine().library.open(g.actor, PATH)
    try:
        document = table.load(opened.content)
    except table.TableUnreadable:
        return _page(status=422)
    changed = table.apply(document, request.form)
    if changed == document:
        flash(_("Nic się nie zmieniło: tabela widoczności zostaje bez zmian."), "info")
        return redirect(url_for("analyst.visibility"))
    problems = engine().library.save(g.actor, PATH, table.dump(changed)).problems
    if problems:
        flash(
            _(
                "Zapisano wersję roboczą tabeli widoczności; model ma %(count)d problemów (lista poniżej).",
                count=len(problems),
            ),
            "error",
        )
    else:
        flash(_("Zapisano wersję roboczą tabeli widoczności. Zacznie obowiązywać po wdrożeniu."), "success")
    return redirect(url_for("analyst.visibility"))


def _page(status: int = 200):
    opened = engine().library.open(g.actor, PATH)
    try:
        grid = table.grid(table.load(opened.content))
    except table.TableUnreadable:
        grid = None  # the page says so and links to the table as text
    checked = engine().library.check(g.actor)
    page = render_template(
        "analyst/visibility.html", grid=grid, opened=opened, path=PATH, problems=checked.of_file(PATH)
    )
    return page, status
