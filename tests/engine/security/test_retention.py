"""Retention: cases closed longer ago than the period lose their personal data, nothing else does."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cli.main import main
from engine.db.models import (
    AdviceQuestion,
    AuditEntry,
    CaseEvent,
    CaseRecommendation,
    HumanTask,
    InstanceTask,
    ProcessInstance,
)
from engine.errors import NotAllowed, NotFound
from tests.engine.helpers import Driver
from tests.factories import ADMIN

TEN_YEARS = timedelta(days=3650)
NOMINATION = {
    "rodzina": "Nowakowscy",
    "czlonkowie": ["Marek", "Anna", "Kacper"],
    "pilne": True,
    "problemy": ["ubostwo"],
}
PERSONAL = ("Nowakowscy", "Nowakowskich", "Nowakowska", "Marek", "Kacper", "logopedę", "III RC 12/26")


def closed_case(engine, people) -> str:
    """A case played to its end, with names in its data, task subjects, a draft and events."""
    driver = Driver(engine, roundtrip=False)
    driver.start(people.ops, title="Rodzina Nowakowskich", partnership_id=people.partnership_id)
    engine.runtime.suspend(people.supervisor, driver.case.id, "Pani Nowakowska w szpitalu")  # audited with the reason
    engine.runtime.resume(people.supervisor, driver.case.id)
    driver.do(people.ops, "ut_zgloszenie", NOMINATION)
    driver.do(people.pcpr, "ut_pcpr", {"ocena_pcpr": "Kacper kwalifikuje się na turnus"})
    for member in NOMINATION["czlonkowie"]:
        driver.do(people.ops, "ut_wywiad", {"wywiad": f"rozmowa: {member}"})
    driver.message(people.ops, "dokumenty", {"sygnatura": "III RC 12/26"})
    driver.do(people.animator, "ut_ocena", {"zatwierdzone": False})
    driver.do(people.ops, "ut_poprawki", {"poprawki": "Dodano logopedę"})
    driver.do(people.animator, "ut_ocena", {"zatwierdzone": True})
    engine.questions.ask(people.ops, driver.case.id, "Doradca", "Czy Kacper może jechać na turnus bez matki?")
    # free text a worker wrote at the end: kept in case_recommendation for the Księga rekomendacji
    driver.do(people.ops, "ut_zamkniecie", {"powod": "cel_osiagniety", "dalsze_wsparcie": "Pani Nowakowska w GOPS"})
    assert driver.status(people.ops).status == "completed"
    return driver.case.id


def case_text(engine, case_id: str) -> str:
    """Every value stored for the case, as one text (to search for names)."""
    with engine.context.transaction(write=False) as session:
        parts = []
        for model in (
            ProcessInstance,
            InstanceTask,
            HumanTask,
            CaseEvent,
            AuditEntry,
            AdviceQuestion,
            CaseRecommendation,
        ):
            column = model.id if model is ProcessInstance else model.instance_id
            for row in session.execute(select(model.__table__).where(column == case_id)):
                parts.append(json.dumps(list(row), default=str, ensure_ascii=False))
        return "\n".join(parts)


@pytest.fixture
def cases(engine, people, clock):
    old = closed_case(engine, people)
    clock.advance(TEN_YEARS - timedelta(days=30))
    recent = closed_case(engine, people)
    running = engine.runtime.start(people.ops, "test_sprawa", title="Rodzina Kowalskich").id
    clock.advance(timedelta(days=60))
    return {"old": old, "recent": recent, "running": running}


def test_a_dry_run_lists_the_expired_cases_and_changes_nothing(engine, people, cases):
    before = case_text(engine, cases["old"])
    run = engine.retention.run(ADMIN, TEN_YEARS, dry_run=True)
    assert run.dry_run and [case.case_id for case in run.cases] == [cases["old"]]
    assert run.cases[0].status == "completed" and run.cases[0].closed_at < run.cutoff
    assert case_text(engine, cases["old"]) == before
    assert engine.runtime.case_data(people.supervisor, cases["old"])["rodzina"] == "Nowakowscy"


def test_a_run_removes_personal_data_and_keeps_the_figures(engine, people, cases):
    before = engine.runtime.case(people.supervisor, cases["old"])
    assert "Pani Nowakowska w GOPS" in case_text(engine, cases["old"])  # the check below can fail
    history = [(e.kind, e.at, e.actor_id, e.task_name) for e in engine.history.events(people.supervisor, cases["old"])]
    run = engine.retention.run(ADMIN, TEN_YEARS)
    assert [case.case_id for case in run.cases] == [cases["old"]]

    after = engine.runtime.case(people.supervisor, cases["old"])
    assert after.title == "Sprawa zanonimizowana"
    same = ("id", "business_key", "process_id", "version_number", "status", "stage", "created_at", "updated_at")
    assert [getattr(after, name) for name in same] == [getattr(before, name) for name in same]
    assert after.participants == before.participants
    text = case_text(engine, cases["old"])
    assert [word for word in PERSONAL if word in text] == []
    with pytest.raises(NotFound, match="usunięto po upływie okresu przechowywania"):
        engine.runtime.case_data(people.supervisor, cases["old"])

    events = engine.history.events(people.supervisor, cases["old"])
    assert [(e.kind, e.at, e.actor_id, e.task_name) for e in events[:-1]] == history  # who did what when stays
    anonymized = events[-1]
    assert anonymized.kind == "anonymized"
    assert anonymized.detail["outcome"] == {
        "pilne": True,
        "powod": "cel_osiagniety",
        "problemy": ["ubostwo"],
        "zatwierdzone": True,
    }
    done = engine.tasks.of_case(people.supervisor, cases["old"])
    assert all(task.status in ("completed", "cancelled") for task in done)


def test_open_and_recently_closed_cases_are_untouched_and_a_second_run_does_nothing(engine, people, cases):
    recent, running = (case_text(engine, cases[name]) for name in ("recent", "running"))
    engine.retention.run(ADMIN, TEN_YEARS)
    assert case_text(engine, cases["recent"]) == recent
    assert case_text(engine, cases["running"]) == running
    assert engine.retention.run(ADMIN, TEN_YEARS).cases == []


def test_the_anonymisation_is_audited_the_trail_kept_and_the_chain_stays_intact(engine, people, cases):
    trail = engine.history.audit_trail(people.supervisor, cases["old"])
    assert "Nowakowska" in case_text(engine, cases["old"])  # the suspension's reason, in the audit detail
    engine.retention.run(ADMIN, TEN_YEARS)
    with engine.context.transaction(write=False) as session:
        rows = session.execute(
            select(AuditEntry.actor_id, AuditEntry.instance_id).where(AuditEntry.action == "case.anonymize")
        ).all()
        erased = session.execute(
            select(func.count()).where(AuditEntry.instance_id == cases["old"], AuditEntry.detail_hash.is_not(None))
        ).scalar_one()
    assert [tuple(row) for row in rows] == [(None, cases["old"])]
    assert erased >= 2  # the suspension and the resumption
    assert engine.history.audit_trail(people.supervisor, cases["old"])[: len(trail)] == trail  # who, when, what
    assert engine.audit.verify().intact


def test_only_an_administrator_or_the_system_runs_retention(engine, people, cases):
    with pytest.raises(NotAllowed):
        engine.retention.run(people.supervisor, TEN_YEARS)


def test_the_command_needs_a_period_and_honours_dry_run(engine, people, cases, database_url, monkeypatch, capsys):
    monkeypatch.setenv("KOOPERACJA_DATABASE_URL", database_url)
    monkeypatch.delenv("KOOPERACJA_RETENTION", raising=False)
    assert main(["retention", "--dry-run"]) == 1
    assert "KOOPERACJA_RETENTION" in capsys.readouterr().err
    # The command's engine runs on the real clock: the old case closed in February 2026, the recent
    # one ten years later (the test clock's future), so a 30-day period expires exactly the old one.
    monkeypatch.setenv("KOOPERACJA_RETENTION", "P30D")
    old_key = engine.runtime.case(people.supervisor, cases["old"]).business_key
    assert main(["retention", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Do anonimizacji: 1 spraw" in out and old_key in out
    assert engine.runtime.case_data(people.supervisor, cases["old"])["rodzina"] == "Nowakowscy"
    assert main(["retention"]) == 0
    assert "Zanonimizowano: 1 spraw" in capsys.readouterr().out
    assert engine.runtime.case(people.supervisor, cases["old"]).title == "Sprawa zanonimizowana"
