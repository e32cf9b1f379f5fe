"""Rectification (art. 16 GDPR) on the Nowakowski case: the social worker or a supervisor corrects a
recorded fact of a completed task with a reason; the old value stays in the history, the case file and
the subject-access report show the new one, and the institutions that received the fact are named."""

from __future__ import annotations

from datetime import date

import pytest

from engine.dto import Actor
from engine.errors import InvalidFormData, NotAllowed
from tests.processes.people import INSTITUTIONS, PS

HEALTH, GOPS = INSTITUTIONS["poz"][0], INSTITUTIONS["gops"][0]
NEW_SITUATION = "Marek stracił pracę po urazie kręgosłupa i szuka zatrudnienia."


def nomination(engine, actor, case_id):
    casefile = engine.casefile.file(actor, case_id)
    section = next(s for s in casefile.sections if s.id == "zgloszenie")
    return section.entries[0]


@pytest.fixture(scope="module")
def corrected(setting):
    """The health centre read the file; then the social worker corrects the family's description."""
    engine, case_id = setting.engine, setting.case.id
    engine.casefile.file(setting.user("Ochrona zdrowia"), case_id)
    task_id = nomination(engine, setting.user(PS), case_id).task_id
    done = engine.rectification.correct(
        setting.user(PS), case_id, task_id, "opis_sytuacji", NEW_SITUATION, "Rodzina wskazała nieścisłość."
    )
    return task_id, done


def test_the_correction_names_the_institutions_that_received_the_fact(setting, corrected):
    _task_id, done = corrected

    assert done.label == "Opis sytuacji rodziny"
    assert done.after == NEW_SITUATION
    assert done.before.startswith("Marek stracił pracę po urazie kręgosłupa, pije")
    assert {GOPS, HEALTH} <= set(done.recipients)


def test_the_case_file_shows_the_new_value_and_keeps_the_old_in_the_history(setting, corrected):
    task_id, _done = corrected
    for reader in (setting.user(PS), setting.user("Ochrona zdrowia"), setting.people.supervisor):
        entry = nomination(setting.engine, reader, setting.case.id)
        assert entry.values["opis_sytuacji"] == NEW_SITUATION
        assert [c.reason for c in entry.corrections if c.field == "opis_sytuacji"] == ["Rodzina wskazała nieścisłość."]
    history = setting.engine.rectification.form(setting.user(PS), setting.case.id, task_id).corrections
    assert history[0].before.startswith("Marek stracił pracę po urazie kręgosłupa, pije")
    assert history[0].corrected_by == "K Mazur"
    trail = setting.engine.history.audit_trail(setting.people.supervisor, setting.case.id)
    assert "case.correction" in [row[2] for row in trail]


def test_the_subject_access_report_shows_the_corrected_value(setting, corrected):
    report = setting.engine.protection.subject_access(Actor.system("test"), setting.case.id, "marek", None)

    values = [item.value for s in report.sections for e in s.entries for item in e.items]
    assert NEW_SITUATION in values


def test_a_date_is_corrected_the_polish_way_and_a_supervisor_may_correct_too(setting, corrected):
    task_id, _done = corrected

    done = setting.engine.rectification.correct(
        setting.people.supervisor, setting.case.id, task_id, "data_zgloszenia", "7.02.2025", "Data z pisma."
    )

    assert done.after == "07.02.2025"
    entry = nomination(setting.engine, setting.user(PS), setting.case.id)
    assert date.fromisoformat(entry.values["data_zgloszenia"]) == date(2025, 2, 7)
    fields = {f.name: f for f in setting.engine.rectification.form(setting.user(PS), setting.case.id, task_id).fields}
    assert fields["data_zgloszenia"].text == "07.02.2025"
    assert "czlonkowie" not in fields  # a list is not a single fact


def test_only_the_social_worker_or_a_supervisor_corrects_and_a_reason_is_needed(setting, corrected):
    task_id, _done = corrected
    engine, case_id = setting.engine, setting.case.id
    for role in ("Ochrona zdrowia", "Animator"):
        with pytest.raises(NotAllowed):
            engine.rectification.correct(setting.user(role), case_id, task_id, "opis_sytuacji", "x", "powód")
    with pytest.raises(InvalidFormData):
        engine.rectification.correct(setting.user(PS), case_id, task_id, "opis_sytuacji", "Inny opis.", "  ")
    with pytest.raises(InvalidFormData):
        engine.rectification.correct(setting.user(PS), case_id, task_id, "data_zgloszenia", "jutro", "powód")
    with pytest.raises(InvalidFormData):
        engine.rectification.correct(setting.user(PS), case_id, task_id, "czlonkowie", "x", "powód")


def test_the_plan_pdf_shows_a_corrected_approval_date(setting, corrected):
    from io import BytesIO

    from pypdf import PdfReader

    from web.documents import render_plan_pdf

    engine, case_id = setting.engine, setting.case.id
    plan = next(s for s in engine.casefile.file(setting.user(PS), case_id).sections if s.id == "plan")
    approval = next(e for e in plan.entries if e.task_name.startswith("Zatwierdzenie planu"))
    assert engine.documents.plan(setting.user(PS), case_id).approved_on == date(2025, 3, 27)

    engine.rectification.correct(
        setting.user(PS), case_id, approval.task_id, "data_decyzji_pzk", "28.03.2025", "Pomyłka w dacie."
    )

    document = engine.documents.plan(setting.user(PS), case_id)
    assert document.approved_on == date(2025, 3, 28)
    content = render_plan_pdf(document)
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    assert "28.03.2025" in text and "27.03.2025" not in text
