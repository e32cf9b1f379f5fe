"""Deploying from the browser: a draft reaches new cases only once the analyst deploys it with a comment."""

from __future__ import annotations

import io
import re
import zipfile

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import PASSWORD
from tests.browser.pages import expect_flash, login
from tests.browser.test_analyst import open_editor, save

PZK = "processes/kooperacja_pzk.bpmn"
RENAME = """() => {
  const modeler = window.kooperacjaEditor.editor;
  const task = modeler.get("elementRegistry").get("ut_inicjowanie_pzk");
  modeler.get("modeling").updateLabel(task, "Spotkanie otwierające PZK");
}"""


def test_a_saved_draft_is_deployed_with_a_comment_and_exported(page: Page, shot, csp_violations):
    login(page, "analityk", PASSWORD)
    open_editor(page, PZK)
    page.evaluate(RENAME)
    assert save(page)["problems"] == []

    page.get_by_role("link", name="← Biblioteka procesów").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="kooperacja_pzk.bpmn"))
    expect(row).to_contain_text("zmieniona")
    expect(page.get_by_role("row").filter(has_text=re.compile(r"^\s*2\b"))).to_have_count(0)
    shot("draft-listed")
    assert_accessible(page)

    page.get_by_label("Komentarz do wdrożenia (co się zmienia i dlaczego)").fill("Nowa nazwa spotkania inicjującego")
    page.get_by_role("button", name="Wdróż wersje robocze jako nową wersję").click()
    expect_flash(page, "Wdrożono wersję 2.")
    versions = page.locator("#versions + table")
    expect(versions.get_by_role("row").nth(1)).to_contain_text("Nowa nazwa spotkania inicjującego")
    expect(versions.get_by_role("row").nth(1)).to_contain_text("analityk")
    expect(page.get_by_text("Brak wersji roboczych: wszystko jest wdrożone.")).to_be_visible()
    shot("deployed")

    with page.expect_download() as download:
        page.get_by_role("link", name="Pobierz ZIP wersji 2").click()
    with zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes())) as archive:
        assert b"Spotkanie otwieraj" in archive.read(f"kooperacja-v2/{PZK}")
    assert csp_violations == []
