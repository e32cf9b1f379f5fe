"""The agenda of a meeting: cases of the partnership whose PZK task waits, as each reader may see them.

An institution of the partnership that does not take part in a case (need to know: admitted to it in a
role the person holds, or a supervisor of its scope) sees what kind of decision is due, never the case
number or the family. Those in a case see it named as the minutes name it ("Rodzina N.", "Osoba M. W.",
"Sprawa grupowa"), and a group case also by its group's name, as the case pages name it. A decision is
summed up by its choices only (no free text: the minutes carry no more of a family than needed).
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.access.acting import Acting
from engine.access.visibility import roles_in_case, supervises_case
from engine.db.models import HumanTask, Meeting, MeetingItem, ProcessInstance
from engine.dto import KIND_OF_PROCESS
from engine.dto.meetings import AgendaItem, CaseOnAgenda
from engine.services.meetings.rules import PZK

_HUMAN, _INSTANCE, _ITEM, _MEETING = (
    HumanTask.__table__,
    ProcessInstance.__table__,
    MeetingItem.__table__,
    Meeting.__table__,
)
_WAITING = (
    select(
        _HUMAN.c.id,
        _HUMAN.c.name,
        _HUMAN.c.bpmn_id,
        _HUMAN.c.created_at,
        _HUMAN.c.due_at,
        _HUMAN.c.instance_id,
        _INSTANCE.c.business_key,
        _INSTANCE.c.title,
        _INSTANCE.c.kind,
        _INSTANCE.c.process_id,
    )
    .join(_INSTANCE, _INSTANCE.c.id == _HUMAN.c.instance_id)
    .where(_HUMAN.c.status == "open", _HUMAN.c.role == PZK, _INSTANCE.c.status == "running")
)


_PLANNED = (  # tasks on the agenda of a meeting not closed yet: one meeting decides a case
    select(_ITEM.c.task_id)
    .join(_MEETING, _MEETING.c.id == _ITEM.c.meeting_id)
    .where(_MEETING.c.status != "closed", _ITEM.c.outcome == "pending")
)


def waiting_tasks(session: Session, partnership_id: int) -> list:
    """The open PZK tasks of the partnership's running cases not yet on the agenda of an open meeting."""
    query = _WAITING.where(_INSTANCE.c.partnership_id == partnership_id, _HUMAN.c.id.not_in(_PLANNED))
    return session.execute(query.order_by(_HUMAN.c.created_at, _HUMAN.c.id)).all()


def waiting_task(session: Session, partnership_id: int, task_id: str):
    """The task if it is one of ``waiting_tasks``, else None."""
    query = _WAITING.where(
        _INSTANCE.c.partnership_id == partnership_id, _HUMAN.c.id == task_id, _HUMAN.c.id.not_in(_PLANNED)
    )
    return session.execute(query).first()


def family_initial(title: str) -> str:
    """ "Rodzina Nowakowskich" -> "Rodzina N.": the family as the minutes name it."""
    words = title.split()
    if not words:
        return "—"
    if words[0].lower() == "rodzina" and len(words) > 1:
        return f"Rodzina {words[1][0].upper()}."
    return f"{words[0][0].upper()}."


def kind_of(kind: str | None, process_id: str | None) -> str | None:
    """Whom the case is for ("osoba", "rodzina", "grupa"); cases older than the kind by their process."""
    return kind or KIND_OF_PROCESS.get(process_id)


def minutes_name(kind: str | None, title: str) -> str:
    """The case as the minutes name it, no more than needed to tell it apart beside its number.

    A family by its initial ("Rodzina N."), a person by their initials ("Osoba M. W."), a group by its
    kind only: a group's name often says what its participants share (age, illness, a village), which
    the minutes, kept and passed around by every member institution, do not need.
    """
    if kind == "grupa":
        return "Sprawa grupowa"
    if kind == "osoba":
        initials = " ".join(f"{word[0].upper()}." for word in title.split()[:2] if word[:1].isalpha())
        return f"Osoba {initials}" if initials else "Osoba"
    return family_initial(title)


def sees_case(session: Session, who: Acting, case_id: str) -> bool:
    return bool(who.own(roles_in_case(session, case_id, who.institution_id))) or supervises_case(session, who, case_id)


def case_on_agenda(session: Session, who: Acting, row, visible: bool | None = None) -> CaseOnAgenda:
    """``row`` has the task's id, name, bpmn_id, instance_id, business_key and the case title."""
    if visible is None:
        visible = sees_case(session, who, row.instance_id)
    if not visible:
        return CaseOnAgenda(task_id=row.id, task_name=row.name, bpmn_id=row.bpmn_id, visible=False)
    kind = kind_of(row.kind, row.process_id)
    return CaseOnAgenda(
        task_id=row.id,
        task_name=row.name,
        bpmn_id=row.bpmn_id,
        visible=True,
        case_id=row.instance_id,
        business_key=row.business_key,
        family=minutes_name(kind, row.title),
        waiting_since=getattr(row, "created_at", None),
        due_at=getattr(row, "due_at", None),
        kind=kind,
        group=row.title if kind == "grupa" else None,
    )


_ITEMS = (
    select(
        _ITEM.c.id.label("item_id"),
        _ITEM.c.position,
        _ITEM.c.decision,
        _ITEM.c.outcome,
        _ITEM.c.outcome_message,
        _HUMAN.c.id,
        _HUMAN.c.name,
        _HUMAN.c.bpmn_id,
        _HUMAN.c.created_at,
        _HUMAN.c.due_at,
        _HUMAN.c.instance_id,
        _HUMAN.c.form,
        _INSTANCE.c.definition_id,
        _INSTANCE.c.business_key,
        _INSTANCE.c.title,
        _INSTANCE.c.kind,
        _INSTANCE.c.process_id,
    )
    .join(_HUMAN, _HUMAN.c.id == _ITEM.c.task_id)
    .join(_INSTANCE, _INSTANCE.c.id == _ITEM.c.instance_id)
)


def item_rows(session: Session, meeting_id: int) -> list:
    return session.execute(_ITEMS.where(_ITEM.c.meeting_id == meeting_id).order_by(_ITEM.c.position)).all()


def agenda_items(session: Session, who: Acting, rows: list, forms_of) -> list[AgendaItem]:
    """The items as ``who`` may see them; ``forms_of(definition_id)`` gives the forms of a version."""
    items = []
    for row in rows:
        case = case_on_agenda(session, who, row)
        decision = json.loads(row.decision) if row.decision and case.visible else None
        schema = forms_of(row.definition_id).get(row.form) if row.form else None
        summary = decision_summary(schema, json.loads(row.decision)) if row.decision else None
        items.append(AgendaItem(row.item_id, row.position, case, decision, summary, row.outcome, row.outcome_message))
    return items


def decision_summary(schema: dict | None, data: dict) -> str | None:
    """The chosen options of the decision in words, e.g. "Decyzja: Plan zatwierdzony"."""
    parts = []
    for name, spec in ((schema or {}).get("properties") or {}).items():
        options = {option.get("const"): option.get("title") for option in spec.get("oneOf") or []}
        if name in data and data[name] in options:
            parts.append(f"{spec.get('title', name)}: {options[data[name]]}")
    return "; ".join(parts) or None
