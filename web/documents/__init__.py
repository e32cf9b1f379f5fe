"""Case documents as PDF: the agreed plan (IPW) and a consent record, rendered from the engine's documents.

    render_plan_pdf(engine.documents.plan(actor, case_id)) -> bytes
    render_consent_pdf(engine.documents.consent(actor, case_id, member)) -> bytes
    render_contract_pdf(engine.documents.contract(actor, case_id)) -> bytes
    render_project_pdf(engine.documents.project(actor, case_id)) -> bytes

A4, Polish, DejaVu Sans embedded (Debian package fonts-dejavu-core); no process files are read here.
"""

from __future__ import annotations

from web.documents.book import render_book_pdf
from web.documents.consent import render_consent_pdf
from web.documents.contract import render_contract_pdf
from web.documents.minutes import render_minutes_pdf
from web.documents.page import MissingFont
from web.documents.plan import render_plan_pdf
from web.documents.project import render_project_pdf
from web.documents.protection import render_register_pdf, render_subject_access_pdf, subject_access_json

__all__ = [
    "render_book_pdf",
    "MissingFont",
    "render_consent_pdf",
    "render_minutes_pdf",
    "render_contract_pdf",
    "render_plan_pdf",
    "render_project_pdf",
    "render_register_pdf",
    "render_subject_access_pdf",
    "subject_access_json",
]
