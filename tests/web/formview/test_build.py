"""What the form shows: widgets, defaults, read-only fields, and errors placed at their fields."""

from __future__ import annotations

import pytest

from engine.errors import InvalidFormData
from engine.forms import validate
from tests.web.formview.support import document, load, render
from web import formview
from web.formview import schema as s


def _fields(view):
    return {field.name: field for field in _walk(view.fields)}


def _walk(fields):
    for field in fields:
        yield field
        yield from _walk(field.children)
        yield from _walk(tuple(row.field for row in field.rows))


def _engine_errors(schema, data) -> dict[str, list[str]]:
    with pytest.raises(InvalidFormData) as refused:
        validate(schema, data)
    return refused.value.by_field()


def test_fields_follow_ui_order_then_the_rest_in_schema_order():
    schema = {"type": "object", "properties": {name: {"type": "string"} for name in ("a", "b", "c", "d")}}
    view = formview.build(schema, {"ui:order": ["c", "a"]}, {}, {})
    assert [f.name for f in view.fields] == ["c", "a", "b", "d"]
    view = formview.build(schema, {"ui:order": ["d", "*", "a", "nieznane"]}, {}, {})
    assert [f.name for f in view.fields] == ["d", "b", "c", "a"]


def test_widgets_follow_the_schema_and_the_ui_schema():
    fields = _fields(formview.build(*load("plan_ipw"), {"pozycje_planu": [{}]}, {}))
    kinds = {name: field.kind for name, field in fields.items()}
    assert kinds["cele"] == kinds["pozycje_planu"] == "array"
    assert kinds["pozycje_planu.0.usluga"] == "select"  # 22 options
    assert kinds["pozycje_planu.0.zrodlo"] == "radio"  # required, 3 options
    assert kinds["pozycje_planu.0.opis"] == "textarea"
    assert fields["pozycje_planu.0.opis"].textarea_rows == 4
    assert kinds["pozycje_planu.0.data_od"] == "date"
    assert kinds["pozycje_planu.0.liczba_jednostek"] == "number"
    assert fields["pozycje_planu.0.liczba_jednostek"].inputmode == "numeric"
    assert fields["pozycje_planu.0.koszt_szacunkowy"].inputmode == "decimal"
    assert kinds["kontrakt_socjalny_planowany"] == "yesno"
    nomination = _fields(formview.build(*load("nominacja_rodziny"), {}, {}))
    assert nomination["kody_problemow"].kind == "checkboxes"
    assert nomination["wariant"].kind == "radio"
    assert nomination["czlonkowie.0.id"].hints[-1] == "np. marek, anna, kacper"


def test_defaults_prefill_only_when_the_data_has_no_value():
    schema, ui = load("nominacja_rodziny")
    fresh = _fields(formview.build(schema, ui, {}, {}))
    assert [c.checked for c in fresh["nadzor_kuratora"].choices] == [False, True]
    given = _fields(formview.build(schema, ui, {"nadzor_kuratora": True}, {}))
    assert [c.checked for c in given["nadzor_kuratora"].choices] == [True, False]
    consent = _fields(formview.build(*load("zgoda_czlonka"), {}, {}))
    assert [c.checked for c in consent["zgoda_udzielona"].choices] == [False, False], "a required yes/no has no default"


def test_yes_no_is_a_radio_pair_named_tak_and_nie():
    doc = document(render(formview.build(*load("zgoda_czlonka"), {"zgoda_udzielona": False}, {})))
    group = doc.xpath("//fieldset[.//input[@name='zgoda_udzielona']]")[0]
    assert group.get("role") == "radiogroup" and group.get("aria-required") == "true"
    assert "Osoba wyraża zgodę (wymagane)" in group.xpath("legend")[0].text_content()
    radios = group.xpath(".//input")
    assert [(r.get("type"), r.get("value"), r.get("checked") is not None) for r in radios] == [
        ("radio", "true", False),
        ("radio", "false", True),
    ]
    assert [doc.xpath("//label[@for=$id]", id=r.get("id"))[0].text_content() for r in radios] == ["Tak", "Nie"]


def test_hints_and_required_marks_are_text_linked_to_the_input():
    doc = document(render(formview.build(*load("nominacja_rodziny"), {}, {})))
    field = doc.get_element_by_id("f-rodzina_nazwa")
    assert doc.xpath("//label[@for='f-rodzina_nazwa']")[0].text_content() == "Rodzina (wymagane)"
    assert field.get("aria-describedby") == "f-rodzina_nazwa--hint"
    assert "Nowakowscy" in doc.get_element_by_id("f-rodzina_nazwa--hint").text_content()
    assert doc.xpath("//label[@for='f-gmina']")[0].text_content() == "Gmina", "optional fields carry no mark"


def test_engine_errors_at_nested_paths_are_shown_at_their_fields():
    schema, ui = load("plan_ipw")
    data = {
        "cele": [{"czlonek": "marek", "cel": "Praca"}],
        "pozycje_planu": [
            {
                "id": "P1",
                "czlonek": "marek",
                "wlasciciel": "PUP",
                "zrodlo": "zakup",
                "data_od": "2024-05-01",
                "data_do": "2024-06-01",
                "liczba_jednostek": 0,
            },
        ],
        "kontrakt_socjalny_planowany": False,
        "nieznane": "x",
    }
    errors = _engine_errors(schema, data)
    assert set(errors) == {
        "pozycje_planu.0.usluga",
        "pozycje_planu.0.koszt_szacunkowy",
        "pozycje_planu.0.liczba_jednostek",
        "nieznane",
    }
    doc = document(render(formview.build(schema, ui, data, errors)))

    for path in ("pozycje_planu.0.usluga", "pozycje_planu.0.koszt_szacunkowy", "pozycje_planu.0.liczba_jednostek"):
        control = doc.get_element_by_id(s.field_id(path))
        assert control.get("aria-invalid") == "true", path
        assert s.field_id(path) + "--error" in control.get("aria-describedby").split()
        assert errors[path][0] in doc.get_element_by_id(s.field_id(path) + "--error").text_content()
    summary = doc.xpath("//div[@data-error-summary]//li")
    texts = [item.text_content() for item in summary]
    assert texts[0] == "Koszyk usług, pozycja 1 – Usługa: To pole jest wymagane."
    assert texts[-1] == "Formularz nie przewiduje tego pola.", "an error naming no field is listed, unlinked"
    assert summary[-1].xpath("a") == []
    assert summary[0].xpath("a/@href") == ["#f-pozycje_planu-0-usluga"]


def test_a_missing_group_is_reported_at_the_group_and_links_to_its_add_button():
    schema, ui = load("plan_ipw")
    errors = _engine_errors(
        schema,
        {"cele": [{"czlonek": "marek", "cel": "Praca"}], "pozycje_planu": [], "kontrakt_socjalny_planowany": True},
    )
    assert errors == {"pozycje_planu": ["Dodaj co najmniej 1 pozycję."]}
    view = formview.build(schema, ui, {"pozycje_planu": []}, errors)
    doc = document(render(view))
    group = doc.get_element_by_id("f-pozycje_planu")
    assert "f-pozycje_planu--error" in group.get("aria-describedby")
    assert doc.xpath("//div[@data-error-summary]//a/@href") == ["#f-pozycje_planu--add"]


def test_a_missing_choice_in_a_radio_group_marks_the_group():
    schema, ui = load("zgoda_czlonka")
    errors = _engine_errors(schema, {"data_oswiadczenia": "2024-05-01", "klauzula_informacyjna_przekazana": True})
    doc = document(render(formview.build(schema, ui, {}, errors)))
    group = doc.xpath("//fieldset[.//input[@name='zgoda_udzielona']]")[0]
    assert group.get("aria-invalid") == "true"
    assert "f-zgoda_udzielona--error" in group.get("aria-describedby")
    assert doc.xpath("//div[@data-error-summary]//a/@href") == ["#f-zgoda_udzielona"]
    assert doc.get_element_by_id("f-zgoda_udzielona").get("value") == "true", "the link lands on the first radio"


def test_the_error_summary_takes_the_focus_instead_of_a_row():
    schema, ui = load("plan_ipw")
    view = formview.build(schema, ui, {"cele": [{}]}, {"uwagi": ["Za długie."]}, focus="row-cele-0")
    doc = document(render(view))
    assert doc.xpath("//*[@autofocus]/@data-error-summary") == [""]
    assert len(doc.xpath("//*[@autofocus]")) == 1


def test_read_only_fields_are_text_never_inputs():
    schema = {
        "type": "object",
        "properties": {
            "numer": {"type": "string", "title": "Numer sprawy", "readOnly": True},
            "wariant": {
                "type": "string",
                "title": "Wariant",
                "readOnly": True,
                "oneOf": [{"const": "wiejski", "title": "Gmina wiejska"}],
            },
            "pilna": {"type": "boolean", "title": "Pilna", "readOnly": True},
            "uwagi": {"type": "string", "title": "Uwagi"},
        },
        "required": ["numer"],
    }
    doc = document(render(formview.build(schema, {}, {"numer": "K/1/2024", "wariant": "wiejski", "pilna": True}, {})))
    assert doc.xpath("//form//*[self::input or self::select or self::textarea]/@name") == ["uwagi"]
    form = doc.forms[0]
    assert [dd.text_content().strip() for dd in form.xpath(".//dl/dd")] == ["K/1/2024", "Gmina wiejska", "Tak"]
    assert "(wymagane)" not in form.text_content()


def test_read_only_dates_and_amounts_are_written_for_people():
    schema = {
        "type": "object",
        "properties": {
            "data_wycofania": {"type": "string", "title": "Data wycofania", "format": "date", "readOnly": True},
            "kwota": {"type": "number", "title": "Kwota", "readOnly": True},
        },
    }
    ui = {"kwota": {"ui:options": {"unit": "zł"}}}
    doc = document(render(formview.build(schema, ui, {"data_wycofania": "2025-06-10", "kwota": 1200.5}, {})))
    form = doc.forms[0]
    assert [dd.text_content().strip() for dd in form.xpath(".//dl/dd")] == ["10 czerwca 2025", "1\u00a0200,50\u00a0zł"]


def test_a_value_the_form_no_longer_offers_stays_visible():
    schema, ui = load("plan_ipw")
    fields = _fields(formview.build(schema, ui, {"pozycje_planu": [{"usluga": "stara_usluga"}]}, {}))
    chosen = [c for c in fields["pozycje_planu.0.usluga"].choices if c.checked]
    assert [(c.value, c.label) for c in chosen] == [("stara_usluga", "stara_usluga")]


def test_ids_stay_unique_for_names_with_other_characters():
    schema = {
        "type": "object",
        "properties": {
            "a-b": {"type": "string"},
            "a": {"type": "object", "properties": {"b": {"type": "string"}, "hint": {"type": "string"}}},
            "x.y": {"type": "string"},
            "_ukryte": {"type": "string"},
        },
    }
    view = formview.build(schema, {}, {}, {"a": ["Błąd grupy."]})
    doc = document(render(view))
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids))
    assert doc.xpath("//form//input/@name") == ["a-b", "a.b", "a.hint"], "names a dotted path cannot carry are skipped"


def test_numbers_are_shown_with_a_decimal_comma():
    schema, ui = load("zamowienie_uslugi")
    fields = _fields(formview.build(schema, ui, {"kwota_zamowienia": 1250.75}, {}))
    assert fields["kwota_zamowienia"].value == "1250,75"
    fields = _fields(formview.build(schema, ui, {"kwota_zamowienia": 300.0}, {}))
    assert fields["kwota_zamowienia"].value == "300"


def test_a_required_list_that_may_stay_empty_is_not_marked_required():
    fields = _fields(formview.build(*load("zaproszenie_instytucji"), {}, {}))
    assert not fields["role_dodatkowe"].required
    assert fields["termin_warsztatu"].required
    assert _fields(formview.build(*load("nominacja_rodziny"), {}, {}))["kody_problemow"].required
