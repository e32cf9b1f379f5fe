"""Form data validation against a task's JSON Schema, with messages in Polish per field."""

from __future__ import annotations

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from engine.errors import FieldError, InvalidFormData

_FORMAT_CHECKER = FormatChecker()

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


def _message(error: ValidationError) -> str:
    value = error.validator_value
    messages = {
        "required": "To pole jest wymagane.",
        "type": f"Nieprawidłowy typ wartości (oczekiwano: {_type_name(value)}).",
        "enum": "Wybierz jedną z dozwolonych wartości.",
        "const": "Niedozwolona wartość.",
        "minLength": f"Wpisz co najmniej {value} znaków." if value != 1 else "To pole nie może być puste.",
        "maxLength": f"Wpisz najwyżej {value} znaków.",
        "minimum": f"Wartość nie może być mniejsza niż {value}.",
        "maximum": f"Wartość nie może być większa niż {value}.",
        "exclusiveMinimum": f"Wartość musi być większa niż {value}.",
        "exclusiveMaximum": f"Wartość musi być mniejsza niż {value}.",
        "minItems": f"Dodaj co najmniej {value} pozycji.",
        "maxItems": f"Dodaj najwyżej {value} pozycji.",
        "uniqueItems": "Pozycje nie mogą się powtarzać.",
        "pattern": "Wartość ma nieprawidłowy format.",
        "format": _FORMATS.get(value, "Wartość ma nieprawidłowy format."),
        "additionalProperties": "Formularz zawiera nieznane pola.",
        "oneOf": "Wybierz jedną z dozwolonych wartości.",
        "anyOf": "Wartość nie pasuje do żadnej z dozwolonych możliwości.",
    }
    return messages.get(error.validator, f"Nieprawidłowa wartość: {error.message}")


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
