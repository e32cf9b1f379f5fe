"""Forms for people: household members chosen by name, dates in words, amounts in złoty, numbers as
Polish people write them."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from tests.web.formview.support import document, load, render
from web import formview
from web.formview.formats import BabelFormats

PLAN, PLAN_UI = load("plan_ipw")
HOUSEHOLD = {"czlonkowie": (("marek", "Marek"), ("anna", "Anna"), ("kacper", "Kacper"))}
ITEM = {
    "id": "P1",
    "usluga": "terapia_uzaleznien",
    "czlonek": "marek",
    "wlasciciel": "GKRPA",
    "zrodlo": "zakup",
    "data_od": "2026-12-01",
    "data_do": "2026-12-20",
    "liczba_jednostek": 1200,
    "koszt_szacunkowy": 1200.5,
}


def _answers(view) -> dict[str, str | None]:
    [row] = formview.values_for_display(view)[1].rows  # pozycje_planu, its only row
    return {item.label: item.text for item in row}


def test_a_household_member_is_chosen_by_name():
    schema = formview.with_choices(PLAN, HOUSEHOLD)
    view = formview.build(schema, PLAN_UI, {"pozycje_planu": [{"czlonek": "anna"}]}, {})
    doc = document(render(view))
    radios = doc.xpath('//input[@name="pozycje_planu.0.czlonek"]')  # a required choice among four: radios
    labels = [doc.xpath(f'//label[@for="{r.get("id")}"]')[0].text_content().strip() for r in radios]
    assert list(zip([r.get("value") for r in radios], labels, strict=True)) == [
        ("marek", "Marek"),
        ("anna", "Anna"),
        ("kacper", "Kacper"),
        ("rodzina", "Cała rodzina"),
    ]
    assert [r.get("value") for r in radios if r.get("checked") is not None] == ["anna"]
    bigger = formview.with_choices(PLAN, {"czlonkowie": (*HOUSEHOLD["czlonkowie"], ("zuzia", "Zuzia"))})
    select = document(render(formview.build(bigger, PLAN_UI, {}, {}))).get_element_by_id("f-pozycje_planu-0-czlonek")
    assert select.tag == "select"
    assert [o.text_content().strip() for o in select.iter("option") if o.get("value")][-2:] == ["Zuzia", "Cała rodzina"]
    assert "x-choices" in PLAN["properties"]["cele"]["items"]["properties"]["czlonek"]  # the form itself unchanged
    assert "oneOf" not in PLAN["properties"]["cele"]["items"]["properties"]["czlonek"]


def test_without_the_household_the_field_stays_text_and_the_answer_is_not_lost():
    view = formview.build(formview.with_choices(PLAN, {}), PLAN_UI, {"pozycje_planu": [{"czlonek": "anna"}]}, {})
    field = document(render(view)).get_element_by_id("f-pozycje_planu-0-czlonek")
    assert (field.tag, field.get("value")) == ("input", "anna")


def test_answers_show_names_titles_dates_in_words_and_amounts_in_zloty():
    view = formview.build(formview.with_choices(PLAN, HOUSEHOLD), PLAN_UI, {"pozycje_planu": [ITEM]}, {})
    answers = _answers(view)
    assert answers["Usługa"] == "Terapia uzależnień"
    assert answers["Członek rodziny"] == "Marek"
    assert answers["Od"] == "1 grudnia 2026"
    assert answers["Do"] == "20 grudnia 2026"
    assert answers["Koszt szacunkowy (zł)"] == "1\u00a0200,50\u00a0zł"
    assert answers["Liczba jednostek (sesji, godzin, sztuk)"] == "1\u00a0200"


def test_the_page_writes_dates_and_numbers_in_its_language():
    view = formview.build(PLAN, PLAN_UI, {"pozycje_planu": [ITEM]}, {})
    [row] = formview.values_for_display(view, formats=BabelFormats("en"))[1].rows
    answers = {item.label: item.text for item in row}
    assert (answers["Do"], answers["Koszt szacunkowy (zł)"]) == ("December 20, 2026", "1,200.50\u00a0zł")


def test_the_input_keeps_the_number_as_typed_for_correcting():
    view = formview.build(PLAN, PLAN_UI, {"pozycje_planu": [ITEM]}, {})
    field = document(render(view)).get_element_by_id("f-pozycje_planu-0-koszt_szacunkowy")
    assert field.get("value") == "1200,5"


@pytest.mark.parametrize(
    ("typed", "number", "integer"),
    [
        ("1 200,50", 1200.5, None),
        ("1\u00a0200,50", 1200.5, None),
        ("1\u202f200", 1200, 1200),
        ("1 200", 1200, 1200),
        ("1.200,50", 1200.5, None),
        ("1.200", 1.2, 1200),
        ("1 200,50 zł", 1200.5, None),
        ("350 PLN", 350, 350),
        ("\u22123", -3, -3),
        ("1,2,3", None, None),
    ],
)
def test_numbers_as_polish_people_write_them(typed, number, integer):
    schema = {"type": "object", "properties": {"kwota": {"type": "number"}, "sztuki": {"type": "integer"}}}
    parsed = formview.parse(schema, MultiDict({"kwota": typed, "sztuki": typed}))
    assert parsed.data.get("kwota") == number
    assert parsed.data.get("sztuki") == integer
    assert ("kwota" in parsed.errors) == (number is None)
