"""Form data validation against a task's JSON Schema, with messages in Polish per field."""

from __future__ import annotations

from datetime import datetime

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from engine.errors import FieldError, InvalidFormData

_FORMAT_CHECKER = FormatChecker()


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


def validate(schema: dict | None, data) -> None:
    """Raise InvalidFormData listing every problem; a task without a schema accepts an object."""
    if not isinstance(data, dict):
        raise InvalidFormData([FieldError("", "Dane formularza muszą być obiektem.")])
    if schema is None:
        return
    validator = Draft202012Validator(schema, format_checker=_FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        raise InvalidFormData([_field_error(error) for error in errors])


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
    "minItems": lambda v: f"Dodaj co najmniej {v} pozycji.",
    "maxItems": lambda v: f"Dodaj najwyżej {v} pozycji.",
    "uniqueItems": lambda v: "Pozycje nie mogą się powtarzać.",
    "pattern": lambda v: "Wartość ma nieprawidłowy format.",
    "format": lambda v: _FORMATS.get(v, "Wartość ma nieprawidłowy format."),
    "additionalProperties": lambda v: "Formularz zawiera nieznane pola.",
    "oneOf": lambda v: "Wybierz jedną z dozwolonych wartości.",
    "anyOf": lambda v: "Wartość nie pasuje do żadnej z dozwolonych możliwości.",
}


def _message(error: ValidationError) -> str:
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
