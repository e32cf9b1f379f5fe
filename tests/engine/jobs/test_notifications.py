"""E-mail in Polish through a real SMTP server: new task in my queue, task assigned to me; preferences."""

from __future__ import annotations

import logging

import pytest

from engine.errors import NotAllowed, NotFound
from engine.jobs.mail import Email, LogMailer, SmtpMailer, SmtpSettings, mailer_from_env
from engine.jobs.preferences import KINDS
from tests.engine.jobs.cases import ROUTINE, events, open_task, start, to_interview
from tests.factories import email_of


def test_a_new_task_in_the_queue_is_mailed_in_polish_to_whoever_can_take_it(engine, people, smtp):
    case = start(engine, people, ROUTINE)
    engine.worker.run_once("w1")
    [mail] = smtp.wait_for(2)[:1]
    assert mail.sender == "Kooperacja <powiadomienia@kooperacja.test>"
    assert mail.subject == f"[Kooperacja] Nowe zadanie w kolejce: Plan OPS ({case.business_key})"
    task = open_task(engine, people.ops, case.id, "ut_plan_ops")
    assert mail.body.startswith("Dzień dobry, ")
    assert "W kolejce Twojej instytucji pojawiło się nowe zadanie." in mail.body
    assert f"Sprawa: {case.business_key} – Rodzina testowa" in mail.body
    assert "Rola: Pracownik socjalny OPS" in mail.body
    assert f"https://kooperacja.test/zadania/{task.id}" in mail.body
    assert smtp.to(email_of(people.pcpr)) == smtp.to(email_of(people.outsider)) == []  # not their queue


def test_nobody_is_told_of_a_task_someone_took_before_the_worker_ran(engine, people, smtp):
    case = start(engine, people, ROUTINE)
    engine.tasks.claim(people.ops, open_task(engine, people.ops, case.id, "ut_plan_ops").id)
    assert engine.worker.run_once("w1").jobs_done == 1
    assert smtp.messages == []


def test_a_supervisor_assigns_a_task_and_the_assignee_is_mailed(engine, people, smtp, clock):
    case, interview = to_interview(engine, people)
    engine.worker.run_once("w1")
    smtp.messages.clear()
    with pytest.raises(NotAllowed, match="superwizor albo animator"):
        engine.tasks.assign(people.ops, interview.id, people.ops2.user_id)
    with pytest.raises(NotAllowed, match="nie pełni w tej sprawie roli"):
        engine.tasks.assign(people.supervisor, interview.id, people.pcpr.user_id)

    assigned = engine.tasks.assign(people.supervisor, interview.id, people.ops2.user_id)
    assert assigned.assignee_id == people.ops2.user_id
    assert [t.id for t in engine.tasks.inbox(people.ops2)] == [interview.id]
    engine.worker.run_once("w1")
    [mail] = smtp.wait_for(1)
    assert mail.to == (email_of(people.ops2),)
    assert mail.subject == f"[Kooperacja] Przydzielono Ci zadanie: Wywiad z członkiem rodziny ({case.business_key})"
    assert "Termin: 10.02.2026, godz. 10:00" in mail.body  # 7 days after 3 Feb 9:00 UTC, in Warsaw time
    [event] = events(engine, people, case.id, "assigned")
    assert event.actor_id == people.supervisor.user_id and event.detail == {"assignee_id": people.ops2.user_id}


def test_a_user_turns_off_a_kind_of_mail_and_only_that_kind(engine, people, smtp):
    assert engine.directory.notification_preferences(people.ops2) == dict.fromkeys(KINDS, True)
    changed = engine.directory.set_notification_preferences(people.ops2, {"task_new": False})
    assert changed == {**dict.fromkeys(KINDS, True), "task_new": False}
    with pytest.raises(NotAllowed):
        engine.directory.set_notification_preferences(people.ops, {"reminder": False}, user_id=people.ops2.user_id)
    with pytest.raises(NotFound, match="Nieznany rodzaj"):
        engine.directory.set_notification_preferences(people.ops2, {"sms": True})

    start(engine, people, ROUTINE)
    engine.worker.run_once("w1")
    assert [m.to for m in smtp.wait_for(1)] == [(email_of(people.ops),)]


def test_without_an_smtp_host_notifications_are_logged_not_sent(caplog):
    assert isinstance(mailer_from_env({}), LogMailer)
    with caplog.at_level(logging.INFO, logger="engine.notify"):
        LogMailer().send(Email("k.mazur@kooperacja.test", "[Kooperacja] Przypomnienie", "treść"))
    assert "nie wysłany (brak KOOPERACJA_SMTP_HOST) do k.mazur@kooperacja.test: [Kooperacja] Przypomnienie" in (
        caplog.text
    )


def test_smtp_settings_come_from_kooperacja_variables():
    environ = {
        "KOOPERACJA_SMTP_HOST": "smtp.gmina.pl",
        "KOOPERACJA_SMTP_PORT": "587",
        "KOOPERACJA_SMTP_USER": "kooperacja",
        "KOOPERACJA_SMTP_PASSWORD": "tajne",
        "KOOPERACJA_SMTP_FROM": "Kooperacja <kooperacja@gmina.pl>",
        "KOOPERACJA_SMTP_STARTTLS": "true",
    }
    settings = SmtpSettings.from_env(environ)
    assert settings == SmtpSettings(
        "smtp.gmina.pl", 587, "kooperacja", "tajne", "Kooperacja <kooperacja@gmina.pl>", True
    )
    assert isinstance(mailer_from_env(environ), SmtpMailer)
