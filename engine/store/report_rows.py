"""Keeps ``case_report`` and ``case_recommendation`` in step with a case's data, in the save's transaction.

The dates are those the workers entered in the forms (the demo and migrated cases are entered after
the fact, so the engine's own timestamps would not tell how long the work took). A recommendation keeps
the stage and date it was first seen with; rows are rewritten only when something changed.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import delete, insert, select
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


def record(session: Session, case: Case, data: dict, now: datetime, completed_task_id: str | None) -> None:
    """Write the case's report rows when they differ from what the table holds."""
    old = session.execute(select(_REPORT).where(_REPORT.c.instance_id == case.id)).first()
    values = _report(case, data, now, old)
    if old is None or any(getattr(old, key) != value for key, value in values.items()):
        session.execute(delete(_REPORT).where(_REPORT.c.instance_id == case.id))
        session.execute(insert(_REPORT), {"instance_id": case.id, "updated_at": now, **values})
    wanted = recommendations(data, now.date())
    held = session.execute(
        select(_RECOMMENDATION).where(_RECOMMENDATION.c.instance_id == case.id).order_by(_RECOMMENDATION.c.position)
    ).all()
    if [(r.kind, r.area, r.text, r.recorded_on) for r in held] == wanted:
        return
    seen = {(r.kind, r.area, r.text): r for r in held}
    stage = _stage(session, completed_task_id) or case.stage
    rows = []
    for position, (kind, area, text, on) in enumerate(wanted):
        before = seen.get((kind, area, text))
        rows.append(
            {
                "instance_id": case.id,
                "position": position,
                "kind": kind,
                "area": area,
                "text": text,
                "recorded_on": on,
                "stage": before.stage if before is not None else stage,
                "recorded_at": before.recorded_at if before is not None else now,
            }
        )
    session.execute(delete(_RECOMMENDATION).where(_RECOMMENDATION.c.instance_id == case.id))
    if rows:
        session.execute(insert(_RECOMMENDATION), rows)


def _report(case: Case, data: dict, now: datetime, old) -> dict:
    approved = _date(data.get("data_decyzji_pzk")) if data.get("decyzja_pzk") == "zatwierdzony" else None
    closed = _date(data.get("data_zamkniecia"))
    if closed is None and case.status in ENDED:
        closed = old.closed_on if old is not None and old.closed_on else now.date()
    items = data.get("pozycje_planu")
    services = [
        [item.get("usluga"), item.get("zrodlo"), item.get("status")]
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict)
    ]
    return {
        "nominated_on": _date(data.get("data_zgloszenia")),
        "qualified_on": _date(data.get("data_kwalifikacji")),
        "plan_approved_on": (old.plan_approved_on if old is not None and old.plan_approved_on else approved),
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
    return session.execute(select(HumanTask.stage).where(HumanTask.id == task_id)).scalar_one_or_none()


def _date(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _text(value) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None
