"""Sample data for the form editor: a document made from a form's JSON Schema, checked against it.

The sample starts from each field's ``default`` or first of its ``examples``; a required field with
neither gets the smallest value its type, choices, format and bounds allow, so the first sample of a
sound schema is a valid document. The check is the engine's own (``engine.forms.validate``), the one
a worker's submission passes, so every problem it lists is one a worker would see.
"""

from __future__ import annotations

import json

from flask_babel import gettext as _

from engine import forms
from engine.errors import InvalidFormData

_FORMAT_SAMPLES = {
    "date": "2026-01-15",
    "date-time": "2026-01-15T10:00:00+01:00",
    "email": "jan.kowalski@example.pl",
    "uuid": "00000000-0000-4000-8000-000000000001",
}
MAX_DEPTH = 8


def sample(schema: dict, depth: int = 0) -> dict:
    """A document for the object ``schema``: defaults, examples, and minimal values of required fields."""
    properties = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
    required = schema.get("required") if isinstance(schema.get("required"), list) else []
    document = {}
    for name, field in properties.items():
        if not isinstance(field, dict) or field.get("readOnly"):
            continue
        if "default" in field:
            document[name] = field["default"]
        elif isinstance(field.get("examples"), list) and field["examples"]:
            document[name] = field["examples"][0]
        elif name in required and depth < MAX_DEPTH:
            document[name] = _minimal(field, depth + 1)
    return document


def _minimal(field: dict, depth: int):
    if "const" in field:
        return field["const"]
    choices = _choices(field)
    if choices:
        return choices[0]
    kind = field.get("type")
    kind = kind[0] if isinstance(kind, list) and kind else kind
    if kind == "object":
        return sample(field, depth)
    if kind == "array":
        items = field.get("items") if isinstance(field.get("items"), dict) else {}
        count = int(field.get("minItems") or 0)
        choices = _choices(items)
        if choices and field.get("uniqueItems"):  # distinct rows: one choice each
            return choices[:count]
        return [_minimal(items, depth + 1) for _ in range(count)]
    if kind in ("integer", "number"):
        return field.get("minimum", field.get("exclusiveMinimum", -1) + 1)
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    text = _FORMAT_SAMPLES.get(field.get("format"), _("przykład"))
    return text.ljust(int(field.get("minLength") or 0), "x")


def _choices(field: dict) -> list:
    if isinstance(field.get("enum"), list) and field["enum"]:
        return field["enum"]
    options = field.get("oneOf") or field.get("anyOf") or []
    return [o["const"] for o in options if isinstance(o, dict) and "const" in o]


def parse(text: str) -> tuple[dict | None, list[str]]:
    """(the sample, or None; the problems reading it as a JSON object)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        return None, [
            _("Przykładowe dane: błąd JSON w wierszu %(line)d: %(message)s", line=error.lineno, message=error.msg)
        ]
    if not isinstance(value, dict):
        return None, [_("Przykładowe dane muszą być obiektem JSON.")]
    return value, []


def check(schema: dict, document: dict) -> dict[str, list[str]]:
    """Every problem of ``document`` against ``schema``: dotted field path ("" for the whole) -> messages."""
    try:
        forms.validate(schema, document)
    except InvalidFormData as error:
        return error.by_field()
    except Exception as error:  # a schema still being written may not even compile; say so, do not fail
        return {"": [_("Nie da się sprawdzić danych tym schematem: %(error)s", error=str(error)[:200])]}
    return {}


def label(schema: dict, path: str) -> str:
    """A dotted field path in the form's words: titles of the fields, row numbers counted from 1."""
    words, node = [], schema
    for part in path.split("."):
        if part.isdigit():
            words.append(_("wiersz %(number)d", number=int(part) + 1))
            node = node.get("items") if isinstance(node.get("items"), dict) else {}
            continue
        properties = node.get("properties") if isinstance(node.get("properties"), dict) else {}
        node = properties.get(part) if isinstance(properties.get(part), dict) else {}
        words.append(str(node.get("title") or part))
    return " › ".join(words)
