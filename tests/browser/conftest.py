"""Browser tests: the real application on 127.0.0.1, driven by Playwright in Debian's headless Chromium.

``make install`` installs /usr/bin/chromium (Debian's package) and axe-core (npm); no tool downloads a
browser of its own. Without Chromium every test fails saying so: a browser test never skips.

One server per test module, over its own copy of a database that holds the deployed processes and
the demo data (``engine.demo.seed``: the Świlcza partnership, a user per role, seven families), made
once per session. Each test gets a fresh browser context, so no cookie crosses from test to test.
Screenshots go to test-artifacts/browser/<test-name>/NN-step.png: where the test calls ``shot``,
and on failure.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from engine import Engine
from engine.demo import DemoLogin, DemoReport, seed
from tests.browser.artifacts import Screenshots
from tests.browser.server import LiveServer, serve

REPO = Path(__file__).parents[2]
CHROMIUM = Path("/usr/bin/chromium")
# The machine's network is closed: without the background-networking flags Chromium keeps calling out.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",  # the tests run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "haslo-testow-przegladarki"  # every demo user's password in these tests
TIMEOUT_MS = 10_000  # a step waits this long for the page before the test fails


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_test_failed = report.failed
    return report


@pytest.fixture(scope="session")
def seeded_database(sqlite_template, tmp_path_factory) -> tuple[Path, DemoReport]:
    """A migrated SQLite file with the processes deployed and the demo data loaded."""
    path = tmp_path_factory.mktemp("browser") / "seeded.db"
    shutil.copy(sqlite_template, path)
    engine = Engine.from_url(f"sqlite:///{path}")
    try:
        report = seed(engine, PASSWORD, REPO / "processes")
    finally:
        engine.close()
    return path, report


@pytest.fixture(scope="session")
def demo(seeded_database) -> DemoReport:
    """What the demo data holds: logins (all with ``PASSWORD``), the partnership and the families' cases."""
    return seeded_database[1]


@pytest.fixture(scope="session")
def demo_user(demo):
    """``demo_user("ps.gops")``: the demo account with that login."""
    logins = {login.login: login for login in demo.logins}

    def find(login: str) -> DemoLogin:
        return logins[login]

    return find


@pytest.fixture(scope="module")
def live_server(seeded_database, tmp_path_factory) -> Iterator[LiveServer]:
    """The application on a free port, over this module's own copy of the seeded database."""
    path = tmp_path_factory.mktemp("live") / "kooperacja.db"
    shutil.copy(seeded_database[0], path)
    with serve(f"sqlite:///{path}") as server:
        yield server


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: run `make install` (it installs Debian's chromium).", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(request, chromium, live_server) -> Iterator[Page]:
    """A new tab in a fresh browser context (no cookies), relative URLs resolved against the live server."""
    context = chromium.new_context(base_url=live_server.url, locale="pl-PL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    request.node.browser_screenshots = Screenshots(request.node.name, tab)
    yield tab
    if getattr(request.node, "browser_test_failed", False):
        _screenshot_failure(request.node.browser_screenshots)
    context.close()


def _screenshot_failure(screenshots: Screenshots) -> None:
    try:
        screenshots("failure")
    except Exception as error:  # the page may be gone; the test's own failure is what matters
        print(f"no failure screenshot: {error}")  # noqa: T201 - shown with the failed test's output


@pytest.fixture
def shot(request, page) -> Screenshots:
    """``shot("step")`` saves the page as the test's next NN-step.png."""
    return request.node.browser_screenshots


@pytest.fixture
def csp_violations(page) -> list[str]:
    """Console messages of the page's Content-Security-Policy blocking something (should stay empty)."""
    messages: list[str] = []

    def record(message) -> None:
        if "Content Security Policy" in message.text:
            messages.append(message.text)

    page.on("console", record)
    return messages
