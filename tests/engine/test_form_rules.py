"""Cross-field rules and case-data choices declared in forms (``x-rules``, ``x-choices``): checked with
the JSON Schema in one pass, every message at its field; ``kooperacja validate`` checks the declarations."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cli.main import main
from engine import form_declarations, form_items, form_rules
from engine.errors import FieldError, InvalidFormData

FORMS = Path(__file__).parents[2] / "forms"
BACKWARDS = "Koniec nie może być przed początkiem."
MEMBER = {
    "type": "string",
    "x-choices": {
        "from": "czlonkowie",
        "value": "id",
        "title": "imie",
        "also": [{"const": "rodzina", "title": "Cała"}],
    },
}
SCHEMA = {
    "type": "object",
    "required": ["pozycje"],
    "properties": {
        "pozycje": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["usluga"],
                "properties": {
                    "usluga": {"type": "string"},
                    "czlonek": MEMBER,
                    "od": {"type": "string", "format": "date"},
                    "do": {"type": "string", "format": "date"},
                    "koszt": {"type": "number"},
                },
                "x-rules": [{"rule": "not_before", "field": "do", "other": "od", "message": BACKWARDS}],
            },
        },
        "decyzja": {"type": "string"},
        "budzet": {"type": "number"},
        "start": {"type": "string", "format": "date"},
    },
    "x-rules": [
        {
            "rule": "at_least",
            "field": "budzet",
            "other": {"sum": "pozycje", "of": "koszt"},
            "when": {"field": "decyzja", "equals": "tak"},
            "message": "Budżet za mały.",
        },
        {"rule": "not_before", "field": "start", "other": {"data": "pozycja.data_od"}, "message": "Za wcześnie."},
    ],
}
CASE = {
    "czlonkowie": [{"id": "marek", "imie": "Marek"}, {"id": "anna", "imie": "Anna"}],
    "pozycja": {"data_od": "2026-12-01"},
}


def errors_of(data, case=CASE) -> list[FieldError]:
    with pytest.raises(InvalidFormData) as refused:
        form_rules.validate(SCHEMA, data, case)
    return refused.value.errors


def test_schema_errors_rule_errors_and_choice_errors_come_together():
    data = {
        "pozycje": [
            {"czlonek": "tomek", "od": "2026-12-20", "do": "2026-12-01"},
            {"usluga": "x", "czlonek": "rodzina", "od": "2026-12-01", "do": "2026-12-01"},
        ]
    }
    assert errors_of(data) == [
        FieldError("pozycje.0.usluga", "To pole jest wymagane."),
        FieldError("pozycje.0.czlonek", form_rules.CHOICE_MESSAGE),
        FieldError("pozycje.0.do", BACKWARDS),
    ]


def test_members_are_accepted_by_id_and_listed_with_names():
    data = {"pozycje": [{"usluga": "x", "czlonek": "anna"}, {"usluga": "y", "czlonek": "rodzina"}]}
    assert form_rules.validate(SCHEMA, data, CASE) == data
    assert form_rules.choice_lists(SCHEMA, CASE) == {"czlonkowie": (("marek", "Marek"), ("anna", "Anna"))}
    assert form_rules.choice_lists(SCHEMA, {}) == {"czlonkowie": ()}
    assert [e.path for e in errors_of(data, case={})] == ["pozycje.0.czlonek"]  # no household: nobody to name


def test_a_rule_only_when_its_condition_holds_and_its_values_are_there():
    items = [{"usluga": "a", "koszt": 1000}, {"usluga": "b", "koszt": 200.5}, {"usluga": "c"}]
    assert errors_of({"pozycje": items, "decyzja": "tak", "budzet": 1200}) == [FieldError("budzet", "Budżet za mały.")]
    assert form_rules.validate(SCHEMA, {"pozycje": items, "decyzja": "tak", "budzet": 1200.5}, CASE)
    assert form_rules.validate(SCHEMA, {"pozycje": items, "decyzja": "nie", "budzet": 1}, CASE)
    assert form_rules.validate(SCHEMA, {"pozycje": items, "decyzja": "tak"}, CASE)  # no budget given: not a rule's job


def test_a_rule_compares_with_the_case_data():
    assert errors_of({"pozycje": [], "start": "2026-11-30"}) == [FieldError("start", "Za wcześnie.")]
    assert form_rules.validate(SCHEMA, {"pozycje": [], "start": "2026-12-01"}, CASE)
    assert form_rules.validate(SCHEMA, {"pozycje": [], "start": "2026-11-30"}, {})  # nothing to compare with


def test_an_unreadable_value_is_the_schemas_problem_not_a_rules():
    data = {"pozycje": [{"usluga": "x", "od": "2026-12-20", "do": "20.12.2026"}]}
    assert errors_of(data) == [FieldError("pozycje.0.do", "Podaj datę w formacie RRRR-MM-DD.")]


def test_the_models_forms_declare_correctly():
    for path in sorted(FORMS.glob("*.schema.json")):
        assert form_declarations.problems(path.name, json.loads(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"rule": "not_before", "field": "do", "other": "odd", "message": "m"}, "porównuje z polem 'odd'"),
        ({"rule": "not_before", "field": "koniec", "other": "od", "message": "m"}, "dotyczy pola 'koniec'"),
        ({"rule": "later", "field": "do", "other": "od", "message": "m"}, "Nieznana reguła 'later'"),
        ({"rule": "not_before", "field": "do", "other": "od"}, "musi mieć komunikat"),
        ({"rule": "at_least", "field": "do", "other": {"sum": "x"}, "message": "m"}, "Suma wymaga"),
        ({"rule": "at_least", "field": "do", "other": "od", "when": {"field": "x"}, "message": "m"}, "Warunek"),
    ],
)
def test_declarations_that_name_missing_fields_are_found(rule, expected):
    schema = json.loads(json.dumps(SCHEMA))
    schema["properties"]["pozycje"]["items"]["x-rules"] = [rule]
    [(where, message)] = form_declarations.schema_problems(schema)
    assert where == "/properties/pozycje/items/x-rules/0"
    assert expected in message


def test_choices_need_a_list_and_a_plain_text_field():
    schema = {"type": "object", "properties": {"a": {"type": "integer", "x-choices": {"from": "czlonkowie"}}}}
    assert [w for w, _ in form_declarations.schema_problems(schema)] == ["/properties/a/x-choices"]
    schema["properties"]["a"] = {"type": "string", "x-choices": {"from": ""}}
    assert [w for w, _ in form_declarations.schema_problems(schema)] == ["/properties/a/x-choices"]


def test_kooperacja_validate_reports_a_rule_naming_a_missing_field(tmp_path, capsys):
    project = tmp_path / "projekt"
    shutil.copytree(FORMS.parent / "processes", project / "processes")
    shutil.copytree(FORMS, project / "forms")
    plan = project / "forms" / "plan_ipw.schema.json"
    schema = json.loads(plan.read_text(encoding="utf-8"))
    schema["properties"]["pozycje_planu"]["items"]["x-rules"][0]["other"] = "data_odd"
    plan.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")

    assert main(["validate", str(project / "processes")]) == 1
    output = capsys.readouterr().out
    assert "plan_ipw.schema.json" in output and "'data_odd'" in output


def test_an_unnamed_item_is_labelled_with_the_titles_of_the_form_that_describes_it():
    forms = {name.name: json.loads(name.read_text(encoding="utf-8")) for name in FORMS.glob("*.json")}
    item = {"id": "P2", "usluga": "wsparcie_psychologiczne", "czlonek": "ewelina", "wlasciciel": "NGO"}
    item |= {"zrodlo": "zakup", "data_od": "2026-12-10", "data_do": "2027-06-08", "liczba_jednostek": 6}
    item |= {"status": "zaplanowana", "zamowienie": {"realizator": "X"}}  # added by the process
    schema, ui = form_items.item_form(forms, item)
    assert schema is forms["plan_ipw.schema.json"]["properties"]["pozycje_planu"]["items"]
    assert ui["koszt_szacunkowy"] == {"ui:options": {"unit": "zł"}}
    assert form_items.subject(forms, item, "P2 – wsparcie_psychologiczne") == "P2 – Wsparcie psychologiczne (psycholog)"
    member = {"id": "anna", "imie": "Anna", "wiek": 43, "pokrewienstwo": "malzonek_partner"}
    assert form_items.subject(forms, member, "Anna") == "Anna"
    assert form_items.item_form(forms, {"rola": "PUP"}) == (None, None)  # too little to tell
