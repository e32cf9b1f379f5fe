"""Deadlines in the task lists: due dates, reminders and escalations as workers and animators see them."""

from __future__ import annotations

from tests.processes.people import AN, ZD
from tests.processes.scenarios import do_planu

OVERDUE, REMINDED, ESCALATED = (
    f'class="tag tag--{kind}">{text}<'
    for kind, text in (("overdue", "po terminie"), ("soon", "przypomniano"), ("overdue", "eskalowane"))
)


def _sectoral_diagnoses_open(case_driver):
    case_driver.start(title="Rodzina Nowakowskich")
    steps = do_planu()
    case_driver.play(steps[: steps.index({"step": "time", "days": 7})])


def test_reminded_and_escalated_tasks_are_marked_and_the_animator_sees_the_escalations(case_driver, engine, browser):
    _sectoral_diagnoses_open(case_driver)
    pcpr = browser("PCPR")
    queue = pcpr.get("/zadania/do-podjecia").get_data(as_text=True)
    assert "Diagnoza sektorowa" in queue and OVERDUE not in queue and "bez terminu" not in queue

    case_driver.wait(12)
    engine.worker.run_once("test")  # the reminder jobs (two days before the deadline by default)
    assert REMINDED in pcpr.get("/zadania/do-podjecia").get_data(as_text=True)

    case_driver.wait(3)
    engine.worker.run_once("test")  # escalation jobs after the deadline
    queue = pcpr.get("/zadania/do-podjecia?termin=po_terminie").get_data(as_text=True)
    assert "Diagnoza sektorowa" in queue and OVERDUE in queue and ESCALATED in queue

    inbox = browser(AN).get("/zadania").get_data(as_text=True)
    assert "Przekroczone terminy w sprawach, które prowadzisz" in inbox and "Rodzina Nowakowskich" in inbox
    assert "Przekroczone terminy" not in browser(ZD).get("/zadania").get_data(as_text=True)
