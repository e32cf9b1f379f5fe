"""The form editor's sample data: made from each form's schema, the form accepts it but for what no schema can tell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from web import create_app
from web.analyst import form_sample

REPO = Path(__file__).parents[3]
SCHEMAS = sorted((REPO / "forms").glob("*.schema.json"))
#: What a generated sample cannot guess: a pattern, or a rule over a list (``contains``) or across fields.
NOT_GUESSED = ("pattern", "contains", "if", "allOf", "not")


def _node(schema: dict, path: str) -> dict:
    for part in path.split(".") if path else ():
        schema = schema.get("items", {}) if part.isdigit() else schema.get("properties", {}).get(part, {})
    return schema


@pytest.fixture
def context():
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "ENGINE": object()})
    with app.test_request_context():
        yield


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_the_first_sample_of_every_form_of_the_model_is_valid(context, path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    problems = form_sample.check(schema, form_sample.sample(schema))
    # the check names what the sample could not guess, as it would to a worker; nothing else is wrong
    assert all(any(key in _node(schema, field) for key in NOT_GUESSED) for field in problems), problems


def test_defaults_examples_and_minimal_values_and_every_problem_in_words(context):
    schema = {
        "type": "object",
        "required": ["data", "liczba", "osoby", "rodzaj"],
        "properties": {
            "data": {"type": "string", "format": "date", "title": "Data"},
            "liczba": {"type": "integer", "minimum": 3},
            "osoby": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["imie"],
                    "properties": {"imie": {"type": "string", "title": "Imię", "minLength": 12}},
                },
            },
            "rodzaj": {"type": "string", "oneOf": [{"const": "a"}, {"const": "b"}]},
            "uwagi": {"type": "string", "default": "brak"},
            "miejsce": {"type": "string", "examples": ["Rzeszów"]},
            "pomijane": {"type": "string"},
        },
    }
    document = form_sample.sample(schema)
    assert document == {
        "data": "2026-01-15",
        "liczba": 3,
        "osoby": [{"imie": "przykładxxxx"}],
        "rodzaj": "a",
        "uwagi": "brak",
        "miejsce": "Rzeszów",
    }
    assert form_sample.check(schema, document) == {}
    problems = form_sample.check(schema, {"liczba": "trzy", "osoby": [{"imie": ""}], "obce": 1})
    assert set(problems) == {"data", "liczba", "osoby.0.imie", "rodzaj", "obce"}
    assert problems["obce"] == ["Formularz nie przewiduje tego pola."]
    assert form_sample.label(schema, "osoby.0.imie") == "osoby › wiersz 1 › Imię"
    assert form_sample.parse("[]") == (None, ["Przykładowe dane muszą być obiektem JSON."])
    assert form_sample.parse("{")[1][0].startswith("Przykładowe dane: błąd JSON w wierszu 1")
