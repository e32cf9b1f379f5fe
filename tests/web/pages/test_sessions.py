"""Session security in the browser's view: the signing key, revocation, idle timeout, throttling, redirects."""

from __future__ import annotations

import os
import stat
import time

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from engine.access import throttle
from engine.config import ConfigurationError
from engine.keys import ensure_key_file
from tests.factories import ADMIN, add_person
from tests.processes.people import PS
from tests.web.pages.conftest import Browser
from tests.web.pages.rebuild import directory_changed
from web import create_app

PASSWORD = "bardzo-tajne-haslo"
OLD_SOURCE_KEY = "kooperacja-development-key-do-not-use-in-production"
CONSTANTS = (OLD_SOURCE_KEY, "test-secret", "secret", "dev", "changeme", "kooperacja")
STRONG_KEY = "k" * 8 + "a-long-random-looking-production-key-0123456789"
COOKIE = "kooperacja_session"


@pytest.fixture(autouse=True)
def no_key_in_environment(monkeypatch):
    for name in ("KOOPERACJA_SECRET_KEY", "KOOPERACJA_SECRET_KEY_FILE", "KOOPERACJA_ENV", "KOOPERACJA_PROXIES"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def social_worker(engine, people):
    actor = people.user[PS]
    engine.directory.set_password(ADMIN, actor.user_id, PASSWORD)
    return actor


@pytest.fixture
def administrator(engine, people, database_url):
    actor = add_person(engine, "a.administrator", people.institution["rops"], "Administrator")
    engine.directory.set_password(ADMIN, actor.user_id, PASSWORD)
    yield actor
    directory_changed(database_url)


def logged_in(app, login: str = "k.mazur", password: str = PASSWORD, headers=None) -> Browser:
    client = Browser(app)
    response = client.post("/login", {"login": login, "password": password}, headers=headers or {})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def forged_cookie(key: str, payload: dict) -> str:
    forger = Flask("forger")
    forger.secret_key = key
    return SecureCookieSessionInterface().get_signing_serializer(forger).dumps(payload)


# ---------------------------------------------------------------------------- the signing key


def test_without_a_key_the_app_refuses_to_start_and_says_how_to_make_one(engine):
    with pytest.raises(ConfigurationError) as refused:
        create_app({"ENGINE": engine})
    message = refused.value.message
    assert "Brak klucza sesji (KOOPERACJA_SECRET_KEY)" in message
    assert "secrets.token_urlsafe(48)" in message and "kooperacja secret-key instance/secret_key" in message


@pytest.mark.parametrize("key", [OLD_SOURCE_KEY, "test-secret", "krotki-klucz"])
def test_a_published_or_short_key_is_refused(engine, monkeypatch, key):
    monkeypatch.setenv("KOOPERACJA_SECRET_KEY", key)
    with pytest.raises(ConfigurationError, match="jest za słaby"):
        create_app({"ENGINE": engine})


def test_development_and_tests_get_a_random_key_per_process_never_a_constant(engine, monkeypatch):
    monkeypatch.setenv("KOOPERACJA_ENV", "development")
    first, second = create_app({"ENGINE": engine}), create_app({"ENGINE": engine})
    testing = create_app({"ENGINE": engine, "TESTING": True})
    keys = {first.secret_key, second.secret_key, testing.secret_key}
    assert len(keys) == 3 and not keys & set(CONSTANTS) and all(len(key) >= 48 for key in keys)


def test_the_key_file_is_made_once_private_and_read_through_the_environment(engine, monkeypatch, tmp_path):
    path = tmp_path / "instance" / "secret_key"
    assert ensure_key_file(path) is True
    key = path.read_text().strip()
    assert len(key) >= 48 and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert ensure_key_file(path) is False and path.read_text().strip() == key  # kept: sessions survive restarts
    monkeypatch.setenv("KOOPERACJA_SECRET_KEY_FILE", str(path))
    assert create_app({"ENGINE": engine}).secret_key == key


@pytest.mark.parametrize("configured", ["production key", "development without key"])
def test_a_cookie_made_with_any_constant_key_is_refused(engine, people, administrator, monkeypatch, configured):
    if configured == "production key":
        monkeypatch.setenv("KOOPERACJA_SECRET_KEY", STRONG_KEY)
    else:
        monkeypatch.setenv("KOOPERACJA_ENV", "development")
    app = create_app({"ENGINE": engine})
    now = int(time.time())
    payloads = (
        {"user_id": administrator.user_id},  # what the old application accepted
        {"user_id": administrator.user_id, "key": "guessed", "since": now, "seen": now},
    )
    for key in CONSTANTS:
        for payload in payloads:
            client = app.test_client()
            client.set_cookie(COOKIE, forged_cookie(key, payload))
            response = client.get("/admin/uzytkownicy")
            assert response.status_code == 302 and response.headers["Location"].startswith("/login"), key
    assert logged_in(app, "a.administrator").get("/admin/uzytkownicy").status_code == 200


def test_even_the_right_signing_key_needs_the_users_session_key(app, engine, people, administrator):
    engine.sessions.start(administrator.user_id)
    now = int(time.time())
    client = app.test_client()
    payload = {"user_id": administrator.user_id, "key": "not-the-session-key", "since": now, "seen": now}
    client.set_cookie(COOKIE, forged_cookie(app.secret_key, payload))
    assert client.get("/admin/uzytkownicy").status_code == 302


# ---------------------------------------------------------------------------- revocation and timeouts


def test_logging_out_ends_the_users_sessions_in_every_browser(app, social_worker):
    office, home = logged_in(app), logged_in(app)
    assert home.get("/zadania").status_code == 200
    assert office.post("/logout").status_code == 302
    assert office.get("/zadania").status_code == 302
    assert home.get("/zadania").status_code == 302


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(app, social_worker):
    here, elsewhere = logged_in(app), logged_in(app)
    response = here.post(
        "/konto/haslo", {"current": PASSWORD, "new": "zupelnie-nowe-haslo", "repeated": "zupelnie-nowe-haslo"}
    )
    assert response.status_code == 302
    page = here.get("/konto").get_data(as_text=True)
    assert "Wylogowano Cię na wszystkich innych urządzeniach" in page
    assert elsewhere.get("/zadania").status_code == 302
    assert logged_in(app, password="zupelnie-nowe-haslo").get("/zadania").status_code == 200


def test_an_administrator_logs_a_user_out_everywhere(app, engine, social_worker, administrator):
    worker = logged_in(app)
    admin = logged_in(app, "a.administrator")
    page = admin.get(f"/admin/uzytkownicy/{social_worker.user_id}").get_data(as_text=True)
    assert "Wyloguj ze wszystkich urządzeń" in page
    response = admin.post(f"/admin/uzytkownicy/{social_worker.user_id}/wyloguj")
    assert response.status_code == 302
    assert "Zakończono wszystkie sesje użytkownika k.mazur." in admin.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert worker.get("/zadania").status_code == 302
    assert admin.get("/admin/uzytkownicy").status_code == 200
    assert Browser(app, social_worker).post(f"/admin/uzytkownicy/{administrator.user_id}/wyloguj").status_code == 403


def age(client: Browser, **seconds_ago: int) -> None:
    with client.client.session_transaction() as session:
        for name, ago in seconds_ago.items():
            session[name] = int(time.time()) - ago


def test_an_idle_session_ends_with_a_message(app, social_worker):
    client = logged_in(app)
    age(client, seen=29 * 60)
    assert client.get("/zadania").status_code == 200  # still within 30 minutes, and the request counts
    age(client, seen=31 * 60)
    response = client.get("/zadania")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert "Sesja wygasła z powodu braku aktywności" in client.get("/login").get_data(as_text=True)


def test_a_session_ends_a_working_day_after_the_login_however_active(app, social_worker):
    client = logged_in(app)
    age(client, since=8 * 3600 + 60, seen=0)
    assert client.get("/zadania").status_code == 302


def test_a_cookie_of_the_old_kind_holding_only_the_user_id_is_refused(app, social_worker):
    client = Browser(app)
    with client.client.session_transaction() as session:
        session["user_id"] = social_worker.user_id
    assert client.get("/zadania").status_code == 302


# ---------------------------------------------------------------------------- throttling


def test_wrong_passwords_pause_logging_in_with_a_polish_message(app, engine, social_worker):
    client = Browser(app)
    for _ in range(throttle.ACCOUNT_LIMIT):
        assert client.post("/login", {"login": "k.mazur", "password": "zle-haslo-123"}).status_code == 401
    response = client.post("/login", {"login": "k.mazur", "password": PASSWORD})
    page = response.get_data(as_text=True)
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert "Zbyt wiele nieudanych prób logowania na to konto." in page
    assert "logowanie wstrzymano na 15 min" in page
    assert client.get("/zadania").status_code == 302
    english = Browser(app)
    english.get("/login?lang=en")
    page = english.post("/login", {"login": "k.mazur", "password": PASSWORD}).get_data(as_text=True)
    assert "Too many failed login attempts for this account." in page


def test_behind_the_tls_proxy_the_clients_address_is_throttled_not_the_proxys(engine, social_worker, monkeypatch):
    monkeypatch.setenv("KOOPERACJA_PROXIES", "1")
    app = create_app({"ENGINE": engine, "TESTING": True})
    attacker = {"X-Forwarded-For": "203.0.113.5"}
    client = Browser(app)
    for number in range(throttle.ADDRESS_LIMIT):
        client.post("/login", {"login": f"zgadywany.{number}", "password": "x" * 12}, headers=attacker)
    response = client.post("/login", {"login": "k.mazur", "password": PASSWORD}, headers=attacker)
    assert response.status_code == 429
    assert "z tego adresu sieciowego" in response.get_data(as_text=True)
    assert logged_in(app, headers={"X-Forwarded-For": "192.0.2.44"}).get("/zadania").status_code == 200


# ---------------------------------------------------------------------------- redirects and headers


@pytest.mark.parametrize(
    "hostile",
    [
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
        "/ /evil.example",
        "/\x00/evil.example",
        "/\\evil.example",
        "//evil.example",
        "https://evil.example/",
        "/\u2028/evil.example",
    ],
)
def test_login_never_redirects_off_site(app, social_worker, hostile):
    client = Browser(app)
    response = client.post("/login", {"login": "k.mazur", "password": PASSWORD, "next": hostile})
    assert response.status_code == 302 and response.headers["Location"] == "/zadania"


def test_the_reported_open_redirect_is_closed(app, social_worker):
    client = Browser(app)
    response = client.post("/login?next=%2F%09%2Fevil.example", {"login": "k.mazur", "password": PASSWORD})
    assert response.headers["Location"] == "/zadania"
    response = Browser(app).post("/login?next=%2Fsprawy", {"login": "k.mazur", "password": PASSWORD})
    assert response.headers["Location"] == "/sprawy"


def test_https_responses_carry_hsts(browser):
    secure = browser().get("/login", base_url="https://kooperacja.example")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in browser().get("/login").headers
