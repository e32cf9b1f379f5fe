"""What a worker does in the browser, found the way a screen reader finds it: by role, label and name.

    login(page, "ps.gops", PASSWORD)
    open_task(page, "Kwalifikacja rodziny", case="KOOP/2026/0001")
    fill_fields(page, {"Imię": "Anna", "Data urodzenia": "2010-05-01", "Zgoda rodziny": True})
    click_button(page, "Zakończ zadanie")
    expect_flash(page, "Zadanie zakończone")

Labels are matched whole, with or without the " (wymagane)" the forms add to required questions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from playwright.sync_api import Locator, Page, expect

INBOX, QUEUE = "/zadania", "/zadania/do-podjecia"
Scope = Page | Locator
Value = str | bool | Iterable[str]


def label(text: str) -> re.Pattern[str]:
    """The accessible name of a question: its label, with or without the required marker."""
    return re.compile(rf"^\s*{re.escape(text)}(\s+\(wymagane\))?\s*$")


def login(page: Page, login: str, password: str) -> None:
    """Log in through the form; fails with the page's own message when the login is refused."""
    page.goto("/login")
    page.get_by_label("Login", exact=True).fill(login)
    page.get_by_label("Hasło", exact=True).fill(password)
    click_button(page, "Zaloguj się")
    page.wait_for_load_state()
    refused = page.locator("#error-summary")
    assert not refused.count(), f"login as {login} refused: {refused.inner_text()}"
    expect_flash(page, "Zalogowano jako")


def logout(page: Page) -> None:
    click_button(page, "Wyloguj")
    expect_flash(page, "Wylogowano.")


def heading(page: Page) -> Locator:
    """The page's one level-1 heading."""
    return page.get_by_role("heading", level=1)


def open_task(page: Page, name: str, case: str | None = None) -> None:
    """Open the task ``name`` (of the case whose title or number contains ``case``) from "Moje zadania";
    when it is not there, take it from "Do podjęcia" and claim it."""
    page.goto(INBOX)
    link = _task_link(page, name, case)
    if not link.count():
        page.goto(QUEUE)
        link = _task_link(page, name, case)
        expect(link, f"task {name!r} ({case}) is neither in the inbox nor in the queue").to_have_count(1)
        link.click()
        click_button(page, "Podejmij zadanie")
    else:
        link.first.click()
    expect(heading(page)).to_contain_text(name)


def _task_link(page: Page, name: str, case: str | None) -> Locator:
    rows = page.get_by_role("row")
    if case is not None:
        rows = rows.filter(has_text=case)
    return rows.get_by_role("link", name=name, exact=True)


def field(scope: Scope, text: str) -> Locator:
    """The control labelled ``text`` (text box, date, select, single checkbox)."""
    return scope.get_by_label(label(text))


def group(scope: Scope, text: str) -> Locator:
    """A fieldset by its legend: a choice group, a group of questions or a repeating list."""
    return scope.get_by_role("group", name=label(text)).or_(scope.get_by_role("radiogroup", name=label(text)))


def fill_fields(scope: Scope, values: Mapping[str, Value]) -> None:
    """Answer questions by their label or legend.

    A string fills a text box or date (YYYY-MM-DD), or picks the option with that text in a select
    or a radio group; True/False answers a yes/no question or ticks a single checkbox; a list of
    strings ticks exactly those boxes of a checkbox group.
    """
    for text, value in values.items():
        fill_field(scope, text, value)


def fill_field(scope: Scope, text: str, value: Value) -> None:
    choices = group(scope, text)
    if choices.count():
        _choose(choices.first, value)
        return
    control = field(scope, text)
    expect(control, f"no question labelled {text!r}").to_have_count(1)
    kind = control.evaluate("e => e.type || e.tagName.toLowerCase()")
    if kind == "checkbox":
        control.set_checked(bool(value))
    elif kind.startswith("select"):
        control.select_option(label=str(value))
    else:
        control.fill(str(value))


def _choose(choices: Locator, value: Value) -> None:
    if isinstance(value, bool):
        choices.get_by_role("radio", name="Tak" if value else "Nie", exact=True).check()
    elif isinstance(value, str):
        choices.get_by_role("radio", name=value, exact=True).check()
    else:
        wanted = set(value)
        boxes = choices.get_by_role("checkbox")
        names = [boxes.nth(i).evaluate("e => e.labels[0].innerText.trim()") for i in range(boxes.count())]
        assert wanted <= set(names), f"no box {sorted(wanted - set(names))}; the boxes are {names}"
        for index, name in enumerate(names):
            boxes.nth(index).set_checked(name in wanted)


def click_button(scope: Scope, name: str) -> None:
    scope.get_by_role("button", name=name, exact=True).click()


def expect_flash(page: Page, text: str) -> None:
    """A message shown after the last action (flash or notice) contains ``text``."""
    expect(page.locator(".flash-messages, .notice").filter(has_text=text).first).to_be_visible()
