"""Retention: cases closed longer ago than ``KOOPERACJA_RETENTION`` lose their personal data.

What stays is what statistics and supervision need and what names no one: the case row (process,
version, status, stage, partnership, dates), the tasks (which, by which role and institution, when,
by which employee), the participating institutions, the event kinds and times, and the *outcome
codes*: values of the case data that a form limits to a closed list (``enum``, ``oneOf`` consts,
yes/no) and the outcomes scripts compute (``OUTCOME_KEYS``, when the value is a code). They are
kept in the ``anonymized`` case event. Everything else goes: the workflow state with all form data,
drafts, task subjects (names of household members), event details, job payloads, the case title
and a business key that is not a generated one.

The audit trail stays: who read or changed the case and when. The details of its entries (a
consent's household member, a supervisor's reason) are erased with their digests kept, so the hash
chain still verifies; the anonymisation itself is audited as ``case.anonymize``. Each case is
anonymised in its own transaction.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from engine.access import audit_chain
from engine.access.acting import require_role
from engine.access.audit import audit
from engine.bpmn import runner
from engine.db.models import (
    AdviceQuestion,
    CaseEvent,
    CaseRecommendation,
    Correction,
    HumanTask,
    InstanceTask,
    Job,
    MessageSubscription,
    ProcessInstance,
    Timer,
)
from engine.dto import Actor
from engine.errors import NotFound
from engine.roles import ADMIN_ROLES
from engine.store.cases import checkout
from engine.store.context import EngineContext

CLOSED = ("completed", "terminated")
ANONYMIZED_TITLE = "Sprawa zanonimizowana"
_GENERATED_KEY = re.compile(r"^K/\d{4}/[0-9A-F]{8}$")
# Outcomes scripts compute (no form limits them): kept when the value is a code, not free text.
OUTCOME_KEYS = ("wynik_sprawy", "powod_zamkniecia", "wynik_ipw", "decyzja_kwalifikacji")
_CODE = re.compile(r"^[a-z0-9_]{1,60}$")
_INSTANCE, _EVENT = ProcessInstance.__table__, CaseEvent.__table__


@dataclass(frozen=True)
class Expired:
    case_id: str
    business_key: str
    status: str
    closed_at: datetime


@dataclass(frozen=True)
class RetentionRun:
    """What a run found (``dry_run``) or anonymised: cases closed before ``cutoff``."""

    cutoff: datetime
    dry_run: bool
    cases: list[Expired]


class RetentionService:
    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def run(self, actor: Actor, period: timedelta, dry_run: bool = False, limit: int = 1000) -> RetentionRun:
        """Anonymise (or with ``dry_run`` only list) up to ``limit`` cases closed longer than ``period`` ago.

        Raises:
            NotAllowed: the actor is neither the system nor an administrator.
        """
        cutoff = self._ctx.clock.now() - period
        with self._ctx.transaction(write=False) as session:
            require_role(session, actor, ADMIN_ROLES, "anonimizować sprawy")
            expired = _expired(session, cutoff, limit)
        if not dry_run:
            for case in expired:
                self._anonymize(actor, case.case_id, cutoff, period)
        return RetentionRun(cutoff, dry_run, expired)

    def _anonymize(self, actor: Actor, case_id: str, cutoff: datetime, period: timedelta) -> None:
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = require_role(session, actor, ADMIN_ROLES, "anonimizować sprawy")
            locked = select(_INSTANCE).where(_INSTANCE.c.id == case_id).with_for_update()
            row = session.execute(locked).first()
            if row is None or row.anonymized_at is not None or row.status not in CLOSED or row.updated_at >= cutoff:
                return  # changed since it was listed
            outcome = _outcome_codes(session, self._ctx, case_id)
            _erase(session, row, now)
            audit_chain.erase_details(session, case_id)
            _record(session, case_id, now, outcome, period)
            audit(session, now, who, "case.anonymize", case_id, cutoff=cutoff)
        self._ctx.workflows.take(case_id, -1)  # drop a cached workflow, whatever its version


def _expired(session: Session, cutoff: datetime, limit: int) -> list[Expired]:
    rows = session.execute(
        select(_INSTANCE.c.id, _INSTANCE.c.business_key, _INSTANCE.c.status, _INSTANCE.c.updated_at)
        .where(_INSTANCE.c.status.in_(CLOSED), _INSTANCE.c.anonymized_at.is_(None), _INSTANCE.c.updated_at < cutoff)
        .order_by(_INSTANCE.c.updated_at, _INSTANCE.c.id)
        .limit(limit)
    ).all()
    return [Expired(r.id, r.business_key, r.status, r.updated_at) for r in rows]


def _outcome_codes(session: Session, ctx: EngineContext, case_id: str) -> dict:
    """The case data's values that a deployed form restricts to a closed list of codes."""
    try:
        case = checkout(session, ctx, case_id)
    except NotFound:
        return {}
    data = runner.case_data(case.workflow)
    allowed = code_fields(case.definition.forms.values())
    codes = {name: data[name] for name in allowed if name in data and _is_code(data[name], allowed[name])}
    codes.update({k: data[k] for k in OUTCOME_KEYS if isinstance(data.get(k), str) and _CODE.match(data[k])})
    return dict(sorted(codes.items()))


def code_fields(forms) -> dict[str, set | None]:
    """Top-level form fields whose values are codes: name -> allowed values (None: yes/no)."""
    fields: dict[str, set | None] = {}
    for form in forms:
        for name, node in (form.get("properties") or {}).items() if isinstance(form, dict) else ():
            if not isinstance(node, dict):
                continue
            item = node.get("items") if node.get("type") == "array" and isinstance(node.get("items"), dict) else node
            choices = _choices(item)
            if choices is not None:
                fields[name] = (fields.get(name) or set()) | choices
            elif node.get("type") == "boolean":
                fields.setdefault(name, None)
    return fields


def _choices(node: dict) -> set | None:
    if isinstance(node.get("enum"), list):
        return {value for value in node["enum"] if isinstance(value, str | int | bool)}
    consts = [o["const"] for o in node.get("oneOf") or [] if isinstance(o, dict) and "const" in o]
    return set(consts) if consts else None


def _is_code(value, allowed: set | None) -> bool:
    if allowed is None:
        return isinstance(value, bool)
    if isinstance(value, list):
        return all(isinstance(v, str | int | bool) and v in allowed for v in value)
    return isinstance(value, str | int | bool) and value in allowed


def _erase(session: Session, row, now: datetime) -> None:
    case_id = row.id
    key = row.business_key if _GENERATED_KEY.match(row.business_key) else f"ANON/{case_id}"
    session.execute(
        update(_INSTANCE)
        .where(_INSTANCE.c.id == case_id)
        .values(
            title=ANONYMIZED_TITLE,
            business_key=key,
            state="",  # engine.store.checkout refuses an erased case
            error_message=None,
            error_task_id=None,
            anonymized_at=now,
            lock_version=row.lock_version + 1,
        )
    )
    # corrections, the questions to the ROPS team and recommendations (free text) hold personal data
    for table in (InstanceTask, Timer, MessageSubscription, Correction, AdviceQuestion, CaseRecommendation):
        session.execute(delete(table).where(table.instance_id == case_id))
    session.execute(update(HumanTask).where(HumanTask.instance_id == case_id).values(draft=None, subject=None))
    session.execute(update(CaseEvent).where(CaseEvent.instance_id == case_id).values(detail=None))
    session.execute(delete(Job).where(Job.instance_id == case_id, Job.status.in_(("done", "failed"))))


def _record(session: Session, case_id: str, now: datetime, outcome: dict, period: timedelta) -> None:
    detail = {"outcome": outcome, "retention_days": period.days}
    session.execute(
        _EVENT.insert().values(
            instance_id=case_id, at=now, kind="anonymized", detail=json.dumps(detail, ensure_ascii=False)
        )
    )
