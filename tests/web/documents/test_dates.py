"""Dates as the documents of record write them: Polish local time, the month in words."""

from __future__ import annotations

from datetime import UTC, datetime

from web.documents.page import polish_moment_in_words


def test_a_moment_is_written_in_polish_time_with_the_month_in_words():
    assert polish_moment_in_words(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == "1 stycznia 2027 r., godz. 00:30"
    assert polish_moment_in_words(datetime(2026, 7, 9, 8, 5, tzinfo=UTC)) == "9 lipca 2026 r., godz. 10:05"  # CEST
    assert polish_moment_in_words(None) == "—"
