"""My account: notification preferences and password change."""

from __future__ import annotations

import pytest

from engine.errors import NotAuthenticated
from tests.factories import ADMIN
from tests.processes.people import PS

PASSWORD = "stare-haslo-123"


@pytest.fixture
def worker(engine, people, browser):
    engine.directory.set_password(ADMIN, people.user[PS].user_id, PASSWORD)
    return browser(PS)


def test_notification_preferences_are_saved(worker, engine, people):
    page = worker.get("/konto").get_data(as_text=True)
    assert "Przypomnienie przed terminem zadania" in page and "checked" in page
    assert worker.post("/konto/powiadomienia", [("kind", "reminder"), ("kind", "escalation")]).status_code == 302
    assert engine.directory.notification_preferences(people.user[PS]) == {
        "task_new": False,
        "task_assigned": False,
        "reminder": True,
        "escalation": True,
        "question_new": False,
        "question_answered": False,
        "meeting_scheduled": False,
    }


def test_password_change_needs_the_current_password_and_a_matching_repeat(worker, engine):
    response = worker.post("/konto/haslo", {"current": "zle", "new": "nowe-haslo-456", "repeated": "inne-haslo-456"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Obecne hasło jest nieprawidłowe." in page and "Powtórzone hasło różni się od nowego." in page
    response = worker.post("/konto/haslo", {"current": PASSWORD, "new": "krotkie", "repeated": "krotkie"})
    assert response.status_code == 422 and "co najmniej 10 znaków" in response.get_data(as_text=True)
    response = worker.post("/konto/haslo", {"current": PASSWORD, "new": "nowe-haslo-456", "repeated": "nowe-haslo-456"})
    assert response.status_code == 302
    assert engine.directory.authenticate("k.mazur", "nowe-haslo-456").login == "k.mazur"
    with pytest.raises(NotAuthenticated):
        engine.directory.authenticate("k.mazur", PASSWORD)
