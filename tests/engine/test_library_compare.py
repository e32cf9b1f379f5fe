"""Comparing versions of the model: the files added, removed or changed, line diffs, BPMN elements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine import Engine
from engine.bpmn import dmn_diff
from engine.bpmn.definitions import SourceFile
from engine.bpmn.element_diff import compare
from engine.dto.comparison import CellChange, ColumnChange, FieldAspect, TableChange
from engine.errors import NotAllowed, NotFound
from engine.services.library import form_diff
from engine.services.library.compare import files, line_diff
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


def test_the_changed_form_field_is_listed_with_its_title_before_and_after(two_versions, people):
    form = two_versions.library.compare(people.analyst, 1, 2).files[0]
    [field] = form.fields
    assert (field.change, field.path, field.old_title, field.new_title) == ("changed", "gmina", "Gmina", "Nazwa gminy")
    assert [(a.aspect, a.old, a.new) for a in field.aspects] == [("title", "Gmina", "Nazwa gminy")]
    assert form.rules == ()


def _schema(**properties) -> bytes:
    return json.dumps(
        {"type": "object", "required": properties.pop("_required", []), "properties": properties}
    ).encode()


def test_form_fields_added_removed_and_changed_in_title_type_required_and_choices():
    old = _schema(
        imie={"type": "string", "title": "Imię"},
        wiek={"type": "integer", "title": "Wiek"},
        forma={"type": "string", "title": "Forma", "oneOf": [{"const": "a", "title": "A"}, {"const": "b"}]},
        osoby={"type": "array", "items": {"type": "object", "properties": {"rola": {"type": "string"}}}},
    )
    new = _schema(
        _required=["wiek"],
        wiek={"type": "number", "title": "Wiek (lata)"},
        forma={"type": "string", "title": "Forma", "enum": ["b", "c"]},
        osoby={
            "type": "array",
            "items": {"type": "object", "properties": {"rola": {"type": "string", "title": "Rola"}}},
        },
        uwagi={"type": "string", "title": "Uwagi"},
    )
    changes = form_diff.compare(old, new)
    assert [(c.change, c.path, c.title) for c in changes] == [
        ("added", "uwagi", "Uwagi"),
        ("removed", "imie", "Imię"),
        ("changed", "forma", "Forma"),
        ("changed", "osoby / rola", "Rola"),
        ("changed", "wiek", "Wiek (lata)"),
    ]
    forma, rola, wiek = changes[2:]
    assert forma.aspects == (FieldAspect("choices", added=("c",), removed=("a",)),)
    assert rola.aspects == (FieldAspect("title", "", "Rola"),)
    assert wiek.aspects == (
        FieldAspect("title", "Wiek", "Wiek (lata)"),
        FieldAspect("type", "integer", "number"),
        FieldAspect("required", "no", "yes"),
    )
    assert form_diff.compare(b"{ nie json", new)[0].change == "added"
    assert form_diff.compare(new, new) == []


DMN = """<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d">
<decision id="dec" name="Dobór"><decisionTable id="t" hitPolicy="COLLECT">
<input id="i" label="Wiek"><inputExpression id="ie"><text>wiek</text></inputExpression></input>
<output id="o" label="Rola" name="rola"/>
{rules}</decisionTable></decision></definitions>"""


def _dmn(*rules: tuple[str, str, str]) -> bytes:
    body = "".join(
        f'<rule id="{ident}"><inputEntry id="{ident}i"><text>{cell}</text></inputEntry>'
        f'<outputEntry id="{ident}o"><text>{out}</text></outputEntry></rule>'
        for ident, cell, out in rules
    )
    return DMN.format(rules=body).encode()


def test_decision_rows_added_removed_and_changed_with_their_cells():
    old = _dmn(("r1", "? &lt; 18", "'szkola'"), ("r2", "-", "'ops'"), ("r3", "-", "'pup'"))
    new = _dmn(("r1", "? &lt; 16", "'szkola'"), ("r3", "-", "'pup'"), ("r4", "? &gt; 60", "'mops'"))
    changes = dmn_diff.compare(old, new)
    assert [(c.change, c.rule_id, c.old_number, c.new_number, c.decision) for c in changes] == [
        ("added", "r4", None, 3, "Dobór"),
        ("removed", "r2", 2, None, "Dobór"),
        ("changed", "r1", 1, 1, "Dobór"),
    ]
    added, removed, changed = changes
    assert added.cells == (CellChange("Wiek", "", "? > 60"), CellChange("Rola", "", "'mops'"))
    assert removed.cells == (CellChange("Wiek", "-", ""), CellChange("Rola", "'ops'", ""))
    assert changed.cells == (CellChange("Wiek", "? < 18", "? < 16"),)
    assert dmn_diff.compare(old, old) == [] and dmn_diff.compare(b"<nie", old)[0].change == "added"


def test_a_table_whose_hit_policy_or_columns_changed_is_told_as_a_whole():
    old = _dmn(("r1", "-", "'ops'"))
    new = (
        old.replace(b'hitPolicy="COLLECT"', b'hitPolicy="FIRST"')
        .replace(
            b'label="Wiek"><inputExpression id="ie"><text>wiek</text>',
            b'label="Wiek dziecka"><inputExpression id="ie"><text>wiek_dziecka</text>',
        )
        .replace(b'<output id="o" label="Rola" name="rola"/>', b'<output id="p" label="Pilne" name="pilne"/>')
    )
    assert dmn_diff.compare_tables(old, new) == [
        TableChange(
            "Dobór",
            "COLLECT",
            "FIRST",
            (
                ColumnChange("input", "changed", "Wiek", "Wiek dziecka", "wiek", "wiek_dziecka"),
                ColumnChange("output", "removed", "Rola", "", "rola", ""),
                ColumnChange("output", "added", "", "Pilne", "", "pilne"),
            ),
        )
    ]
    assert dmn_diff.compare_tables(old, old) == []
    assert dmn_diff.compare_tables(b"<nie", old) == []  # a table on one side only is told by its rows
    no_policy = old.replace(b' hitPolicy="COLLECT"', b"")
    assert dmn_diff.compare_tables(no_policy, old.replace(b"COLLECT", b"UNIQUE")) == []  # UNIQUE is the default


def test_a_changed_decision_row_is_listed_between_versions(database_url, clock):
    instance = Engine.from_url(database_url, clock=clock)
    try:
        sources = collect([REPO / "processes"])
        dmn = next(s for s in sources if s.path.endswith(".dmn"))
        edited = dmn.content.replace(b"<text>'niepelnosprawnosc' in ?</text>", b"<text>'bezdomnosc' in ?</text>", 1)
        assert edited != dmn.content
        instance.repository.deploy(sources, ADMIN)
        instance.repository.deploy([SourceFile(s.path, edited) if s is dmn else s for s in sources], ADMIN)
        [file] = instance.library.compare(make_directory(instance).analyst, 1, 2).files
        [row] = file.rules
        assert (row.change, row.rule_id, row.old_number, row.new_number) == ("changed", "Rule_1", 1, 1)
        assert row.cells == (
            CellChange("Problemy rodziny (art. 7 u.p.s.)", "'niepelnosprawnosc' in ?", "'bezdomnosc' in ?"),
        )
        assert file.elements == () and file.fields == ()
    finally:
        instance.close()


def test_a_task_moved_to_another_lane_is_changed_and_says_from_which_lane_to_which():
    ns = 'xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"'
    lanes = '<laneSet id="s"><lane id="l1" name="Animator">{one}</lane><lane id="l2" name="PZK">{two}</lane></laneSet>'
    body = '<task id="a" name="A"/><task id="b" name="B"/>'
    old = f'<definitions {ns}><process id="p">{lanes.format(one="<flowNodeRef>a</flowNodeRef>", two="")}{body}'
    new = f'<definitions {ns}><process id="p">{lanes.format(one="", two="<flowNodeRef>a</flowNodeRef>")}{body}'
    old, new = (f"{text}</process></definitions>".encode() for text in (old, new))
    assert compare(old, new) == [
        ("changed", "a", "task", "A", "A"),
        ("changed", "l1", "lane", "Animator", "Animator"),
        ("changed", "l2", "lane", "PZK", "PZK"),
    ]
    [task, *_lanes] = files({"p.bpmn": old}, {"p.bpmn": new})[0][0].elements
    assert (task.element_id, task.old_lane, task.new_lane) == ("a", "Animator", "PZK")
