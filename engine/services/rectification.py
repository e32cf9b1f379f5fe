"""Rectification (art. 16 GDPR): the supervisor or the case's social worker corrects a recorded fact of a
completed task, giving a reason.

The task's data is not rewritten (the workflow's record is the history): the correction is stored
with the old value, the case file and the documents built on it show the newest value with the
correction listed, and the institutions that had received the fact are named for notification.

    form = engine.rectification.form(actor, case_id, task_id)
    done = engine.rectification.correct(actor, case_id, task_id, "data_kwalifikacji", "7.02.2025", "pomyłka")
"""

from __future__ import annotations

import re
from datetime import date

from jsonschema import Draft202012Validator, FormatChecker

from engine.access.acting import Acting, acting
from engine.access.audit import audit
from engine.access.table import table_of
from engine.access.visibility import require_visible, supervises_case
from engine.bpmn import steps
from engine.dto import Actor
from engine.dto.casefile import CorrectableField, CorrectionForm, FieldCorrection
from engine.errors import FieldError, InvalidFormData, NotAllowed, NotFound
from engine.roles import SOCIAL_WORKER, SUPERVISOR_ROLES
from engine.services.protection.access_log import case_log, institutions_that_read
from engine.services.rectification_words import describe, field_correction
from engine.store import corrections, file_rows
from engine.store.cases import checkout
from engine.store.context import EngineContext

_SCALARS = {"string", "number", "integer", "boolean"}
_POLISH_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_YES, _NO = ("tak", "true", "1"), ("nie", "false", "0")


class RectificationService:
    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def form(self, actor: Actor, case_id: str, task_id: str) -> CorrectionForm:
        """The fields of a completed task that may be corrected, with their current values and the
        corrections so far.

        Raises:
            NotFound: no such case (visible to the actor) or no such completed task in it.
            NotAllowed: the actor is neither a supervisor of the case nor its social worker.
        """
        with self._ctx.transaction(write=False) as session:
            row, fields, current, fixed, _table = self._task(session, actor, case_id, task_id)
            return CorrectionForm(
                case_id,
                task_id,
                row.name,
                row.completed_at,
                tuple(_correctable(name, node, current.get(name)) for name, node in fields.items() if _scalar(node)),
                tuple(field_correction(c, fields) for c in fixed),
            )

    def correct(self, actor: Actor, case_id: str, task_id: str, field: str, text: str, reason: str) -> FieldCorrection:
        """Correct one field of a completed task; audited as ``case.correction``.

        Raises:
            NotFound: no such case or completed task.
            NotAllowed: the actor is neither a supervisor of the case nor its social worker.
            InvalidFormData: no reason, a field that cannot be corrected, or a value the form refuses.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            row, fields, current, _fixed, table = self._task(session, actor, case_id, task_id)
            node = fields.get(field)
            if node is None or not _scalar(node):
                raise InvalidFormData([FieldError("pole", "Tego pola nie można poprawić.")])
            reason = (reason or "").strip()
            if not reason:
                raise InvalidFormData([FieldError("powod", "Podaj powód poprawienia.")])
            value = _parse(node, text)
            if value == current.get(field):
                raise InvalidFormData([FieldError("wartosc", "Nowa wartość jest taka sama jak zapisana.")])
            recipients = _recipients(session, case_id, row, table)
            who = acting(session, actor)
            corrections.add(
                session, case_id, task_id, field, current.get(field), value, reason, who.id, now, recipients
            )
            audit(session, now, who, "case.correction", case_id, task_id, pole=field)
            label = str(node.get("title") or field)
            return FieldCorrection(
                field,
                label,
                describe(node, current.get(field)),
                describe(node, value),
                reason,
                now,
                actor.label,
                recipients,
            )

    def _task(self, session, actor: Actor, case_id: str, task_id: str):
        who = acting(session, actor)
        roles = require_visible(session, who, case_id, "case.correction")
        _require_corrector(session, who, roles, case_id)
        row = next((r for r in file_rows.completed_tasks(session, case_id) if r.id == task_id), None)
        if row is None:
            raise NotFound("W tej sprawie nie ma takiego zakończonego zadania.")
        case = checkout(session, self._ctx, case_id)
        try:
            reached = {t.id: t for t in steps.completed_tasks(case.workflow)}
            schema = case.definition.forms.get(row.form) if row.form else None
            table = table_of(case.definition)
        finally:
            self._ctx.workflows.put(case.id, case)
        if task_id not in reached or not schema:
            raise NotFound("To zadanie nie zapisało danych, które można poprawić.")
        fields = schema.get("properties", {})
        fixed = corrections.of_case(session, case_id).get(task_id, [])
        recorded = {name: reached[task_id].values.get(name) for name in fields}
        return row, fields, recorded | corrections.newest_values(fixed), fixed, table


def _recipients(session, case_id: str, row, table) -> tuple[str, ...]:
    """The institutions that read the case while the task's section was open to them (to be told)."""
    section = table.section_of_task(row.bpmn_id) if table is not None else None

    def may_read(roles: frozenset[str], held: frozenset[str]) -> bool:
        if held & SUPERVISOR_ROLES:
            return True
        if not roles:
            return False
        if table is None or section is None or roles & table.lead_roles:
            return True
        return section.id in table.readable(roles) and (not section.own_only or row.role in roles)

    return institutions_that_read(session, case_id, case_log(session, case_id, ()), may_read)


def _require_corrector(session, who: Acting, roles: frozenset[str], case_id: str) -> None:
    if who.is_system or SOCIAL_WORKER in roles or supervises_case(session, who, case_id):
        return
    raise NotAllowed("Zapisany fakt może poprawić superwizor albo pracownik socjalny prowadzący sprawę.")


def _scalar(node) -> bool:
    return isinstance(node, dict) and node.get("type") in _SCALARS


def _kind(node: dict) -> str:
    if node.get("oneOf") or node.get("enum"):
        return "choice"
    if node.get("type") == "boolean":
        return "yes_no"
    if node.get("type") in ("number", "integer"):
        return "number"
    return "date" if node.get("format") == "date" else "text"


def _correctable(name: str, node: dict, value) -> CorrectableField:
    options = tuple((str(o["const"]), str(o.get("title") or o["const"])) for o in node.get("oneOf", []) if "const" in o)
    options = options or tuple((str(v), str(v)) for v in node.get("enum", []))
    return CorrectableField(name, str(node.get("title") or name), value, describe(node, value), _kind(node), options)


def _parse(node: dict, text: str):
    """The typed value of ``text`` for the field, checked against the field's schema."""
    text = (text or "").strip()
    kind = _kind(node)
    try:
        if not text:
            value = None
        elif kind == "yes_no":
            value = True if text.lower() in _YES else False if text.lower() in _NO else text
        elif kind == "number":
            number = float(text.replace(" ", "").replace("\u00a0", "").replace(",", "."))
            value = int(number) if node.get("type") == "integer" and number.is_integer() else number
        elif kind == "date" and (found := _POLISH_DAY.fullmatch(text)):
            value = date(int(found[3]), int(found[2]), int(found[1])).isoformat()
        else:
            value = text
    except ValueError:
        raise InvalidFormData([FieldError("wartosc", "Nieprawidłowa wartość dla tego pola.")]) from None
    problems = list(Draft202012Validator(node, format_checker=FormatChecker()).iter_errors(value))
    if value is None or problems:
        raise InvalidFormData([FieldError("wartosc", "Wartość nie pasuje do pola formularza.")])
    return value
