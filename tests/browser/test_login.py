"""Logging in as a person would: keyboard only, a wrong password, visible focus, English, and axe."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import expect_flash, heading, login, logout


def focus_ring(control: Locator) -> tuple[str, float]:
    """The focused control's computed outline: style and width in CSS pixels."""
    style, width = control.evaluate("e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]")
    return style, float(width.removesuffix("px"))


def test_login_page_passes_axe(page: Page, shot, csp_violations):
    page.goto("/login")
    expect(heading(page)).to_have_text("Logowanie")
    expect(page).to_have_title(re.compile("^Logowanie"))
    shot("login-page")
    assert_accessible(page)
    assert csp_violations == []


def test_keyboard_only_login_lands_on_my_tasks(page: Page, shot, demo_user):
    worker = demo_user("ps.gops")
    page.goto("/login")
    expect(page.get_by_label("Login", exact=True)).to_be_focused()  # autofocus: typing can start at once
    page.keyboard.type(worker.login)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Hasło", exact=True)).to_be_focused()
    page.keyboard.type(PASSWORD)
    shot("typed")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/zadania$"))
    expect(heading(page)).to_have_text("Moje zadania")
    expect_flash(page, f"Zalogowano jako {worker.display_name}.")
    expect(page.get_by_text(f"{worker.display_name} ({worker.institution})")).to_be_visible()
    shot("my-tasks")
    assert_accessible(page)


def test_wrong_password_shows_the_error_in_polish(page: Page, shot):
    page.goto("/login")
    page.get_by_label("Login", exact=True).fill("ps.gops")
    page.get_by_label("Hasło", exact=True).fill("nie-to-haslo")
    page.get_by_role("button", name="Zaloguj się").click()

    expect(page.get_by_role("alert")).to_contain_text("Nieprawidłowy login lub hasło.")
    expect(page.get_by_label("Login", exact=True)).to_have_value("ps.gops")  # the login is kept...
    expect(page.get_by_label("Hasło", exact=True)).to_have_value("")  # ...the password is not
    expect(page.get_by_label("Hasło", exact=True)).to_be_focused()
    expect(page.get_by_role("button", name="Wyloguj")).to_have_count(0)
    shot("refused")
    assert_accessible(page)


def test_focus_is_visible_on_every_control(page: Page):
    page.goto("/login")
    controls = [
        page.get_by_label("Login", exact=True),
        page.get_by_label("Hasło", exact=True),
        page.get_by_role("button", name="Zaloguj się"),
    ]
    expect(controls[0]).to_be_focused()
    for index, control in enumerate(controls):
        if index:
            page.keyboard.press("Tab")
        expect(control).to_be_focused()
        style, width = focus_ring(control)
        assert style != "none" and width >= 2, f"focus on {control} is not visible: outline {style} {width}px"


def test_skip_link_appears_on_first_tab(page: Page, shot):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Przejdź do treści")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert focus_ring(skip)[0] != "none"
    shot("skip-link")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_switching_to_english_and_back(page: Page, shot, demo_user):
    page.goto("/login")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    shot("english")

    worker = demo_user("pcpr")  # the choice outlives logging in and out
    page.get_by_label("Login").fill(worker.login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Polski").click()
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    logout(page)
    expect(heading(page)).to_have_text("Logowanie")


def test_login_helper_works_for_users_of_different_institutions(page: Page, demo_user):
    for account in ("ps.gops", "pcpr", "policja", "szkola"):
        user = demo_user(account)
        login(page, user.login, PASSWORD)
        expect(page.get_by_text(f"{user.display_name} ({user.institution})")).to_be_visible()
        logout(page)
