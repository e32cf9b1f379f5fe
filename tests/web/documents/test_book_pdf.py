"""The Księga rekomendacji as PDF: its tables' headings fit their columns without breaking a word."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from flask_babel import Babel

from engine.dto.recommendations import RecommendationsReport
from web.documents.book import RECOMMENDATION_COLUMNS, WIDTHS
from web.documents.page import FAMILY, CaseDocument
from web.supervisor.book_tables import tables

HEADING_SIZE = 7.5  # the size the book's grids are printed in
PADDING = 2  # mm: a cell's padding, both sides


@pytest.fixture
def headings() -> dict[str, list[str]]:
    app = Flask(__name__)
    Babel(app)
    counts = dict.fromkeys(("cases", "closed", "evaluated", "plan_done", "projects_evaluated", "projects_done"), 0)
    lists = ("by_partnership", "outcomes", "close_reasons", "lead_times", "services", "recommendations")
    choices = dict.fromkeys(("variants", "case_types", "stages"), ())
    made = datetime(2026, 1, 1, tzinfo=UTC)
    empty = RecommendationsReport(**counts, **dict.fromkeys(lists, ()), **choices, generated_at=made, generated_by="")
    with app.test_request_context():
        shown = {name: [str(cell) for cell in header] for name, (_title, header, _rows) in tables(empty).items()}
    shown["rekomendacje"] = [shown["rekomendacje"][i] for i in RECOMMENDATION_COLUMNS]
    return shown


def test_every_word_of_a_heading_fits_its_column(headings):
    pdf = CaseDocument("Księga rekomendacji", "", datetime(2026, 1, 1, tzinfo=UTC))
    pdf.set_font(FAMILY, "B", HEADING_SIZE)
    too_wide = [
        (name, word, width)
        for name, widths in WIDTHS.items()
        for heading, width in zip(headings[name], widths, strict=True)
        for word in heading.split()
        if pdf.get_string_width(word) + PADDING > width
    ]
    pdf.output_bytes()  # the fonts' files are closed once the document is written
    assert too_wide == []


def test_every_table_spans_the_page_between_its_margins():
    assert {name: sum(widths) for name, widths in WIDTHS.items()} == dict.fromkeys(WIDTHS, 180)
