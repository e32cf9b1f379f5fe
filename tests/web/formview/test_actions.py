"""Adding and removing rows without JavaScript: what was typed stays, focus lands on the row."""

from __future__ import annotations

import pytest

from tests.web.formview.support import document, load, render, submission
from web import formview

PLAN, PLAN_UI = load("plan_ipw")


def _press(html: str, action: str, schema=PLAN, ui=PLAN_UI):
    """Submit the page with the row button ``action`` and render the page that comes back."""
    parsed = formview.parse(schema, submission(html, ("_action", action)))
    values = formview.apply_action(schema, parsed.values, action)
    focus = formview.focus_after(action, values)
    return values, focus, render(formview.build(schema, ui, values, {}, focus=focus))


def _rows(html: str, group: str) -> list[str]:
    return document(html).xpath("//fieldset[@id=$id]/fieldset/@id", id=f"f-{group}")


def test_a_fresh_plan_shows_one_row_per_required_item_and_an_add_button():
    html = render(formview.build(PLAN, PLAN_UI, {}, {}))
    assert _rows(html, "cele") == ["row-cele-0"]
    assert _rows(html, "pozycje_planu") == ["row-pozycje_planu-0"]
    buttons = document(html).xpath("//button[@value='add:pozycje_planu']")
    assert [b.text_content() for b in buttons] == ["Dodaj pozycję (Koszyk usług)"]


def test_adding_a_row_keeps_everything_typed_and_focuses_the_new_row():
    html = render(formview.build(PLAN, PLAN_UI, {}, {}))
    filled = submission(html)
    filled["pozycje_planu.0.id"] = "P1"
    filled["pozycje_planu.0.liczba_jednostek"] = "pięć"  # not a number yet: kept as typed
    filled["uwagi"] = "Uwagi do planu"
    filled["_action"] = "add:pozycje_planu"
    parsed = formview.parse(PLAN, filled)
    values = formview.apply_action(PLAN, parsed.values, "add:pozycje_planu")
    focus = formview.focus_after("add:pozycje_planu", values)
    page = render(formview.build(PLAN, PLAN_UI, values, {}, focus=focus))

    assert focus == "row-pozycje_planu-1"
    assert _rows(page, "pozycje_planu") == ["row-pozycje_planu-0", "row-pozycje_planu-1"]
    doc = document(page)
    assert doc.get_element_by_id("f-pozycje_planu-0-id").get("value") == "P1"
    assert doc.get_element_by_id("f-pozycje_planu-0-liczba_jednostek").get("value") == "pięć"
    assert doc.get_element_by_id("f-uwagi").text_content().strip() == "Uwagi do planu"
    assert doc.xpath("//*[@autofocus]/@id") == ["f-pozycje_planu-1-id"]
    assert _rows(page, "cele") == ["row-cele-0"], "the untouched row of another group stays"


def test_adding_twice_to_an_empty_row_gives_three_rows():
    html = render(formview.build(PLAN, PLAN_UI, {}, {}))
    _values, _focus, html = _press(html, "add:cele")
    _values, focus, html = _press(html, "add:cele")
    assert _rows(html, "cele") == ["row-cele-0", "row-cele-1", "row-cele-2"]
    assert focus == "row-cele-2"


def test_removing_a_row_removes_that_row_only():
    data = {"pozycje_planu": [{"id": f"P{n}", "opis": f"Opis {n}"} for n in (1, 2, 3)]}
    html = render(formview.build(PLAN, PLAN_UI, data, {}))
    remove = document(html).xpath("//button[@value='remove:pozycje_planu.1']")[0]
    assert remove.text_content() == "Usuń pozycję 2 (Koszyk usług)"

    values, focus, page = _press(html, "remove:pozycje_planu.1")

    assert [row["id"] for row in values["pozycje_planu"]] == ["P1", "P3"]
    assert focus == "row-pozycje_planu-1"
    doc = document(page)
    assert doc.get_element_by_id("f-pozycje_planu-1-id").get("value") == "P3"
    assert doc.xpath("//*[@autofocus]/@id") == ["f-pozycje_planu-1-id"]


def test_removing_the_last_row_moves_focus_to_the_add_button():
    data = {"cele": [{"cel": "Jedyny"}]}
    values = formview.apply_action(PLAN, data, "remove:cele.0")
    assert values["cele"] == [] and data["cele"] == [{"cel": "Jedyny"}]
    focus = formview.focus_after("remove:cele.0", values)
    assert focus == "f-cele--add"
    page = document(render(formview.build(PLAN, PLAN_UI, values, {}, focus=focus)))
    assert page.xpath("//*[@autofocus]/@id") == ["f-cele--add"]


def test_rows_of_nested_repeating_groups_can_be_added_and_removed():
    schema = {
        "type": "object",
        "properties": {
            "cele": {
                "type": "array",
                "title": "Cele",
                "items": {
                    "type": "object",
                    "properties": {
                        "cel": {"type": "string", "title": "Cel"},
                        "kroki": {"type": "array", "title": "Kroki", "items": {"type": "string", "title": "Krok"}},
                    },
                },
            }
        },
    }
    values = formview.apply_action(schema, {"cele": [{"cel": "A"}, {"cel": "B"}]}, "add:cele.1.kroki")
    assert values == {"cele": [{"cel": "A"}, {"cel": "B", "kroki": [""]}]}
    assert formview.focus_after("add:cele.1.kroki", values) == "row-cele-1-kroki-0"
    html = render(formview.build(schema, {}, values, {}))
    assert document(html).xpath("//fieldset[@id='row-cele-1-kroki-0']//input/@name") == ["cele.1.kroki.0"]
    page = submission(html, ("_action", "add:cele.1.kroki"))
    page["cele.1.kroki.0"] = "Pierwszy krok"
    parsed = formview.parse(schema, page)
    values = formview.apply_action(schema, parsed.values, "add:cele.1.kroki")
    assert values["cele"][1]["kroki"] == ["Pierwszy krok", ""]
    assert formview.apply_action(schema, values, "remove:cele.1.kroki.0")["cele"][1]["kroki"] == [""]


@pytest.mark.parametrize(
    "action",
    [
        "",
        "add:",
        "zap:cele",
        "add:uwagi",  # not a list
        "add:kody",  # not in this form
        "add:kontrakt_socjalny_planowany",
        "remove:cele",  # no row number
        "remove:cele.01",
        "remove:cele.x",
        "remove:cele.5",  # no such row (e.g. the page was sent twice)
        "add:cele..x",
    ],
)
def test_malformed_actions_are_refused(action):
    with pytest.raises(formview.ActionError):
        formview.apply_action(PLAN, {"cele": [{"cel": "A"}]}, action)


def test_choice_lists_are_not_repeating_groups():
    schema, _ui = load("nominacja_rodziny")
    with pytest.raises(formview.ActionError):
        formview.apply_action(schema, {}, "add:kody_problemow")
