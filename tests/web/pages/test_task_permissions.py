"""403 for a completion or claim by someone who may never do the task; 409 only for a real race."""

from __future__ import annotations

from tests.processes.people import AN, PS, ZD
from tests.processes.scenarios import KWALIFIKACJA_TAK
from tests.web.pages.forms import fields
from tests.web.pages.test_worker import _nominate

COMPLETE = [*fields(KWALIFIKACJA_TAK), ("_action", "complete")]


def test_submitting_a_form_of_a_role_one_does_not_hold_is_403(browser, engine, people):
    _, qualification = _nominate(browser, engine, people)
    browser(AN).post(f"/zadania/{qualification.id}/podejmij")
    social_worker = browser(PS)  # takes part in the case, another role: never their task
    response = social_worker.post(f"/zadania/{qualification.id}", COMPLETE)
    assert response.status_code == 403
    assert "wymaga roli „Animator”" in response.get_data(as_text=True)
    # the case team of the same GOPS is not in the case yet: it does not learn the task exists
    assert browser(ZD).post(f"/zadania/{qualification.id}", COMPLETE).status_code == 404


def test_a_supervisor_completing_a_workers_task_is_403(browser, engine, people):
    _, qualification = _nominate(browser, engine, people)
    response = browser(actor=people.supervisor).post(f"/zadania/{qualification.id}", COMPLETE)
    assert response.status_code == 403


def test_after_completion_an_outsider_to_the_task_still_gets_403_and_the_animator_409(browser, engine, people):
    _, qualification = _nominate(browser, engine, people)
    animator = browser(AN)
    animator.post(f"/zadania/{qualification.id}/podejmij")
    assert animator.post(f"/zadania/{qualification.id}", COMPLETE).status_code == 302
    assert browser(PS).post(f"/zadania/{qualification.id}", COMPLETE).status_code == 403
    assert browser(PS).post(f"/zadania/{qualification.id}/podejmij").status_code == 403
    assert browser(ZD).post(f"/zadania/{qualification.id}/podejmij").status_code == 404
    assert animator.post(f"/zadania/{qualification.id}", COMPLETE).status_code == 409  # done meanwhile: a race
