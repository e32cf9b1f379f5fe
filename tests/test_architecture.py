"""Layering rules: web never touches SpiffWorkflow or SQLAlchemy, engine never touches Flask."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def _imports(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


@pytest.mark.parametrize(("package", "forbidden"), [("web", {"SpiffWorkflow", "sqlalchemy"}), ("engine", {"flask"})])
def test_layers_do_not_leak(package, forbidden):
    offenders = {path: names & forbidden for path, names in _imports(package).items() if names & forbidden}
    assert offenders == {}


def test_modules_stay_small():
    files = [path for package in ("engine", "web") for path in (ROOT / package).rglob("*.py")]
    sizes = {str(path.relative_to(ROOT)): len(path.read_text().splitlines()) for path in files}
    assert {path: lines for path, lines in sizes.items() if lines > 400} == {}


def test_every_route_declares_who_may_call_it(tmp_path, monkeypatch):
    monkeypatch.setenv("KOOPERACJA_DATABASE_URL", f"sqlite:///{tmp_path / 'routes.db'}")
    from web import create_app

    app = create_app({"TESTING": True})
    undeclared = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and not getattr(app.view_functions[rule.endpoint], "access", None)
    ]
    assert undeclared == []
