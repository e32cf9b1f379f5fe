"""The analyst's start page: the model's files with their drafts, the deployed versions, deploy, export, import."""

from __future__ import annotations

from flask import Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from engine.errors import DefinitionError, InvalidInput
from web.access import roles_required
from web.analyst.blueprint import MODEL_ROLES, blueprint
from web.services import engine, practice

MAX_UPLOAD = 2 * 1024 * 1024  # the application's request limit (security.COOKIE_SETTINGS) caps it anyway
KIND_ORDER = ("process", "decision", "form", "table")


@blueprint.get("")
@roles_required(*MODEL_ROLES)
def index():
    library = engine().library.overview(g.actor)
    groups = [(kind, [f for f in library.files if f.kind == kind]) for kind in KIND_ORDER]
    problems = engine().library.check(g.actor).problems if library.has_drafts else ()
    runs = practice().runs(g.actor)
    return render_template("analyst/index.html", library=library, groups=groups, problems=problems, runs=runs)


@blueprint.post("/wdroz")
@roles_required(*MODEL_ROLES)
def deploy():
    try:
        result = engine().library.deploy(g.actor, request.form.get("comment", ""))
    except InvalidInput as error:
        flash(error.message, "error")
        return redirect(url_for("analyst.index"))
    except DefinitionError as error:
        flash(_("Nie wdrożono: model ma %(count)d problemów (lista poniżej).", count=len(error.problems)), "error")
        return redirect(url_for("analyst.index"))
    if result.created:
        flash(_("Wdrożono wersję %(number)d. Nowe sprawy będą ją stosować.", number=result.version.number), "success")
    else:
        flash(_("Ta zawartość jest już wdrożona jako wersja %(number)d.", number=result.version.number), "success")
    return redirect(url_for("analyst.index"))


@blueprint.get("/wersje/<int:number>.zip")
@roles_required(*MODEL_ROLES)
def export(number: int):
    data = engine().library.export(g.actor, number)
    return Response(
        data,
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="kooperacja-v{number}.zip"'},
    )


@blueprint.post("/import")
@roles_required(*MODEL_ROLES)
def import_zip():
    upload = request.files.get("archive")
    if upload is None or not upload.filename:
        flash(_("Wybierz plik ZIP z katalogami processes/ i forms/."), "error")
        return redirect(url_for("analyst.index"))
    try:
        changed, skipped = engine().library.import_zip(g.actor, upload.read(MAX_UPLOAD + 1))
    except InvalidInput as error:
        flash(error.message, "error")
        return redirect(url_for("analyst.index"))
    flash(_("Zaimportowano jako wersje robocze: %(count)d zmienionych plików.", count=len(changed)), "success")
    if skipped:
        flash(_("Pominięto pliki spoza modelu: %(names)s", names=", ".join(skipped[:10])), "info")
    return redirect(url_for("analyst.index"))
