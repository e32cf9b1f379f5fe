"""Reading a submission back: conversions, raw input kept with a Polish error, rows, ignored names."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from engine.forms import validate
from tests.web.formview.support import document, load, render, submission
from web import formview

PLAN, PLAN_UI = load("plan_ipw")
ROW = {
    "pozycje_planu.0.id": "P1",
    "pozycje_planu.0.usluga": "rehabilitacja",
    "pozycje_planu.0.czlonek": "marek",
    "pozycje_planu.0.wlasciciel": "PCPR",
    "pozycje_planu.0.zrodlo": "zakup",
    "pozycje_planu.0.data_od": "2024-05-01",
    "pozycje_planu.0.data_do": "2024-06-30",
}


def _form(pairs) -> MultiDict:
    return MultiDict(list(pairs.items()) if isinstance(pairs, dict) else pairs)


def test_a_number_that_does_not_convert_is_kept_with_a_polish_error_and_shown_again():
    submitted = _form(ROW | {"pozycje_planu.0.liczba_jednostek": "dwa", "pozycje_planu.0.koszt_szacunkowy": "1 200,50"})
    parsed = formview.parse(PLAN, submitted)

    assert parsed.raw == {"pozycje_planu.0.liczba_jednostek": "dwa"}
    assert parsed.errors == {"pozycje_planu.0.liczba_jednostek": ["Wpisz liczbę całkowitą (same cyfry, np. 12)."]}
    assert "liczba_jednostek" not in parsed.data["pozycje_planu"][0]
    assert parsed.data["pozycje_planu"][0]["koszt_szacunkowy"] == 1200.5
    assert parsed.values["pozycje_planu"][0]["liczba_jednostek"] == "dwa"

    doc = document(render(formview.build(PLAN, PLAN_UI, parsed.values, parsed.errors)))
    field = doc.get_element_by_id("f-pozycje_planu-0-liczba_jednostek")
    assert field.get("value") == "dwa"
    assert field.get("aria-invalid") == "true"
    assert "Wpisz liczbę całkowitą" in doc.get_element_by_id("f-pozycje_planu-0-liczba_jednostek--error").text_content()
    assert doc.xpath("//div[@data-error-summary]//a/@href") == ["#f-pozycje_planu-0-liczba_jednostek"]


def test_numbers_accept_a_decimal_comma_spaces_and_signs_but_not_other_text():
    schema = {
        "type": "object",
        "properties": {"ile": {"type": "integer"}, "kwota": {"type": "number"}},
    }
    cases = {
        ("12", "12,50"): {"ile": 12, "kwota": 12.5},
        ("-3", "1 234.5"): {"ile": -3, "kwota": 1234.5},
        ("+7", "0,75"): {"ile": 7, "kwota": 0.75},
        ("1\u00a0000", "100"): {"ile": 1000, "kwota": 100},
    }
    for (ile, kwota), expected in cases.items():
        assert formview.parse(schema, _form({"ile": ile, "kwota": kwota})).data == expected
    refused = formview.parse(schema, _form({"ile": "12,5", "kwota": "1e5"}))
    assert refused.data == {}
    assert refused.raw == {"ile": "12,5", "kwota": "1e5"}
    assert refused.errors == {
        "ile": ["Wpisz liczbę całkowitą (same cyfry, np. 12)."],
        "kwota": ["Wpisz liczbę, np. 12 lub 12,50."],
    }


def test_strings_are_trimmed_and_empty_inputs_left_out():
    schema, _ui = load("nominacja_rodziny")
    parsed = formview.parse(schema, _form({"rodzina_nazwa": "  Nowakowscy \r\n", "gmina": "   ", "opis_sytuacji": ""}))
    assert parsed.data == {"rodzina_nazwa": "Nowakowscy", "kody_problemow": [], "czlonkowie": []}


def test_textarea_line_ends_become_newlines():
    schema = {"type": "object", "properties": {"opis": {"type": "string"}}}
    assert formview.parse(schema, _form({"opis": "a\r\nb\rc"})).data == {"opis": "a\nb\nc"}


def test_booleans_come_from_true_and_false_and_false_is_kept():
    schema, ui = load("zgoda_czlonka")
    parsed = formview.parse(schema, _form({"zgoda_udzielona": "false", "klauzula_informacyjna_przekazana": "true"}))
    assert parsed.data["zgoda_udzielona"] is False
    assert parsed.data["klauzula_informacyjna_przekazana"] is True

    html = render(formview.build(schema, ui, parsed.data, {}))
    assert formview.parse(schema, submission(html)).data["zgoda_udzielona"] is False

    tampered = formview.parse(schema, _form({"zgoda_udzielona": "może"}))
    assert tampered.errors == {"zgoda_udzielona": ["Wybierz „Tak” albo „Nie”."]}
    assert tampered.values["zgoda_udzielona"] == "może"


def test_a_date_typed_the_polish_way_becomes_an_iso_date():
    schema, _ui = load("kwalifikacja_rodziny")
    assert formview.parse(schema, _form({"data_kwalifikacji": "7.05.2024"})).data["data_kwalifikacji"] == "2024-05-07"


def test_rows_come_back_in_index_order_and_entirely_empty_rows_are_dropped():
    schema, _ui = load("nominacja_rodziny")
    submitted = _form(
        [
            ("czlonkowie.10.imie", "Kacper"),
            ("czlonkowie.2", ""),
            ("czlonkowie.2.imie", "  "),
            ("czlonkowie.2.wiek", ""),
            ("czlonkowie.2.pokrewienstwo", ""),
            ("czlonkowie.1.imie", "Anna"),
            ("czlonkowie.1.wiek", "41"),
            ("czlonkowie.3", ""),  # a row whose radios and checkboxes are all unticked
        ]
    )
    parsed = formview.parse(schema, submitted)
    assert parsed.data["czlonkowie"] == [{"imie": "Anna", "wiek": 41}, {"imie": "Kacper"}]


def test_error_paths_follow_the_rows_that_were_kept():
    schema, _ui = load("nominacja_rodziny")
    submitted = _form({"czlonkowie.0.imie": "", "czlonkowie.1.imie": "Anna", "czlonkowie.1.wiek": "czterdzieści"})
    parsed = formview.parse(schema, submitted)
    assert parsed.errors == {"czlonkowie.0.wiek": ["Wpisz liczbę całkowitą (same cyfry, np. 12)."]}
    assert parsed.values["czlonkowie"] == [{"imie": "Anna", "wiek": "czterdzieści"}]


def test_a_row_with_any_input_is_kept_even_if_it_is_incomplete():
    submitted = _form({"pozycje_planu.0.uwagi_nieznane": "x", "pozycje_planu.1.opis": "Tylko opis"})
    assert formview.parse(PLAN, submitted).data["pozycje_planu"] == [{"opis": "Tylko opis"}]


def test_a_row_action_keeps_empty_rows_so_row_numbers_match_the_page():
    submitted = _form(
        [("cele.0", ""), ("cele.0.cel", ""), ("cele.1", ""), ("cele.1.cel", "Praca"), ("_action", "add:cele")]
    )
    assert formview.parse(PLAN, submitted).values["cele"] == [{}, {"cel": "Praca"}]
    assert formview.parse(PLAN, submitted, keep_empty_rows=False).values["cele"] == [{"cel": "Praca"}]


def test_unknown_names_control_fields_and_read_only_fields_are_ignored():
    schema = {
        "type": "object",
        "properties": {"imie": {"type": "string"}, "numer": {"type": "string", "readOnly": True}},
    }
    submitted = _form(
        {"imie": "Ala", "numer": "X-1", "csrf_token": "abc", "_action": "complete", "inne": "1", "imie.x": "2"}
    )
    assert formview.parse(schema, submitted).data == {"imie": "Ala"}


def test_nothing_ticked_in_a_required_multiple_choice_means_an_empty_list():
    schema, ui = load("zaproszenie_instytucji")
    html = render(formview.build(schema, ui, {"termin_warsztatu": "2024-06-03"}, {}))
    data = formview.parse(schema, submission(html)).data
    assert data == {"role_dodatkowe": [], "role_pominiete": [], "termin_warsztatu": "2024-06-03"}
    assert validate(schema, data) == data


def test_ticked_boxes_come_back_as_a_list_in_the_forms_order():
    schema, _ui = load("zgoda_czlonka")
    submitted = _form(
        [("instytucje_wylaczone", "Policja"), ("instytucje_wylaczone", "PUP"), ("instytucje_wylaczone", "PUP")]
    )
    assert formview.parse(schema, submitted).data["instytucje_wylaczone"] == ["Policja", "PUP"]


def test_a_list_of_plain_texts_is_rebuilt_from_its_rows():
    schema, ui = load("anulowanie_uslug_czlonka")
    submitted = _form({"anulowane_pozycje.0": " P2 ", "anulowane_pozycje.1": "", "anulowane_pozycje.2": "P5"})
    assert formview.parse(schema, submitted).data["anulowane_pozycje"] == ["P2", "P5"]


def test_a_field_name_nested_deeper_than_any_form_is_ignored():
    deep_name = "pozycje_planu.0." + ".".join(["x"] * 100_000)
    parsed = formview.parse(PLAN, _form(ROW | {deep_name: "1"}))
    assert parsed.errors == {}
    assert parsed.data["pozycje_planu"][0]["id"] == "P1"
    assert deep_name not in parsed.raw
