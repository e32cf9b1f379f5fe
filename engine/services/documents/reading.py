"""Reading a family case for its documents: the case's tasks and their data, form titles, who recorded what.

A document needs facts the newest case data cannot give: which plan version the PZK approved (a
correction leaves the old decision in the data while the new version is under review) and each
adult's own statement. Both are read from the finished tasks that recorded them; the workflow keeps
every finished task with the data it finished with.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from engine.access.acting import Acting
from engine.bpmn.reached import ReachedTask, reached_tasks
from engine.db.models import HumanTask, Institution, User
from engine.dto.documents import Member, Recorded

WHOLE_FAMILY = "rodzina"


def case_tasks(workflow, fixes: dict | None = None) -> list[ReachedTask]:
    """The reached tasks of the case and of its embedded subprocesses, oldest change first.

    With ``fixes`` (``store.corrections.of_case``), corrected facts show their new value: in the task
    that recorded them and in the later tasks whose data still carries the old value (the same fact).
    """
    tasks = reached_tasks(workflow)
    for task_id, rows in (fixes or {}).items():
        start = next((n for n, t in enumerate(tasks) if t.id == task_id), None)
        if start is None:
            continue
        for row in rows:
            old, new = json.loads(row.old_value) if row.old_value else None, json.loads(row.new_value)
            tasks[start:] = [_corrected(t, row.field, old, new, force=(n == 0)) for n, t in enumerate(tasks[start:])]
    return tasks


def _corrected(task: ReachedTask, field: str, old, new, force: bool) -> ReachedTask:
    if not force and (field not in task.data or task.data[field] != old):
        return task
    values = {**task.values, field: new} if field in task.values or force else task.values
    return replace(task, data={**task.data, field: new}, values=values)


def completed(tasks: list, bpmn_id: str, where: Callable[[dict], bool] = lambda data: True) -> list:
    """The completed ``bpmn_id`` tasks whose data satisfies ``where``, oldest first."""
    return [t for t in tasks if t.bpmn_id == bpmn_id and t.completed and where(t.data)]


def newest_data(tasks: list, where: Callable[[dict], bool]) -> dict | None:
    """The data of the most recently changed task whose data satisfies ``where``."""
    return next((t.data for t in reversed(tasks) if where(t.data)), None)


def option_titles(forms: dict, form: str, *fields: str) -> dict[str, str]:
    """``const -> title`` of the ``oneOf`` choices of a (nested) field of a deployed form.

    ``option_titles(forms, "plan_ipw.schema.json", "pozycje_planu", "usluga")``; a form or field the
    case's version does not have gives no titles (callers then show the code).
    """
    node = forms.get(form)
    for name in fields:
        node = _items(node).get("properties", {}).get(name) if isinstance(node, dict) else None
    options = _items(node).get("oneOf", []) if isinstance(node, dict) else []
    return {o["const"]: str(o.get("title") or o["const"]) for o in options if isinstance(o, dict) and "const" in o}


def _items(node: dict) -> dict:
    items = node.get("items")
    return items if isinstance(items, dict) else node


def as_date(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def as_number(value) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def text(value) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def names_of_members(data: dict) -> dict[str, str]:
    """Member id -> first name, from the nomination's household list."""
    return {m["id"]: str(m.get("imie") or m["id"]) for m in household(data)}


def member_label(names: dict[str, str], member_id) -> str:
    if member_id == WHOLE_FAMILY:
        return "cała rodzina"
    return names.get(member_id, str(member_id or "—"))


def members(data: dict, said: dict[str, dict], withdrawn: dict[str, date | None], relations: dict) -> tuple:
    """The household as ``Member`` rows: consent from each adult's own statement (``said``, by member
    id), withdrawal dates by member id, relations by their titles."""
    return tuple(
        _member(person, said.get(person["id"]), withdrawn.get(person["id"]), relations) for person in household(data)
    )


def _member(person: dict, statement: dict | None, withdrawn_on: date | None, relations: dict) -> Member:
    age = person.get("wiek") if isinstance(person.get("wiek"), int) else None
    relation = person.get("pokrewienstwo")
    return Member(
        id=person["id"],
        name=str(person.get("imie") or person["id"]),
        age=age,
        relation=relations.get(relation, str(relation or "—")),
        adult=age is not None and age >= 18,
        consent=bool(statement.get("zgoda_udzielona")) if statement is not None else None,
        withdrawn_on=withdrawn_on,
    )


def household(data: dict) -> list[dict]:
    """The members of the household as the nomination lists them (``czlonkowie``)."""
    people = data.get("czlonkowie")
    return [p for p in people if isinstance(p, dict) and "id" in p] if isinstance(people, list) else []


def withdrawals(workflow, tasks: list) -> dict[str, tuple[date | None, str | None]]:
    """Member id -> (date, reason) of withdrawn consents; ``"*"`` when the whole family withdrew.

    A member's withdrawal lives in the process data object ``wycofania_czlonkow`` (written by a
    listener branch, so no task data of the work holds it); the family's in the case data.
    """
    found = {}
    for entry in (getattr(workflow, "data_objects", {}) or {}).get("wycofania_czlonkow") or []:
        if isinstance(entry, dict) and entry.get("czlonek"):
            found[entry["czlonek"]] = (as_date(entry.get("data")), text(entry.get("powod")))
    family = newest_data(tasks, lambda data: data.get("data_wycofania_zgody") is not None)
    if family is not None:
        reason = (family.get("wycofanie_zgody") or {}).get("powod")
        found["*"] = (as_date(family["data_wycofania_zgody"]), text(reason))
    return found


_TASK, _USER, _INSTITUTION = HumanTask.__table__, User.__table__, Institution.__table__
_RECORDED = (
    select(_TASK.c.id, _TASK.c.completed_at, _USER.c.display_name, _INSTITUTION.c.name)
    .join(_USER, _USER.c.id == _TASK.c.completed_by)
    .outerjoin(_INSTITUTION, _INSTITUTION.c.id == _USER.c.institution_id)
    .where(_TASK.c.id.in_(bindparam("task_ids", expanding=True)))
)
_NAME = (
    select(_USER.c.display_name, _INSTITUTION.c.name)
    .outerjoin(_INSTITUTION, _INSTITUTION.c.id == _USER.c.institution_id)
    .where(_USER.c.id == bindparam("user_id"))
)


def recorded(session: Session, tasks: Iterable) -> dict[str, Recorded]:
    """Task id -> who completed the task and when (from the human task table)."""
    ids = [str(t.id) for t in tasks if t is not None]
    if not ids:
        return {}
    rows = session.execute(_RECORDED, {"task_ids": ids})
    return {row.id: Recorded(row.display_name, row.name, row.completed_at) for row in rows}


def generated_by(session: Session, who: Acting, label: str) -> str:
    """The acting user as a document names them: "Name (Institution)"; the system by its label."""
    if who.is_system:
        return label or "system"
    row = session.execute(_NAME, {"user_id": who.id}).first()
    return f"{row.display_name} ({row.name})" if row.name else row.display_name
