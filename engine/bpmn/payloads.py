"""Message payload contracts: the keys and types a message carries, declared in the model.

A ``bpmn:message`` declares its payload with ``spiffworkflow:property`` elements in its extension
elements, one per key, the value naming the type (``?`` at the end: the key may be left out)::

    <bpmn:message id="Message_kryzys" name="kryzys">
      <bpmn:extensionElements><spiffworkflow:properties>
        <spiffworkflow:property name="zglaszajacy_rola" value="string" />
        <spiffworkflow:property name="data" value="date" />
        <spiffworkflow:property name="uwagi" value="string?" />
      </spiffworkflow:properties></bpmn:extensionElements>
    </bpmn:message>

Types: ``string``, ``integer``, ``number``, ``boolean``, ``date`` (``RRRR-MM-DD``), ``date-time``
(ISO 8601), ``array``, ``object``. A payload must be a JSON object (or nothing); with a contract,
every required key must be there, no other key may be, and each value must have its type.
``check_declarations`` reports a bad declaration at validate; ``check_payload`` refuses a payload
before it reaches the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from engine.bpmn.sources import BPMN_NS, FileSet
from engine.errors import FieldError, InvalidFormData, Problem

SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
_PROPERTY = f"{{{BPMN_NS}}}extensionElements/{{{SPIFF_NS}}}properties/{{{SPIFF_NS}}}property"


def _is_date(value) -> bool:
    try:
        return isinstance(value, str) and len(value) == 10 and bool(date.fromisoformat(value))
    except ValueError:
        return False


def _is_date_time(value) -> bool:
    try:
        return (
            isinstance(value, str)
            and "T" in value.upper()
            and bool(datetime.fromisoformat(value.replace("Z", "+00:00")))
        )
    except ValueError:
        return False


#: type name -> (check, Polish description)
TYPES = {
    "string": (lambda v: isinstance(v, str), "tekst"),
    "integer": (lambda v: isinstance(v, int) and not isinstance(v, bool), "liczba całkowita"),
    "number": (lambda v: isinstance(v, int | float) and not isinstance(v, bool), "liczba"),
    "boolean": (lambda v: isinstance(v, bool), "tak/nie (true/false)"),
    "date": (_is_date, "data RRRR-MM-DD"),
    "date-time": (_is_date_time, "data i godzina ISO 8601"),
    "array": (lambda v: isinstance(v, list), "lista"),
    "object": (lambda v: isinstance(v, dict), "obiekt"),
}


@dataclass(frozen=True)
class Field:
    key: str
    type: str
    required: bool


class InvalidMessagePayload(InvalidFormData):
    """A message's payload breaks its contract (or is not an object); nothing was delivered."""

    def __init__(self, name: str, errors: list[FieldError]):
        super().__init__(errors)
        details = "; ".join(f"{e.path}: {e.message}" if e.path else e.message for e in errors)
        self.message = f"Treść wiadomości „{name}” nie zgadza się z jej opisem w modelu: {details}"
        self.args = (self.message,)


def contracts(trees) -> dict[str, tuple[Field, ...]]:
    """Message name -> declared fields, for messages that declare any, from BPMN element trees."""
    found = {}
    for tree in trees:
        for message in tree.getroot().iter(f"{{{BPMN_NS}}}message"):
            fields = tuple(_field(p) for p in message.findall(_PROPERTY) if _field(p) is not None)
            if fields and message.get("name"):
                found[message.get("name")] = fields
    return found


def _field(element) -> Field | None:
    key, kind = (element.get("name") or "").strip(), (element.get("value") or "").strip()
    if not key or not kind:
        return None
    return Field(key, kind.rstrip("?"), not kind.endswith("?"))


def check_declarations(file_set: FileSet) -> list[Problem]:
    """Unknown types, and one message name declared differently in two places."""
    problems, seen = [], {}
    for path, tree in file_set.bpmn_trees():
        for message in tree.getroot().iter(f"{{{BPMN_NS}}}message"):
            for element in message.findall(_PROPERTY):
                field = _field(element)
                if field is None or field.type not in TYPES:
                    allowed = ", ".join(TYPES)
                    text = (
                        f"Nieznany typ pola wiadomości „{element.get('value')}” "
                        f"(dozwolone: {allowed}; „?” na końcu: pole opcjonalne)."
                    )
                    problems.append(Problem(path, element.sourceline or 1, message.get("id"), text))
            declared = contracts([tree]).get(message.get("name"))
            name = message.get("name")
            if declared and name in seen and seen[name] != declared:
                text = f"Wiadomość „{name}” ma w innym pliku inny opis treści; opisz ją tak samo albo tylko raz."
                problems.append(Problem(path, message.sourceline or 1, message.get("id"), text))
            if declared:
                seen.setdefault(name, declared)
    return problems


def check_payload(name: str, fields: tuple[Field, ...] | None, payload) -> None:
    """Raise ``InvalidMessagePayload`` listing every problem of ``payload``."""
    if payload is None and not any(f.required for f in fields or ()):
        return
    if not isinstance(payload, dict):
        raise InvalidMessagePayload(name, [FieldError("", "treść musi być obiektem JSON (klucz: wartość)")])
    if fields is None:
        return
    errors = []
    declared = {f.key: f for f in fields}
    for field in fields:
        if field.key not in payload:
            if field.required:
                errors.append(FieldError(field.key, "brak wymaganego pola"))
            continue
        check, label = TYPES[field.type]
        if not check(payload[field.key]):
            errors.append(FieldError(field.key, f"oczekiwano: {label}"))
    errors += [FieldError(key, "pole nieopisane w modelu") for key in payload if key not in declared]
    if errors:
        raise InvalidMessagePayload(name, errors)
