"""Comparing versions of the model: the files added, removed or changed, line diffs, BPMN elements."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import Engine
from engine.bpmn.definitions import SourceFile
from engine.bpmn.element_diff import compare
from engine.errors import NotAllowed, NotFound
from engine.services.library.compare import line_diff
from engine.services.repository import collect
from tests.factories import ADMIN, make_directory

REPO = Path(__file__).parents[2]
PZK = "processes/kooperacja_pzk.bpmn"
FORM = "forms/inicjowanie_pzk.schema.json"


def _changed(sources: list[SourceFile]) -> list[SourceFile]:
    """Version 2: one element renamed in a diagram, one field's title changed in a form."""
    edits = {
        PZK: (b'name="Spotkanie inicjuj', b'name="Pierwsze spotkanie inicjuj'),
        FORM: (b'"title": "Gmina"', b'"title": "Nazwa gminy"'),
    }
    changed = []
    for source in sources:
        if source.path in edits:
            old, new = edits[source.path]
            assert old in source.content
            source = SourceFile(source.path, source.content.replace(old, new, 1))
        changed.append(source)
    return changed


@pytest.fixture
def two_versions(database_url, clock):
    instance = Engine.from_url(database_url, clock=clock)
    sources = collect([REPO / "processes"])
    instance.repository.deploy(sources, ADMIN)
    instance.repository.deploy(_changed(sources), ADMIN)
    yield instance
    instance.close()


@pytest.fixture
def people(two_versions):
    return make_directory(two_versions)


def test_two_versions_differ_in_the_changed_form_field_and_diagram_element(two_versions, people):
    comparison = two_versions.library.compare(people.analyst, 1, 2)
    assert (comparison.old.number, comparison.new.number) == (1, 2)
    assert comparison.new.created_by == ADMIN.label and not comparison.new.is_draft
    assert [(f.path, f.change) for f in comparison.files] == [(FORM, "changed"), (PZK, "changed")]
    assert comparison.unchanged == len(collect([REPO / "processes"])) - 2
    form, diagram = comparison.files
    assert [(line.kind, line.text.strip()) for line in form.lines if line.kind in ("added", "removed")] == [
        ("removed", '"title": "Gmina",'),
        ("added", '"title": "Nazwa gminy",'),
    ]
    [removed] = [line for line in form.lines if line.kind == "removed"]
    [added] = [line for line in form.lines if line.kind == "added"]
    assert removed.old == added.new and removed.new is None and added.old is None
    assert form.lines[0].kind == "hunk" and not form.truncated and form.elements == ()
    assert (form.added_lines, form.removed_lines) == (1, 1)
    assert form.old_hash != form.new_hash and len(form.new_hash) == 64
    [element] = diagram.elements
    assert (element.change, element.element_id, element.kind) == ("changed", "ut_inicjowanie_pzk", "userTask")
    assert (element.old_name, element.new_name) == ("Spotkanie inicjujące PZK", "Pierwsze spotkanie inicjujące PZK")


def test_the_working_draft_is_compared_with_a_deployed_version(two_versions, people):
    content = two_versions.library.open(people.analyst, PZK).content
    draft = content.decode().replace('name="Porozumienie o współpracy"', 'name="Umowa"').encode()
    two_versions.library.save(people.analyst, PZK, draft)
    comparison = two_versions.library.compare(people.analyst, 2, None)
    assert comparison.new.is_draft and comparison.new.created_at is None
    [diagram] = comparison.files
    assert diagram.path == PZK
    assert [(e.change, e.element_id, e.name) for e in diagram.elements] == [("changed", "ut_porozumienie", "Umowa")]
    against_first = two_versions.library.compare(people.analyst, 1, None)
    assert {e.element_id for e in against_first.files[1].elements} == {"ut_inicjowanie_pzk", "ut_porozumienie"}
    assert two_versions.library.compare(people.analyst, 2, 2).files == ()


def test_an_unknown_version_is_named_in_polish(two_versions, people):
    with pytest.raises(NotFound, match="Nie ma wdrożonej wersji 7"):
        two_versions.library.compare(people.analyst, 7, None)
    with pytest.raises(NotFound, match="Nie ma wdrożonej wersji 9"):
        two_versions.library.compare(people.analyst, 1, 9)


def test_only_analysts_and_administrators_compare(two_versions, people):
    for outsider in (people.ops, people.supervisor, people.animator):
        with pytest.raises(NotAllowed):
            two_versions.library.compare(outsider, 1, 2)
    assert two_versions.library.compare(ADMIN, 1, 2).files


def test_added_and_removed_elements_and_a_capped_diff():
    ns = 'xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"'
    old = f'<definitions {ns}><process id="p"><task id="a" name="A"/><task id="b" name="B"/></process></definitions>'
    new = f'<definitions {ns}><process id="p"><task id="a" name="A"/><task id="c" name="C"/></process></definitions>'
    assert compare(old.encode(), new.encode()) == [("added", "c", "task", "", "C"), ("removed", "b", "task", "B", "")]
    lines, cut = line_diff("\n".join(map(str, range(5000))), "\n".join(f"x{i}" for i in range(5000)), limit=100)
    assert cut and len(lines) == 100
    assert line_diff("a\nb", "a\nc") == (line_diff("a\nb", "a\nc", limit=10)[0], False)
