"""The data-protection officer's service: the cases of their scope, who read what in a case (art. 15/30
GDPR accountability), a household member's subject-access report (art. 15) and the register of
processing drawn from the deployed model (art. 30). Only the officer (and the system: the command
line) may call it; every call is audited.

    cases = engine.protection.cases(officer, "Nowak")
    log = engine.protection.access_log(officer, case_id, AccessFilter(member="anna"))
    report = engine.protection.subject_access(officer, case_id, "anna", retention)
    register = engine.protection.register(officer, retention)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from engine.access.audit import audit
from engine.access.officer import require_case_in_scope, require_officer
from engine.access.table import table_of
from engine.access.visibility import institution_scope
from engine.bpmn import steps
from engine.db.models import ProcessInstance
from engine.dto import Actor
from engine.dto.protection import AccessFilter, AccessLog, OfficerCase, ProcessingRegister, SubjectAccess
from engine.errors import NotFound
from engine.services.documents.reading import generated_by
from engine.services.protection import access_log, register, subject
from engine.services.protection.wording import retention_text
from engine.store.case_rows import case_info
from engine.store.cases import checkout
from engine.store.context import EngineContext

_CASE = ProcessInstance.__table__
_LIST_LIMIT = 200


class DataProtectionService:
    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def cases(self, actor: Actor, search: str = "") -> list[OfficerCase]:
        """The cases of the officer's scope, newest first, by number or title; audited as ``protection.cases``.

        Raises:
            NotAllowed: the actor is not the data-protection officer.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = require_officer(session, actor)
            query = select(_CASE).where(institution_scope(who)) if not who.is_system else select(_CASE)
            if search.strip():
                pattern = f"%{search.strip().lower()}%"
                query = query.where(
                    or_(_CASE.c.business_key.ilike(pattern), _CASE.c.title.ilike(pattern), _CASE.c.id == search.strip())
                )
            rows = session.execute(query.order_by(_CASE.c.created_at.desc(), _CASE.c.id).limit(_LIST_LIMIT)).all()
            audit(session, now, who, "protection.cases", szukano=search.strip() or None)
            return [_officer_case(row) for row in rows]

    def find_case(self, actor: Actor, key: str) -> str:
        """The id of the case whose id or business key is ``key``.

        Raises:
            NotFound: no such case in the officer's scope.
        """
        with self._ctx.transaction() as session:
            who = require_officer(session, actor)
            found = session.execute(
                select(_CASE.c.id).where(or_(_CASE.c.id == key, _CASE.c.business_key == key))
            ).scalar_one_or_none()
            if found is None:
                raise NotFound(f"Nie ma sprawy {key}.")
            require_case_in_scope(session, who, found, "protection.find")
            return found

    def access_log(self, actor: Actor, case_id: str, filters: AccessFilter | None = None) -> AccessLog:
        """Every audited read and write of the case (or of one member's data), filtered; the read itself is
        audited as ``protection.access_log``.

        Raises:
            NotAllowed: the actor is not the data-protection officer.
            NotFound: no such case in their scope, or no such member in it.
        """
        filters = filters or AccessFilter()
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = require_officer(session, actor)
            require_case_in_scope(session, who, case_id, "protection.access_log")
            with self._read(session, case_id) as (info, table, data):
                members = subject.household(data, table)
                member = _member(members, filters.member) if filters.member else None
                rows = access_log.case_log(session, case_id, members)
                if member is not None:
                    rows = access_log.of_member(session, case_id, rows, member.id, table, data)
            entries = [row.entry for row in rows]
            audit(session, now, who, "protection.access_log", case_id, czlonek=filters.member)
            return AccessLog(
                case=_officer_case_of(info),
                members=members,
                member=member,
                entries=tuple(access_log.filtered(entries, filters)),
                institutions=tuple(sorted({e.institution for e in entries if e.institution}, key=str.casefold)),
                filters=filters,
            )

    def subject_access(self, actor: Actor, case_id: str, member_id: str, retention: timedelta | None) -> SubjectAccess:
        """What the system holds about one household member (art. 15 GDPR); audited as
        ``protection.subject_access`` with the member.

        Raises:
            NotAllowed: the actor is not the data-protection officer.
            NotFound: no such case in their scope, or no such member in it.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = require_officer(session, actor)
            require_case_in_scope(session, who, case_id, "protection.subject_access")
            by = generated_by(session, who, actor.label)
            with self._read(session, case_id, keep=True) as (info, table, data, case):
                members = subject.household(data, table)
                member = _member(members, member_id)
                sections, withheld = subject.recorded_sections(session, case, who, table, member, members)
                rows = access_log.case_log(session, case_id, members)
                mine = [row.entry for row in access_log.of_member(session, case_id, rows, member.id, table, data)]
                consent = subject.consent_words(data, table, member)
            audit(session, now, who, "protection.subject_access", case_id, czlonek=member.id)
            return SubjectAccess(
                generated_at=now,
                generated_by=by,
                controller=subject.controller(info),
                case=_officer_case_of(info),
                member=member,
                sections=sections,
                recipients=subject.received_by(mine),
                accesses=tuple(mine),
                consent=consent,
                retention=retention_text(retention),
                withheld=withheld,
                notes=subject.NOTES,
            )

    def register(self, actor: Actor, retention: timedelta | None, version_number: int | None = None):
        """The register of processing of the newest (or the given) deployed version; audited as
        ``protection.register``.

        Raises:
            NotAllowed: the actor is not the data-protection officer.
            NotFound: nothing deployed yet, or no such version.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = require_officer(session, actor)
            deployment = register.deployment_of(session, version_number)
            definitions = [self._ctx.definitions.get(session, i) for i in register.definition_ids(session, deployment)]
            retention_words = retention_text(retention)
            entries = register.entries(session, definitions, deployment, retention_words)
            tables = [t for t in (table_of(d) for d in definitions) if t is not None]
            audit(session, now, who, "protection.register", wersja=deployment.number)
            return ProcessingRegister(
                version_number=deployment.number,
                deployed_at=deployment.created_at,
                generated_at=now,
                entries=entries,
                retention=retention_words,
                lead_roles=tuple(sorted(tables[0].lead_roles)) if tables else (),
            )

    @contextmanager
    def _read(self, session: Session, case_id: str, keep: bool = False) -> Iterator[tuple]:
        """The case's summary, visibility table and current data (and the live case with ``keep``); an
        anonymised case has no data left."""
        info = case_info(session, case_id)
        if info.anonymized:
            yield (info, None, {}, None) if keep else (info, None, {})
            return
        case = checkout(session, self._ctx, case_id)
        try:
            table, data = table_of(case.definition), steps.current_data(case.workflow)
            yield (info, table, data, case) if keep else (info, table, data)
        finally:
            self._ctx.workflows.put(case.id, case)


def _member(members, member_id: str):
    found = next((m for m in members if m.id == member_id), None)
    if found is None:
        raise NotFound(f"W tej sprawie nie ma członka rodziny „{member_id}”.")
    return found


def _officer_case(row) -> OfficerCase:
    return OfficerCase(row.id, row.business_key, row.title, row.status, row.created_at, row.anonymized_at is not None)


def _officer_case_of(info) -> OfficerCase:
    return OfficerCase(info.id, info.business_key, info.title, info.status, info.created_at, info.anonymized)
