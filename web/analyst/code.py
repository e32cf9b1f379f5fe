"""The properties panel's check of one piece of diagram code: compiled in the engine's sandbox, in words.

A script, a condition or an expression gets the Polish message the deployment check would give; a
timer written as a literal also says what it means and when it would fire counted from now
("14 dni — 17 grudnia 2026"), in the reader's language.
"""

from __future__ import annotations

from babel.units import format_unit
from flask import g, jsonify, request
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _

from web.access import roles_required
from web.analyst.blueprint import MODEL_ROLES, blueprint
from web.services import engine


@blueprint.post("/kod/sprawdz")
@roles_required(*MODEL_ROLES)
def check_code():
    body = request.get_json(silent=True) or {}
    kind, source = str(body.get("kind", "")), str(body.get("source", ""))
    checked = engine().library.check_code(g.actor, kind, source)
    if checked.problem:
        return jsonify(ok=False, message=checked.problem)
    return jsonify(ok=True, message=_("Kod jest poprawny."), words=_timer_words(kind, source, checked))


def _timer_words(kind: str, source: str, checked) -> str | None:
    if kind not in ("duration", "date", "cycle"):
        return None
    if checked.due_at is None:
        return _("Termin wyliczany z danych sprawy, gdy timer startuje.")
    if kind == "date":
        return format_datetime(checked.due_at, "long")
    period = ", ".join(_unit(unit, amount) for unit, amount in checked.parts) or _("od razu")
    if kind == "cycle":
        if checked.repeat is not None and checked.repeat >= 0:
            return _(
                "%(count)d razy co %(period)s, pierwszy raz %(when)s",
                count=checked.repeat,
                period=period,
                when=format_date(checked.due_at, "long"),
            )
        return _(
            "bez końca co %(period)s, pierwszy raz %(when)s", period=period, when=format_date(checked.due_at, "long")
        )
    return f"{period} — {format_date(checked.due_at, 'long')}"


def _unit(unit: str, amount: float) -> str:
    number = int(amount) if float(amount).is_integer() else amount
    return format_unit(number, f"duration-{unit.removesuffix('s')}", length="long", locale=get_locale())
