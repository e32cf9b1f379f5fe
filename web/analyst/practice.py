"""Practice runs: the analyst plays a case of the working model on a throwaway engine, as each role would.

Nothing here reaches real cases, lists, e-mails or the audit of case data: every call goes to
``engine.practice``, whose engine has a database of its own. The run page shows where the case stands;
the clock moves on request ("Przesuń czas"), firing the timers that fall due.
"""

from __future__ import annotations

import json
from datetime import datetime

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from engine.errors import Conflict, DefinitionError, InvalidFormData, InvalidInput, MessageNotExpected, NotFound
from web.access import roles_required
from web.analyst.blueprint import MODEL_ROLES, blueprint
from web.services import practice
from web.supervisor.cases import EVENTS

MAX_PAYLOAD = 64 * 1024
#: An example value of each payload type the model may declare (engine.bpmn.payloads.TYPES).
EXAMPLES = {"string": "", "integer": 0, "number": 0, "boolean": False, "array": [], "object": {}}
TYPE_WORDS = {
    "string": _l("tekst"),
    "integer": _l("liczba całkowita"),
    "number": _l("liczba"),
    "boolean": _l("tak/nie (true/false)"),
    "date": _l("data RRRR-MM-DD"),
    "date-time": _l("data i godzina ISO 8601"),
    "array": _l("lista"),
    "object": _l("obiekt"),
}


@blueprint.post("/proby")
@roles_required(*MODEL_ROLES)
def practice_start():
    return _started(
        lambda: practice().start(g.actor, request.form.get("path", ""), request.form.get("process_id") or None)
    )


@blueprint.get("/proby/<run_id>")
@roles_required(*MODEL_ROLES)
def practice_run(run_id: str):
    view = practice().view(g.actor, run_id)
    data = json.dumps(view.data, ensure_ascii=False, indent=2, sort_keys=True, default=str)
    fired = [(event.detail.get("timer"), _moment(event.detail.get("due_at"))) for event in view.fired]
    messages = [(name, *_payload_form(view, name)) for name in view.waiting.messages]
    return render_template(
        "analyst/practice.html",
        view=view,
        run=view.run,
        case=view.case,
        data=data,
        events=EVENTS,
        fired=fired,
        messages=messages,
    )


@blueprint.post("/proby/<run_id>/czas")
@roles_required(*MODEL_ROLES)
def practice_time(run_id: str):
    to_next = request.form.get("next") == "1"
    try:
        fired = practice().advance(g.actor, run_id, request.form.get("days", type=int) or 0, to_next)
    except InvalidInput as error:
        flash(error.message, "error")
        return _back(run_id)
    if fired:
        flash(ngettext("Upłynął %(num)d termin.", "Upłynęło terminów: %(num)d.", fired), "success")
    else:
        flash(_("Przesunięto czas. Żaden termin nie upłynął."), "info")
    return _back(run_id)


@blueprint.post("/proby/<run_id>/wiadomosc")
@roles_required(*MODEL_ROLES)
def practice_message(run_id: str):
    name = request.form.get("message", "")
    try:
        payload = _payload(request.form.get("payload", ""))
        practice().deliver(g.actor, run_id, name, payload)
    except (InvalidInput, InvalidFormData, MessageNotExpected, Conflict) as error:
        flash(error.message, "error")
        return _back(run_id)
    flash(_("Doręczono wiadomość „%(name)s”.", name=name), "success")
    return _back(run_id)


@blueprint.post("/proby/<run_id>/od-nowa")
@roles_required(*MODEL_ROLES)
def practice_restart(run_id: str):
    return _started(lambda: practice().restart(g.actor, run_id))


@blueprint.post("/proby/<run_id>/zakoncz")
@roles_required(*MODEL_ROLES)
def practice_end(run_id: str):
    practice().end(g.actor, run_id)
    flash(_("Zakończono próbę. Jej dane usunięto."), "success")
    return redirect(url_for("analyst.index", _anchor="practice"))


def _started(start):
    """Start a run (``start``) and show it; a model that does not deploy goes back to the library with why."""
    try:
        run = start()
    except DefinitionError as error:
        flash(_("Nie można rozpocząć próby: model ma %(count)d problemów.", count=len(error.problems)), "error")
        for problem in error.problems[:10]:
            flash(str(problem), "error")
        return redirect(url_for("analyst.index", _anchor="practice"))
    except (InvalidInput, NotFound) as error:
        flash(error.message, "error")
        return redirect(url_for("analyst.index", _anchor="practice"))
    flash(_("Rozpoczęto próbę procesu. Dane są fikcyjne i nie trafiają do prawdziwych spraw."), "success")
    return redirect(url_for("analyst.practice_run", run_id=run.id))


def _payload_form(view, name: str) -> tuple[str, list[str]]:
    """A message's payload to start from (every declared key with an example value) and the keys in words."""
    keys = view.waiting.payloads.get(name, ())
    today = view.run.now.date().isoformat()
    examples = {"date": today, "date-time": view.run.now.isoformat(timespec="seconds")}
    skeleton = {k.key: examples.get(k.type, EXAMPLES.get(k.type, "")) for k in keys}
    words = [
        _("%(key)s: %(type)s, wymagany", key=k.key, type=TYPE_WORDS.get(k.type, k.type))
        if k.required
        else _("%(key)s: %(type)s, niewymagany", key=k.key, type=TYPE_WORDS.get(k.type, k.type))
        for k in keys
    ]
    return json.dumps(skeleton, ensure_ascii=False, indent=2), words


def _moment(value) -> datetime | None:
    """A timer's due time as the event stored it (ISO 8601 text)."""
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _back(run_id: str):
    return redirect(url_for("analyst.practice_run", run_id=run_id))


def _payload(text: str):
    """The message's payload: a JSON object typed by the analyst (empty: no payload)."""
    if not text.strip():
        return {}
    if len(text) > MAX_PAYLOAD:
        raise InvalidInput(_("Treść wiadomości jest zbyt długa."))
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(_("Treść wiadomości nie jest poprawnym JSON: %(message)s.", message=error.msg)) from None
    if not isinstance(value, dict):
        raise InvalidInput(_('Treść wiadomości musi być obiektem JSON, np. {"decyzja": "tak"}.'))
    return value
