"""Login, logout, sessions, CSRF, security headers and language."""

from __future__ import annotations

import pytest

from tests.factories import ADMIN, add_person
from tests.processes.people import PS
from tests.web.pages.rebuild import directory_changed

PASSWORD = "bardzo-tajne-haslo"


@pytest.fixture
def social_worker(engine, people):
    actor = people.user[PS]
    engine.directory.set_password(ADMIN, actor.user_id, PASSWORD)
    return actor


def _login(browser, login: str, password: str, next_path: str | None = None):
    client = browser()
    client.get("/login")
    data = {"login": login, "password": password}
    if next_path:
        data["next"] = next_path
    return client, client.post("/login", data)


def test_login_with_the_right_password_opens_my_tasks(browser, social_worker):
    client, response = _login(browser, "k.mazur", PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/zadania"
    page = client.get("/zadania").get_data(as_text=True)
    assert "Moje zadania" in page and "Wyloguj" in page


def test_wrong_password_and_unknown_login_get_the_same_polish_message(browser, social_worker):
    for login, password in (("k.mazur", "zle-haslo-123"), ("nie.ma.takiego", PASSWORD)):
        client, response = _login(browser, login, password)
        assert response.status_code == 401
        assert "Nieprawidłowy login lub hasło." in response.get_data(as_text=True)
        assert client.get("/zadania").status_code == 302  # still not logged in


def test_login_keeps_a_local_next_page_and_refuses_an_open_redirect(browser, social_worker):
    _, response = _login(browser, "k.mazur", PASSWORD, "/zadania/do-podjecia")
    assert response.headers["Location"] == "/zadania/do-podjecia"
    for hostile in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        _, response = _login(browser, "k.mazur", PASSWORD, hostile)
        assert response.headers["Location"] == "/zadania"


def test_pages_need_a_login_and_send_back_after_it(browser):
    response = browser().get("/zadania/do-podjecia?q=x")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/zadania/do-podjecia")


def test_logout_ends_the_session(browser, social_worker):
    client, _ = _login(browser, "k.mazur", PASSWORD)
    assert client.post("/logout").status_code == 302
    assert client.get("/zadania").status_code == 302


def test_a_deactivated_account_loses_its_session(browser, engine, people, database_url):
    leaving = add_person(engine, "o.odchodzaca", people.institution_of(PS), PS)
    directory_changed(database_url)  # PostgreSQL keeps the directory between tests: rebuild it after this one
    client = browser(actor=leaving)
    assert client.get("/zadania").status_code == 200
    engine.directory.update_user(ADMIN, leaving.user_id, active=False)
    assert client.get("/zadania").status_code == 302


def test_a_form_without_the_csrf_token_is_refused(browser, social_worker):
    client = browser(PS)
    response = client.client.post("/logout")
    assert response.status_code == 400
    assert "Formularz wygasł" in response.get_data(as_text=True)
    assert client.client.post("/login", data={"login": "k.mazur", "password": PASSWORD}).status_code == 400


def test_session_cookie_is_secure_http_only_and_same_site(browser, social_worker):
    _, response = _login(browser, "k.mazur", PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "kooperacja_session=" in cookie
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_every_page_carries_security_headers(browser):
    response = browser().get("/login")
    headers = response.headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "no-store"


def test_polish_by_default_english_on_request(browser):
    client = browser()
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="pl">' in page and "Zaloguj się" in page
    page = client.get("/login?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page and "Log in" in page and "Zaloguj się" not in page
    assert '<html lang="en">' in client.get("/login").get_data(as_text=True)  # the choice is remembered
