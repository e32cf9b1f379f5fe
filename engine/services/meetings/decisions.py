"""Decisions of a meeting: the form of each case's PZK task, the decision recorded, and closing the
meeting, which completes the tasks through the task service (the same guards, form check, audit and
save as on the task's own page), one case per transaction: a case refused is reported, the others go on.
"""

from __future__ import annotations

import json
import logging
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.access.acting import acting
from engine.access.audit import audit
from engine.access.visibility import require_visible
from engine.db.models import MeetingItem, ProcessInstance
from engine.dto import Actor
from engine.dto.meetings import ItemForm, MeetingInfo
from engine.errors import EngineError, InvalidState, NotAllowed, NotFound
from engine.services import task_forms
from engine.services.meetings import rules
from engine.services.meetings.agenda import kind_of, minutes_name
from engine.services.meetings.reading import meeting_info
from engine.store.cases import checkout
from engine.store.task_rows import load

_log = logging.getLogger(__name__)
LOCAL = ZoneInfo("Europe/Warsaw")  # the meeting's day as the people in the room count it


class MeetingDecisions:
    """Mixed into ``MeetingService`` (``_ctx``, ``_tasks``)."""

    def item_form(self, actor: Actor, meeting_id: int, item_id: int) -> ItemForm:
        """The form of the item's PZK task with the decision recorded so far (or the meeting's date).

        Raises:
            NotFound: no such meeting or item, or the case is not visible to the actor (audited).
            NotAllowed: the actor does not lead the meeting, or it is closed.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            meeting = rules.managed_meeting(session, who, meeting_id)
            item, task = _item_and_task(session, meeting_id, item_id)
            roles = require_visible(session, who, task.instance_id, "meeting.decision")
            forms = self._ctx.definitions.get(session, task.definition_id).forms
            schema, ui_schema = forms.get(task.form) or {}, forms.get(task.ui_form) or {}
            found = task_forms.task_values(session, self._ctx, task, schema, forms, who, roles)
            values = json.loads(item.decision) if item.decision else _dated(schema, meeting.starts_at)
            audit(session, now, who, "meeting.decision.read", task.instance_id, task.id, meeting_id=meeting_id)
            kind = kind_of(*_kind_and_process(session, task.instance_id))
            return ItemForm(
                item.id,
                task.name,
                task.instance_id,
                task.business_key,
                minutes_name(kind, task.case_title),
                schema,
                ui_schema,
                found.choices,
                values,
                task_id=task.id,
                kind=kind,
                group=task.case_title if kind == "grupa" else None,
            )

    def record_decision(self, actor: Actor, meeting_id: int, item_id: int, data: dict) -> MeetingInfo:
        """Keep the decision on one case, checked against its task's form (every problem at once).

        Raises:
            InvalidFormData: the decision breaks the task's form (nothing is kept).
            NotFound / NotAllowed: as ``item_form``; an item already carried out cannot change.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            meeting = rules.managed_meeting(session, who, meeting_id)
            item, task = _item_and_task(session, meeting_id, item_id)
            require_visible(session, who, task.instance_id, "meeting.decision")
            if item.outcome != "pending" or task.status != "open":
                raise InvalidState("Ta sprawa ma już decyzję PZK: jej zadanie zostało wykonane.")
            schema = self._ctx.definitions.get(session, task.definition_id).forms.get(task.form)
            case = checkout(session, self._ctx, task.instance_id)
            try:
                data = task_forms.validate(session, schema, data, case, task.id)
            finally:
                self._ctx.workflows.put(case.id, case)
            item.decision = json.dumps(data, ensure_ascii=False, default=str)
            session.flush()
            audit(session, now, who, "meeting.decision", task.instance_id, task.id, meeting_id=meeting_id)
            return meeting_info(session, self._ctx, who, meeting)

    def close(self, actor: Actor, meeting_id: int) -> MeetingInfo:
        """Carry out the decisions: each decided case's PZK task is completed by the actor (claimed if
        nobody holds it); undecided cases stay waiting. The meeting is then closed.

        Raises (before any case is touched):
            NotAllowed: the actor does not lead the meeting or lacks the PZK role; it is closed already.
            InvalidState: the quorum of the partnership's agreement is not present.
        """
        decided = self._open_for_closing(actor, meeting_id)
        for item_id, task_id, decision in decided:
            self._carry_out(actor, item_id, task_id, decision)
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            meeting = rules.managed_meeting(session, who, meeting_id)
            meeting.status, meeting.closed_at, meeting.closed_by = "closed", now, who.id
            session.flush()
            audit(session, now, who, "meeting.close", meeting_id=meeting_id, decided=len(decided))
            return meeting_info(session, self._ctx, who, meeting)

    def _open_for_closing(self, actor: Actor, meeting_id: int) -> list[tuple[int, str, dict]]:
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            meeting = rules.managed_meeting(session, who, meeting_id)
            if not rules.may_close(session, who, meeting.partnership_id):
                raise NotAllowed(
                    "Posiedzenie zamyka koordynator PZK (rola „PZK”): decyzje wykonują zadania PZK w sprawach."
                )
            quorum = meeting_info(session, self._ctx, who, meeting).quorum
            if not quorum.met:
                raise InvalidState(
                    f"Brak kworum: obecnych jest {quorum.present} z {quorum.members} instytucji członkowskich, "
                    f"a do podjęcia decyzji potrzeba {quorum.required}. Decyzji nie wykonano; posiedzenie "
                    "pozostaje otwarte."
                )
            items = session.query(MeetingItem).filter_by(meeting_id=meeting_id, outcome="pending").all()
            for item in items:
                if item.decision is None:
                    item.outcome, item.outcome_message = "undecided", "Bez decyzji: sprawa czeka dalej."
            return [(i.id, i.task_id, json.loads(i.decision)) for i in items if i.decision is not None]

    def _carry_out(self, actor: Actor, item_id: int, task_id: str, decision: dict) -> None:
        try:
            completion = self._tasks.complete(actor, task_id, decision, claim=True)
            outcome, message = "done", _next_step(completion)
        except EngineError as refused:
            outcome, message = "refused", refused.message
        except Exception:  # e.g. the connection dropped: this case rolled back, the others go on
            _log.exception("meeting item %s: completing task %s failed", item_id, task_id)
            outcome, message = "refused", "Nieoczekiwany błąd; zadania nie wykonano."
        with self._ctx.transaction() as session:
            item = session.get(MeetingItem, item_id)
            item.outcome, item.outcome_message = outcome, message


def _next_step(completion) -> str:
    names = sorted({task.name for task in completion.opened})
    return "Sprawa poszła dalej: " + ", ".join(names) + "." if names else "Sprawa poszła dalej."


def _item_and_task(session: Session, meeting_id: int, item_id: int):
    item = session.get(MeetingItem, item_id)
    if item is None or item.meeting_id != meeting_id:
        raise NotFound(f"Nie ma punktu {item_id} w porządku tego posiedzenia.")
    return item, load(session, item.task_id)


def _kind_and_process(session: Session, case_id: str):
    found = select(ProcessInstance.kind, ProcessInstance.process_id).where(ProcessInstance.id == case_id)
    return session.execute(found).one()


def _dated(schema: dict, starts_at) -> dict:
    """The meeting's date in the form's required date fields (the decision's date is the meeting's)."""
    required = set(schema.get("required") or [])
    properties = schema.get("properties") or {}
    day = starts_at.astimezone(LOCAL).date().isoformat()
    return {name: day for name, spec in properties.items() if name in required and spec.get("format") == "date"}
