"""Form data checked against a task's JSON Schema: every problem, per field, in Polish."""

from __future__ import annotations

import pytest

from engine import forms
from engine.errors import FieldError, InvalidFormData

SCHEMA = {
    "type": "object",
    "required": ["rodzina", "pilne"],
    "properties": {
        "rodzina": {"type": "string", "minLength": 1},
        "pilne": {"type": "boolean"},
        "liczba_osob": {"type": "integer", "minimum": 1},
        "problem": {"type": "string", "enum": ["ubostwo", "bezrobocie"]},
        "data_zgloszenia": {"type": "string", "format": "date"},
        "spotkanie": {"type": "string", "format": "date-time"},
        "pozycje": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["dzialanie", "termin"],
                "properties": {"dzialanie": {"type": "string"}, "termin": {"type": "string", "format": "date"}},
            },
        },
    },
}
VALID = {"rodzina": "Nowak", "pilne": False}


def errors_for(data) -> list[FieldError]:
    with pytest.raises(InvalidFormData) as raised:
        forms.validate(SCHEMA, data)
    return raised.value.errors


def test_valid_data_passes():
    full = {
        **VALID,
        "liczba_osob": 4,
        "problem": "ubostwo",
        "data_zgloszenia": "2026-02-03",
        "spotkanie": "2026-02-03T09:30:00Z",
        "pozycje": [{"dzialanie": "wizyta", "termin": "2026-03-01"}],
    }
    assert forms.validate(SCHEMA, full) == full


def test_a_missing_required_field_is_reported_at_that_field():
    assert errors_for({"pilne": True}) == [FieldError("rodzina", "To pole jest wymagane.")]


def test_every_problem_is_reported_at_once():
    assert {e.path for e in errors_for({"liczba_osob": 0})} == {"rodzina", "pilne", "liczba_osob"}


def test_a_value_of_the_wrong_type_is_reported():
    assert errors_for({**VALID, "pilne": "tak"}) == [
        FieldError("pilne", "Nieprawidłowy typ wartości (oczekiwano: tak/nie).")
    ]


def test_a_boolean_is_not_a_number():
    [error] = errors_for({**VALID, "liczba_osob": True})
    assert error.path == "liczba_osob"


def test_a_value_outside_the_enum_is_reported():
    assert errors_for({**VALID, "problem": "inne"}) == [FieldError("problem", "Wybierz jedną z dozwolonych wartości.")]


@pytest.mark.parametrize("value", ["03.02.2026", "2026-02-30", "jutro"])
def test_a_date_in_another_format_is_reported(value):
    assert errors_for({**VALID, "data_zgloszenia": value}) == [
        FieldError("data_zgloszenia", "Podaj datę w formacie RRRR-MM-DD.")
    ]


@pytest.mark.parametrize("value", ["wczoraj", "2026-02-03", "2026-02-03T09:30:00"])
def test_a_date_time_without_time_or_offset_is_reported(value):
    assert errors_for({**VALID, "spotkanie": value}) == [FieldError("spotkanie", "Podaj datę i godzinę.")]


def test_errors_inside_a_list_of_objects_name_the_item_and_field():
    pozycje = [
        {"dzialanie": "wizyta", "termin": "2026-03-01"},
        {"dzialanie": "telefon", "termin": "1 marca"},
        {"termin": "2026-03-05"},
    ]
    assert errors_for({**VALID, "pozycje": pozycje}) == [
        FieldError("pozycje.1.termin", "Podaj datę w formacie RRRR-MM-DD."),
        FieldError("pozycje.2.dzialanie", "To pole jest wymagane."),
    ]


def test_errors_can_be_grouped_by_field():
    with pytest.raises(InvalidFormData) as raised:
        forms.validate(SCHEMA, {"rodzina": "", "pilne": None})
    assert raised.value.by_field() == {
        "pilne": ["Nieprawidłowy typ wartości (oczekiwano: tak/nie)."],
        "rodzina": ["To pole nie może być puste."],
    }


@pytest.mark.parametrize("data", [None, [], "rodzina=Nowak", 3])
def test_data_that_is_not_an_object_is_refused(data):
    assert errors_for(data) == [FieldError("", "Dane formularza muszą być obiektem.")]


def test_a_task_without_a_schema_accepts_any_object_but_nothing_else():
    forms.validate(None, {"cokolwiek": 1})
    with pytest.raises(InvalidFormData):
        forms.validate(None, ["cokolwiek"])


def test_a_field_the_form_does_not_describe_is_refused_so_no_case_data_can_be_smuggled_in():
    schema = {
        "type": "object",
        "properties": {
            "uwagi": {"type": "string"},
            "osoby": {"type": "array", "items": {"type": "object", "properties": {"imie": {"type": "string"}}}},
        },
    }
    with pytest.raises(InvalidFormData) as raised:
        forms.validate(
            schema, {"uwagi": "ok", "wynik_sprawy": "zakonczona_sukcesem", "osoby": [{"imie": "A", "rola": "x"}]}
        )
    assert raised.value.by_field() == {
        "osoby.0.rola": ["Formularz nie przewiduje tego pola."],
        "wynik_sprawy": ["Formularz nie przewiduje tego pola."],
    }


def test_read_only_fields_are_shown_but_never_stored():
    schema = {
        "type": "object",
        "properties": {"czlonek": {"type": "string", "readOnly": True}, "notatka": {"type": "string"}},
    }
    assert forms.validate(schema, {"czlonek": "podmieniony", "notatka": "rozmowa"}) == {"notatka": "rozmowa"}


def test_a_list_condition_reports_its_own_description():
    schema = {
        "type": "object",
        "properties": {
            "wiek": {
                "type": "array",
                "items": {"type": "integer"},
                "description": "Co najmniej jedna osoba pełnoletnia.",
                "contains": {"minimum": 18},
            }
        },
    }
    with pytest.raises(InvalidFormData) as raised:
        forms.validate(schema, {"wiek": [7, 11]})
    assert raised.value.by_field() == {"wiek": ["Co najmniej jedna osoba pełnoletnia."]}


@pytest.mark.parametrize(
    ("count", "text"),
    [(1, "1 pozycję"), (2, "2 pozycje"), (4, "4 pozycje"), (5, "5 pozycji"), (12, "12 pozycji"), (22, "22 pozycje")],
)
def test_minimum_rows_message_uses_the_polish_plural(count, text):
    schema = {"type": "object", "properties": {"wiersze": {"type": "array", "minItems": count}}}
    with pytest.raises(InvalidFormData) as refused:
        forms.validate(schema, {"wiersze": []})
    assert refused.value.by_field() == {"wiersze": [f"Dodaj co najmniej {text}."]}
