"""Keeps ``case_report`` and ``case_recommendation`` in step with a case's data, in the save's transaction.

The dates are those the workers entered in the forms (the demo and migrated cases are entered after
the fact, so the engine's own timestamps would not tell how long the work took). A recommendation keeps
the stage and date it was first seen with; rows are rewritten only when something changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.orm import Session

from engine.db.models import CaseRecommendation, CaseReport, HumanTask
from engine.store.changes import Case

ENDED = ("completed", "terminated")
#: kind -> (the case variable holding the text, the variable holding the date it was written)
TEXTS = {
    "wnioski": ("wnioski", "data_przekazania_do_rops"),
    "ocena_koncowa": ("dalsze_rekomendacje", "data_oceny_koncowej"),
    "zamkniecie": ("dalsze_wsparcie", "data_zamkniecia"),
}
RECOMMENDATIONS = ("rekomendacje", "data_przekazania_do_rops")  # a list of {obszar, tresc}
_REPORT, _RECOMMENDATION = CaseReport.__table__, CaseRecommendation.__table__
_REPORT_COLUMNS = ("nominated_on", "qualified_on", "plan_approved_on", "closed_on", "services")
_HELD_COLUMNS = ("kind", "area", "text", "recorded_on", "stage", "recorded_at")
# built once: every person's step of a case runs them
_READ_REPORT = select(*(_REPORT.c[name] for name in _REPORT_COLUMNS)).where(
    _REPORT.c.instance_id == bindparam("b_case")
)
_READ_RECOMMENDATIONS = (
    select(*(_RECOMMENDATION.c[name] for name in _HELD_COLUMNS))
    .where(_RECOMMENDATION.c.instance_id == bindparam("b_case"))
    .order_by(_RECOMMENDATION.c.position)
)
_DELETE_REPORT = delete(_REPORT).where(_REPORT.c.instance_id == bindparam("b_case"))
_DELETE_RECOMMENDATIONS = delete(_RECOMMENDATION).where(_RECOMMENDATION.c.instance_id == bindparam("b_case"))
_INSERT_REPORT, _INSERT_RECOMMENDATION = insert(_REPORT), insert(_RECOMMENDATION)
_TASK_STAGE = select(HumanTask.stage).where(HumanTask.id == bindparam("b_task"))


@dataclass
class Held:
    """What a case's report rows hold: the ``case_report`` columns (None: no row) and the
    recommendations by position as (kind, area, text, recorded_on, stage, recorded_at)."""

    report: dict | None
    recommendations: list[tuple]


def record(session: Session, case: Case, data: dict, now: datetime, completed_task_id: str | None) -> None:
    """Write the case's report rows when they differ from what the table holds.

    The case remembers what its rows hold (``case.report``, kept with the cached workflow of one lock
    version): only a case loaded from the database reads them."""
    held = case.report if case.report is not None else _read(session, case.id)
    values = _report(case, data, now, held.report)
    if held.report != values:
        session.execute(_DELETE_REPORT, {"b_case": case.id})
        session.execute(_INSERT_REPORT, {"instance_id": case.id, "updated_at": now, **values})
    wanted = recommendations(data, now.date())
    rows = held.recommendations
    if [row[:4] for row in rows] != wanted:
        rows = _rewrite(session, case, wanted, rows, now, completed_task_id)
    case.report = Held(values, rows)


def _read(session: Session, case_id: str) -> Held:
    report = session.execute(_READ_REPORT, {"b_case": case_id}).first()
    held = session.execute(_READ_RECOMMENDATIONS, {"b_case": case_id}).all()
    return Held(report._asdict() if report is not None else None, [tuple(row) for row in held])


def _rewrite(session: Session, case: Case, wanted: list, held: list, now: datetime, task_id: str | None) -> list:
    """Rewrite the recommendations; one kept keeps the stage and time it was first recorded with."""
    seen = {row[:3]: row for row in held}
    stage = _stage(session, task_id) or case.stage
    rows = []
    for kind, area, text, on in wanted:
        before = seen.get((kind, area, text))
        rows.append((kind, area, text, on, *(before[4:] if before is not None else (stage, now))))
    session.execute(_DELETE_RECOMMENDATIONS, {"b_case": case.id})
    if rows:
        session.execute(
            _INSERT_RECOMMENDATION,
            [
                {"instance_id": case.id, "position": position, **dict(zip(_HELD_COLUMNS, row, strict=True))}
                for position, row in enumerate(rows)
            ],
        )
    return rows


def _report(case: Case, data: dict, now: datetime, old: dict | None) -> dict:
    approved = _date(data.get("data_decyzji_pzk")) if data.get("decyzja_pzk") == "zatwierdzony" else None
    closed = _date(data.get("data_zamkniecia"))
    if closed is None and case.status in ENDED:
        closed = old["closed_on"] if old is not None and old["closed_on"] else now.date()
    items = data.get("pozycje_planu")
    services = [
        [item.get("usluga"), item.get("zrodlo"), item.get("status")]
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict)
    ]
    return {
        "nominated_on": _date(data.get("data_zgloszenia")),
        "qualified_on": _date(data.get("data_kwalifikacji")),
        "plan_approved_on": (old["plan_approved_on"] if old is not None and old["plan_approved_on"] else approved),
        "closed_on": closed,
        "services": json.dumps(services, ensure_ascii=False),
    }


def recommendations(data: dict, today: date) -> list[tuple[str, str | None, str, date]]:
    """(kind, area, text, written on) of every recommendation in the data, in a stable order."""
    found = []
    listed, on = RECOMMENDATIONS
    for entry in data.get(listed) or []:
        if isinstance(entry, dict) and _text(entry.get("tresc")):
            found.append(("rekomendacja", _text(entry.get("obszar")), _text(entry["tresc"]), _date(data.get(on))))
    for kind, (variable, on) in TEXTS.items():
        if _text(data.get(variable)):
            found.append((kind, None, _text(data[variable]), _date(data.get(on))))
    return [(kind, area, text, when or today) for kind, area, text, when in found]


def _stage(session: Session, task_id: str | None) -> str | None:
    if task_id is None:
        return None
    return session.execute(_TASK_STAGE, {"b_task": task_id}).scalar_one_or_none()


def _date(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _text(value) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None
