"""Deadlines of questions to the ROPS team count working days in Polish time."""

from __future__ import annotations

from datetime import UTC, datetime

from engine.services.question_rules import add_working_days, due_at


def test_an_urgent_question_asked_on_friday_is_due_on_monday_at_the_same_polish_hour_across_dst():
    friday = datetime(2025, 3, 28, 10, 0, tzinfo=UTC)  # 11:00 in Warsaw (CET); summer time starts on Sunday

    assert due_at(friday, urgent=True) == datetime(2025, 3, 31, 9, 0, tzinfo=UTC)  # 11:00 CEST


def test_a_normal_question_is_due_five_working_days_later_and_a_weekend_question_from_monday():
    wednesday = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    saturday = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)

    assert due_at(wednesday, urgent=False) == datetime(2026, 12, 9, 8, 0, tzinfo=UTC)
    assert add_working_days(saturday, 1) == datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
