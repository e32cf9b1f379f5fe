"""Task deadlines from the model; a reminder before them, an escalation after; both in the task lists."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine.errors import NotAllowed
from engine.jobs.deadlines import remind_at
from tests.engine.jobs.cases import events, open_task, start_urgent, to_interview
from tests.factories import email_of

DAY = timedelta(days=1)


def drain(engine, smtp) -> None:
    """Run the worker until idle and forget the mail it sent (announcements of new tasks)."""
    while not engine.worker.run_once("w1").idle:
        pass
    smtp.messages.clear()


def test_due_date_comes_from_the_due_in_property_or_a_timer_boundary_event(engine, people, clock):
    case = start_urgent(engine, people)
    assert open_task(engine, people.pcpr, case.id, "ut_pcpr").due_at == clock.now() + 3 * DAY  # boundary timer
    _, interview = to_interview(engine, people)
    assert interview.due_at == clock.now() + 7 * DAY  # dueIn 'P7D'


def test_the_queue_is_reminded_before_the_deadline_and_the_case_leads_are_told_after_it(engine, people, smtp, clock):
    case, interview = to_interview(engine, people)
    drain(engine, smtp)

    clock.advance(5 * DAY - timedelta(minutes=1))
    assert engine.worker.run_once("w1").idle
    clock.advance(timedelta(minutes=2))
    engine.worker.run_once("w1")
    reminders = smtp.wait_for(2)
    assert sorted(r for m in reminders for r in m.to) == sorted(email_of(p) for p in (people.ops, people.ops2))
    assert all(m.subject.startswith("[Kooperacja] Przypomnienie: termin zadania „Wywiad") for m in reminders)
    [queued] = [t for t in engine.tasks.queue(people.ops) if t.id == interview.id]
    assert queued.reminded_at == clock.now() and queued.escalated_at is None
    smtp.messages.clear()

    clock.advance(2 * DAY)
    engine.worker.run_once("w1")
    escalations = smtp.wait_for(2)
    told = sorted(r for m in escalations for r in m.to)
    assert told == sorted(email_of(p) for p in (people.animator, people.supervisor))
    assert all("Eskalacja: przekroczony termin" in m.subject for m in escalations)
    [late] = engine.tasks.escalated(people.animator)
    assert late.id == interview.id and late.escalated_at == clock.now() and late.is_overdue(clock.now())
    assert [t.id for t in engine.tasks.escalated(people.supervisor)] == [interview.id]
    with pytest.raises(NotAllowed):
        engine.tasks.escalated(people.ops)

    for _ in range(3):
        engine.worker.run_once("w1")
    assert len(events(engine, people, case.id, "reminder")) == 1
    [escalated] = events(engine, people, case.id, "escalated")
    assert sorted(escalated.detail["recipients"]) == sorted([people.animator.user_id, people.supervisor.user_id])


def test_once_claimed_only_the_assignee_is_reminded(engine, people, smtp, clock):
    _, interview = to_interview(engine, people)
    engine.tasks.claim(people.ops2, interview.id)
    drain(engine, smtp)
    clock.advance(5 * DAY + timedelta(minutes=1))
    engine.worker.run_once("w1")
    assert [m.to for m in smtp.wait_for(1)] == [(email_of(people.ops2),)]


def test_a_task_done_in_time_is_neither_reminded_nor_escalated(engine, people, smtp, clock):
    case, interview = to_interview(engine, people)
    drain(engine, smtp)
    clock.advance(DAY)
    engine.tasks.complete(people.ops, interview.id, {"wywiad": "rozmowa"}, claim=True)
    clock.advance(10 * DAY)
    run = engine.worker.run_once("w1")
    assert run.jobs_done == 2  # the reminder and the escalation ran, and found nothing to do
    assert smtp.messages == []
    assert events(engine, people, case.id, "reminder") == events(engine, people, case.id, "escalated") == []


def test_the_reminder_comes_half_way_when_the_deadline_is_close(clock):
    created = clock.now()
    assert remind_at(created, created + 7 * DAY, 2 * DAY) == created + 5 * DAY
    assert remind_at(created, created + DAY, 2 * DAY) == created + DAY / 2
