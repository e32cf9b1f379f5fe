"""axe-core accessibility checks on the page a test has open (WCAG 2.1 A and AA rules).

axe-core comes from the npm registry (package.json, installed by ``make install``). It is put into
the page with ``page.evaluate``: that runs through the DevTools protocol, which the page's
Content-Security-Policy (``script-src 'self'``) does not govern, so the page is checked with the
very headers users get. ``add_script_tag`` would insert an inline script, which that policy blocks,
and ``bypass_csp`` would check a page with its policy switched off.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import Page

AXE_SCRIPT = Path(__file__).parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BLOCKING = ("serious", "critical")

_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""


@cache
def _axe_source() -> str:
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `make install` (npm ci installs axe-core).", pytrace=False)
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_violations(page: Page, tags: tuple[str, ...] = WCAG_21_AA) -> list[dict]:
    """Every violation axe finds on the page as it is now: id, impact, help, helpUrl, nodes (target, summary)."""
    if page.evaluate("typeof window.axe") == "undefined":  # a navigation gives a new window
        page.evaluate(_axe_source())
    return page.evaluate(_RUN, list(tags))


def assert_accessible(page: Page) -> None:
    """Fail, listing them, when the page has serious or critical WCAG 2.1 A/AA violations."""
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not blocking, f"axe on {page.url}:\n" + "\n".join(_describe(v) for v in blocking)


def _describe(violation: dict) -> str:
    nodes = "".join(
        f"\n    {node['target']}: " + node["summary"].replace("\n", "\n      ") for node in violation["nodes"]
    )
    return f"  {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>{nodes}"
