"""Bulk actions: every case reported, each changed completely or not at all, each audited."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, func, select

from engine import Engine
from engine.db.models import AuditEntry, CaseEvent, ProcessInstance
from engine.errors import InvalidState, NotAllowed
from tests.factories import deploy_test_process, make_directory


@pytest.fixture
def setting(database_url, clock):
    engine = Engine.from_url(database_url, clock=clock)
    deploy_test_process(engine)
    people = make_directory(engine)
    yield engine, people, database_url
    engine.close()


def start(engine, people, count: int) -> list[str]:
    return [
        engine.runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id).id for _ in range(count)
    ]


def counts(url: str, case_ids: list[str]) -> dict:
    """Per case: (status, terminated events, case.terminated audit entries)."""
    database = create_engine(url)
    with database.connect() as connection:
        status = dict(
            connection.execute(
                select(ProcessInstance.id, ProcessInstance.status).where(ProcessInstance.id.in_(case_ids))
            ).all()
        )
        events = dict(
            connection.execute(
                select(CaseEvent.instance_id, func.count())
                .where(CaseEvent.instance_id.in_(case_ids), CaseEvent.kind == "terminated")
                .group_by(CaseEvent.instance_id)
            ).all()
        )
        audits = dict(
            connection.execute(
                select(AuditEntry.instance_id, func.count())
                .where(AuditEntry.instance_id.in_(case_ids), AuditEntry.action == "case.terminated")
                .group_by(AuditEntry.instance_id)
            ).all()
        )
    database.dispose()
    return {case_id: (status[case_id], events.get(case_id, 0), audits.get(case_id, 0)) for case_id in case_ids}


def test_bulk_terminate_reports_every_case_and_changes_each_fully_or_not_at_all(setting):
    engine, people, url = setting
    cases = start(engine, people, 200 if url.startswith("postgresql") else 30)
    finished = cases[::10]  # already terminated: the bulk action must refuse these and leave them alone
    for case_id in finished:
        engine.runtime.terminate(people.supervisor, case_id, "wcześniej")

    results = engine.bulk.run(people.supervisor, "terminate", [*cases, "nie-ma-takiej"], "koniec programu")

    assert [r.case_id for r in results] == [*cases, "nie-ma-takiej"]
    done = {r.case_id for r in results if r.done}
    assert done == set(cases) - set(finished)
    refused = {r.case_id: r.message for r in results if not r.done}
    assert set(refused) == {*finished, "nie-ma-takiej"}
    assert refused[finished[0]] == "Sprawa jest już zakończona."
    assert all(r.status == "terminated" and r.business_key for r in results if r.done)
    # every case ended terminated exactly once: one event, one audit entry; the refused ones got nothing more
    assert set(counts(url, cases).values()) == {("terminated", 1, 1)}


def test_bulk_suspend_then_resume(setting):
    engine, people, url = setting
    cases = start(engine, people, 5)
    assert {r.status for r in engine.bulk.run(people.supervisor, "suspend", cases, "kontrola")} == {"suspended"}
    again = engine.bulk.run(people.supervisor, "suspend", cases[:2], "")
    assert [r.message for r in again] == ["Można wstrzymać tylko sprawę w toku."] * 2
    assert {r.status for r in engine.bulk.run(people.supervisor, "resume", cases)} == {"running"}
    retried = engine.bulk.run(people.supervisor, "retry", cases[:1])
    assert [(r.done, r.message) for r in retried] == [(False, "Sprawa nie jest w stanie błędu.")]


def test_a_bulk_action_is_checked_before_any_case_is_touched(setting):
    engine, people, url = setting
    cases = start(engine, people, 2)
    with pytest.raises(NotAllowed):
        engine.bulk.run(people.ops, "suspend", cases)
    with pytest.raises(InvalidState, match="powód"):
        engine.bulk.run(people.supervisor, "terminate", cases, " ")
    with pytest.raises(InvalidState):
        engine.bulk.run(people.supervisor, "delete", cases)
    assert {engine.runtime.case(people.supervisor, c).status for c in cases} == {"running"}
    database = create_engine(url)
    with database.connect() as connection:
        bulk = connection.execute(select(AuditEntry.detail).where(AuditEntry.action == "case.bulk")).scalars().all()
    database.dispose()
    assert bulk == []  # refused before anything happened, so nothing to audit
    engine.bulk.run(people.supervisor, "suspend", cases)
    database = create_engine(url)
    with database.connect() as connection:
        bulk = connection.execute(select(AuditEntry.detail).where(AuditEntry.action == "case.bulk")).scalars().all()
    database.dispose()
    assert [json.loads(detail) for detail in bulk] == [{"bulk_action": "suspend", "cases": 2}]
