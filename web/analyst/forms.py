"""The form editor: a form's JSON Schema and UI schema side by side, previewed by the workers' renderer.

The preview is drawn by ``web.formview`` and the ``forms/fields.html`` macros, the same code that draws
a task's form for the worker, so what the analyst sees is what the worker will get. Saving keeps both
files as drafts and shows every problem of the working model. The preview is filled with sample data
(editable JSON, first made from the schema by ``form_sample``) and lists every problem of the sample
against the schema, as a worker submitting it would be told.
"""

from __future__ import annotations

import json

from flask import flash, g, render_template, request
from flask_babel import gettext as _

from engine.errors import InvalidInput, NotFound
from web import formview
from web.access import roles_required
from web.analyst import form_sample
from web.analyst.blueprint import MODEL_ROLES, blueprint
from web.services import engine


@blueprint.route("/formularz/<name>", methods=["GET", "POST"])
@roles_required(*MODEL_ROLES)
def form_editor(name: str):
    paths = (f"forms/{name}.schema.json", f"forms/{name}.uischema.json")
    if request.method == "POST":
        texts = (request.form.get("schema", ""), request.form.get("uischema", "") or "{}")
    else:
        texts = (_working_text(paths[0], required=True), _working_text(paths[1], required=False))
    parsed, errors = _parse(texts)
    problems = ()
    if request.method == "POST" and request.form.get("action") == "save" and not errors:
        try:
            for path, text in zip(paths, texts, strict=True):
                problems = engine().library.save(g.actor, path, text.encode()).problems
        except InvalidInput as error:
            errors.append(error.message)
        else:
            flash(_("Zapisano wersję roboczą formularza."), "success")
    sample_text, sample, sample_errors = _sample(parsed[0] if not errors else {})
    checked = form_sample.check(parsed[0], sample) if sample is not None and not errors else {}
    preview = formview.build(parsed[0], parsed[1], sample, checked) if not errors else None
    return render_template(
        "analyst/form.html",
        name=name,
        texts=texts,
        errors=errors,
        preview=preview,
        problems=problems,
        sample_text=sample_text,
        sample_errors=sample_errors,
        sample_problems=[
            (form_sample.label(parsed[0], path) if path else "", message)
            for path, messages in checked.items()
            for message in messages
        ],
    )


def _sample(schema: dict) -> tuple[str, dict | None, list[str]]:
    """(the sample's text, the sample or None when it is not a JSON object, the problems reading it)."""
    text = request.form.get("sample", "") if request.method == "POST" else ""
    if not text.strip() or request.form.get("action") == "sample":
        text = json.dumps(form_sample.sample(schema), ensure_ascii=False, indent=2)
    document, problems = form_sample.parse(text)
    return text, document, problems


def _working_text(path: str, required: bool) -> str:
    try:
        return engine().library.open(g.actor, path).content.decode("utf-8")
    except NotFound:
        if required:
            raise
        return "{}"


def _parse(texts: tuple[str, str]) -> tuple[tuple[dict, dict], list[str]]:
    parsed, errors = [], []
    for label, text in zip((_("Schemat JSON"), _("Schemat UI")), texts, strict=True):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            errors.append(
                _(
                    "%(what)s: błąd JSON w wierszu %(line)d: %(message)s",
                    what=label,
                    line=error.lineno,
                    message=error.msg,
                )
            )
            value = {}
        if not isinstance(value, dict):
            errors.append(_("%(what)s musi być obiektem JSON.", what=label))
            value = {}
        parsed.append(value)
    return (parsed[0], parsed[1]), errors
