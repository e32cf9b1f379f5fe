"""The shape of the code: which package may use which, no import cycles, small modules, declared routes.

Every import counts, also those inside functions and under ``TYPE_CHECKING``: a cycle hidden in a
function is still a cycle. ``docs/architecture.md`` explains the packages and the allowed uses.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
OURS = ("engine", "web", "cli")

#: The engine's shared vocabulary: errors, plain dataclasses, the clock, settings, role names, form checks.
KERNEL = frozenset(
    {
        "engine.errors",
        "engine.dto",
        "engine.clock",
        "engine.config",
        "engine.roles",
        "engine.forms",
        "engine.keys",
        "engine.form_rules",
        "engine.form_declarations",
        "engine.form_items",
    }
)

#: Unit -> the units it may import (besides itself). ``engine`` is the facade, ``engine/__init__.py``.
ALLOWED = {
    "kernel": set(),
    "engine.bpmn": {"kernel"},
    "engine.db": {"kernel"},
    "engine.access": {"kernel", "engine.db"},
    "engine.store": {"kernel", "engine.db", "engine.bpmn"},
    "engine.jobs": {"kernel", "engine.db", "engine.store"},
    "engine.services": {"kernel", "engine.db", "engine.bpmn", "engine.access", "engine.store", "engine.jobs"},
    "engine": {"kernel", "engine.db", "engine.access", "engine.store", "engine.jobs", "engine.services"},
    "engine.demo": {"kernel", "engine", "engine.db", "engine.bpmn", "engine.access", "engine.store", "engine.services"},
    "engine.practice": {"kernel", "engine", "engine.bpmn", "engine.demo"},
    "web": {"kernel", "engine", "engine.practice"},
    "cli": {"kernel", "engine", "engine.demo", "engine.services", "web"},
}

#: Third-party packages only some units may import.
RESTRICTED = {
    "SpiffWorkflow": {"engine.bpmn"},
    "RestrictedPython": {"engine.bpmn"},
    "sqlalchemy": {"engine.db", "engine.access", "engine.store", "engine.jobs", "engine.services", "engine.demo"},
    "alembic": {"engine.db"},
    "flask": {"web"},
    "flask_babel": {"web"},
}
MAX_LINES = 300


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _our_modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in OURS
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    }


MODULES = _our_modules()


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports (``from a import b`` counts as ``a.b`` when that is one of our modules)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: relative import"
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in MODULES else node.module)
    return found


IMPORTS = {name: _imports(path) for name, path in MODULES.items()}


def unit(module: str) -> str:
    """The package a module belongs to, as ``ALLOWED`` names them."""
    if module in KERNEL or module.startswith("engine.dto."):
        return "kernel"
    parts = module.split(".")
    if parts[0] == "engine":
        return "engine" if len(parts) == 1 else ".".join(parts[:2])
    return parts[0]


def test_every_module_belongs_to_a_known_package():
    assert {name for name in MODULES if unit(name) not in ALLOWED} == set()


def test_packages_use_only_what_they_are_allowed_to():
    offences = {
        f"{module} -> {imported}"
        for module, imports in IMPORTS.items()
        for imported in imports
        if imported in MODULES and unit(imported) != unit(module) and unit(imported) not in ALLOWED[unit(module)]
    }
    assert offences == set()


@pytest.mark.parametrize("library", sorted(RESTRICTED))
def test_libraries_stay_in_their_packages(library):
    offences = {
        module
        for module, imports in IMPORTS.items()
        if any(name == library or name.startswith(library + ".") for name in imports)
        and unit(module) not in RESTRICTED[library]
    }
    assert offences == set()


def test_the_engine_never_uses_the_web_layer_or_the_command_line():
    assert {m for m, imports in IMPORTS.items() if m.startswith("engine") and imports & {"web", "cli"}} == set()
    assert {
        m for m, imports in IMPORTS.items() if m.startswith("engine") for i in imports if i.startswith(("web.", "cli."))
    } == set()


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph[node]:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_between_modules():
    graph = {module: {i for i in imports if i in MODULES and i != module} for module, imports in IMPORTS.items()}
    assert _cycles(graph) == []


def test_no_import_cycles_between_packages():
    graph: dict[str, set[str]] = {name: set() for name in ALLOWED}
    for module, imports in IMPORTS.items():
        graph[unit(module)].update(unit(i) for i in imports if i in MODULES and unit(i) != unit(module))
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_modules_stay_small():
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()}
    assert {name: lines for name, lines in sizes.items() if lines > MAX_LINES} == {}


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
