"""Form data validation against a task's JSON Schema, with messages in Polish per field."""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry
from referencing.exceptions import NoSuchResource, Unresolvable

from engine.errors import FieldError, InvalidFormData

_FORMAT_CHECKER = FormatChecker()


def _no_retrieval(uri: str):
    """A form schema may only refer inside itself: never fetch a URL or read a file for a ``$ref``."""
    raise NoSuchResource(ref=uri)


_LOCAL_ONLY = Registry(retrieve=_no_retrieval)


@_FORMAT_CHECKER.checks("date-time", raises=ValueError)
def _is_date_time(value) -> bool:
    """RFC 3339 date and time with an offset (jsonschema checks it only with an optional package)."""
    if not isinstance(value, str):
        return True
    moment = datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    return "T" in value.upper() and moment.tzinfo is not None


_FORMATS = {
    "date": "Podaj datę w formacie RRRR-MM-DD.",
    "date-time": "Podaj datę i godzinę.",
    "email": "Podaj poprawny adres e-mail.",
}


def too_deep(content: bytes, limit: int) -> int | None:
    """The line where JSON text nests objects and arrays deeper than ``limit``, or None.

    Counted on the text, before parsing: the parser and the validator recurse, so a document nested
    thousands deep must be refused before either sees it.
    """
    depth, line, in_string, escaped = 0, 1, False, False
    for byte in content:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return line
        elif byte in (0x5D, 0x7D):
            depth -= 1
        line += byte == 0x0A
    return None


def validate(schema: dict | None, data) -> dict:
    """Raise InvalidFormData listing every problem, or return the data the task may store.

    Fields the schema does not describe are refused (a form must not set arbitrary case data), and
    ``readOnly`` fields are dropped (they show case data, the form does not change it). A task
    without a schema accepts any object.
    """
    if not isinstance(data, dict):
        raise InvalidFormData([FieldError("", "Dane formularza muszą być obiektem.")])
    if schema is None:
        return data
    validator = _validator(json.dumps(schema, sort_keys=True))
    try:
        errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    except RecursionError:
        raise InvalidFormData([FieldError("", "Dane formularza są zbyt głęboko zagnieżdżone.")]) from None
    except Unresolvable as error:
        raise InvalidFormData([FieldError("", f"Schemat formularza odwołuje się poza siebie: {error}.")]) from None
    if errors:
        raise InvalidFormData([field for error in errors for field in _field_errors(error)])
    properties = schema.get("properties", {})
    return {key: value for key, value in data.items() if not properties.get(key, {}).get("readOnly")}


@lru_cache(maxsize=512)
def _validator(schema_json: str) -> Draft202012Validator:
    schema = _closed(json.loads(schema_json))
    return Draft202012Validator(schema, format_checker=_FORMAT_CHECKER, registry=_LOCAL_ONLY)


def _closed(schema: dict) -> dict:
    """The schema with ``additionalProperties: false`` on every object that lists its properties.

    Only the form's own structure is closed (properties, array items, definitions); conditions
    such as ``contains`` or ``anyOf`` describe a part of the data and stay open.
    """
    closed = dict(schema)
    if "properties" in closed:
        closed.setdefault("additionalProperties", False)
        closed["properties"] = {key: _closed_child(value) for key, value in closed["properties"].items()}
    if isinstance(closed.get("items"), dict):
        closed["items"] = _closed(closed["items"])
    for key in ("$defs", "definitions"):
        if isinstance(closed.get(key), dict):
            closed[key] = {name: _closed_child(value) for name, value in closed[key].items()}
    return closed


def _closed_child(value):
    return _closed(value) if isinstance(value, dict) else value


def _field_errors(error: ValidationError) -> list[FieldError]:
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        base = [str(part) for part in error.absolute_path]
        known = error.schema.get("properties", {})
        return [
            FieldError(".".join([*base, key]), "Formularz nie przewiduje tego pola.")
            for key in sorted(error.instance)
            if key not in known
        ]
    return [_field_error(error)]


def _field_error(error: ValidationError) -> FieldError:
    path = [str(part) for part in error.absolute_path]
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        path.append(missing)
    return FieldError(".".join(path), _message(error))


_MESSAGES = {
    "required": lambda v: "To pole jest wymagane.",
    "type": lambda v: f"Nieprawidłowy typ wartości (oczekiwano: {_type_name(v)}).",
    "enum": lambda v: "Wybierz jedną z dozwolonych wartości.",
    "const": lambda v: "Niedozwolona wartość.",
    "minLength": lambda v: "To pole nie może być puste." if v == 1 else f"Wpisz co najmniej {v} znaków.",
    "maxLength": lambda v: f"Wpisz najwyżej {v} znaków.",
    "minimum": lambda v: f"Wartość nie może być mniejsza niż {v}.",
    "maximum": lambda v: f"Wartość nie może być większa niż {v}.",
    "exclusiveMinimum": lambda v: f"Wartość musi być większa niż {v}.",
    "exclusiveMaximum": lambda v: f"Wartość musi być mniejsza niż {v}.",
    "minItems": lambda v: f"Dodaj co najmniej {v} {_positions(v)}.",
    "maxItems": lambda v: f"Dodaj najwyżej {v} {_positions(v)}.",
    "uniqueItems": lambda v: "Pozycje nie mogą się powtarzać.",
    "pattern": lambda v: "Wartość ma nieprawidłowy format.",
    "format": lambda v: _FORMATS.get(v, "Wartość ma nieprawidłowy format."),
    "additionalProperties": lambda v: "Formularz zawiera nieznane pola.",
    "oneOf": lambda v: "Wybierz jedną z dozwolonych wartości.",
    "anyOf": lambda v: "Wartość nie pasuje do żadnej z dozwolonych możliwości.",
    "contains": lambda v: "Lista nie zawiera wymaganej pozycji.",
}


def _positions(count: int) -> str:
    """Polish plural of "pozycja" after a number in the accusative: 1 pozycję, 2-4 pozycje, 5+ pozycji."""
    if count == 1:
        return "pozycję"
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return "pozycje"
    return "pozycji"


def _message(error: ValidationError) -> str:
    if error.validator == "contains" and error.schema.get("description"):
        return error.schema["description"]
    describe = _MESSAGES.get(error.validator)
    if describe is None:
        return f"Nieprawidłowa wartość: {error.message}"
    return describe(error.validator_value)


def _type_name(value) -> str:
    names = {
        "string": "tekst",
        "integer": "liczba całkowita",
        "number": "liczba",
        "boolean": "tak/nie",
        "array": "lista",
        "object": "obiekt",
        "null": "brak wartości",
    }
    if isinstance(value, list):
        return " lub ".join(names.get(v, v) for v in value)
    return names.get(value, str(value))
