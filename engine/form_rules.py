"""Cross-field rules and case-data choices declared in a form's JSON Schema, checked on the server.

Two keywords (JSON Schema ignores keywords it does not know, so the schemas stay valid):

``x-rules`` on an object (the form itself, a group, or the ``items`` of a repeating group)::

    "x-rules": [{"rule": "not_before", "field": "data_do", "other": "data_od",
                 "message": "Data zakończenia nie może być wcześniejsza niż data rozpoczęcia."}]

    rule     not_before / not_after (dates "RRRR-MM-DD"), at_least / at_most (numbers)
    field    the property of this object the message is shown at
    other    a property of the same object ("data_od"), a value of the case data
             ({"data": "pozycja.data_od"}), or a sum over a list of the case data or of the form
             ({"sum": "pozycje_planu", "of": "koszt_szacunkowy", "where": {"zrodlo": "zakup"}})
    when     optional: the rule applies only when a property of this object has a value
             ({"field": "decyzja_pzk", "equals": "zatwierdzony"})

A rule whose values are missing is not checked: whether a field must be filled is the schema's job.

``x-choices`` on a string property: the value must be one of a list in the case data, e.g. a
household member chosen by name::

    "x-choices": {"from": "czlonkowie", "value": "id", "title": "imie",
                  "also": [{"const": "rodzina", "title": "Cała rodzina"}],
                  "message": "Wybierz osobę z gospodarstwa domowego tej rodziny."}

The engine also offers ``instytucje_sprawy``: role -> the institutions of the case's partnership playing
it (``{"id", "nazwa"}``), e.g. ``"from": "instytucje_sprawy.Realizator usługi"`` for the provider of an order.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from engine import forms
from engine.errors import FieldError, InvalidFormData

RULES = {
    "not_before": (lambda value, other: value >= other, "date"),
    "not_after": (lambda value, other: value <= other, "date"),
    "at_least": (lambda value, other: value >= other, "number"),
    "at_most": (lambda value, other: value <= other, "number"),
}
CHOICE_MESSAGE = "Wybierz jedną z osób (pozycji) z listy."


def validate(schema: dict | None, data, case_data: dict | None = None) -> dict:
    """``forms.validate`` and the declared rules together: every problem of a submission at once.

    Raises:
        InvalidFormData: the JSON Schema errors, then the rule and choice errors of other fields.
    """
    try:
        cleaned = forms.validate(schema, data)
        errors: list[FieldError] = []
    except InvalidFormData as error:
        cleaned, errors = None, list(error.errors)
    if isinstance(data, dict):
        seen = {error.path for error in errors}
        errors += [error for error in rule_errors(schema, data, case_data) if error.path not in seen]
    if errors:
        raise InvalidFormData(errors)
    return cleaned


def rule_errors(schema: dict | None, data, case_data: dict | None = None) -> list[FieldError]:
    """Every broken ``x-rules`` rule and every value outside its ``x-choices`` list, at its field."""
    found: list[FieldError] = []
    _walk(schema or {}, data, "", case_data or {}, data if isinstance(data, dict) else {}, found)
    return found


def choice_lists(schema: dict | None, case_data: dict | None) -> dict[str, tuple[tuple[str, str], ...]]:
    """``(value, title)`` of every ``x-choices`` list the form declares, read from the case data.

    Keyed by the list's name (``from``); the ``also`` entries are not included (the form has them).
    """
    lists: dict[str, tuple[tuple[str, str], ...]] = {}
    for spec in declared_choices(schema or {}):
        lists[spec["from"]] = _choices(spec, case_data or {})
    return lists


def declared_choices(schema: dict) -> list[dict]:
    """Every ``x-choices`` declaration of a schema, in document order."""
    found = []
    for node in _nodes(schema):
        spec = node.get("x-choices")
        if isinstance(spec, dict) and isinstance(spec.get("from"), str):
            found.append(spec)
    return found


def _nodes(schema):
    """The schema and every sub-schema reachable through properties and items."""
    if not isinstance(schema, dict):
        return
    yield schema
    for child in (schema.get("properties") or {}).values():
        yield from _nodes(child)
    if isinstance(schema.get("items"), dict):
        yield from _nodes(schema["items"])


def _walk(schema: dict, value, path: str, case_data: dict, form: dict, found: list[FieldError]) -> None:
    if isinstance(value, dict):
        for name, child in (schema.get("properties") or {}).items():
            if name in value and isinstance(child, dict):
                _walk(child, value[name], _join(path, name), case_data, form, found)
        for rule in schema.get("x-rules") or []:
            error = _broken(rule, value, path, case_data, form)
            if error is not None:
                found.append(error)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, entry in enumerate(value):
            _walk(schema["items"], entry, _join(path, str(index)), case_data, form, found)
    elif isinstance(schema.get("x-choices"), dict) and isinstance(value, str):
        spec = schema["x-choices"]
        allowed = {v for v, _ in _choices(spec, case_data)} | {str(a.get("const")) for a in _also(spec)}
        if value not in allowed:
            found.append(FieldError(path, str(spec.get("message") or CHOICE_MESSAGE)))


def _broken(rule: dict, obj: dict, path: str, case_data: dict, form: dict) -> FieldError | None:
    if not isinstance(rule, dict) or rule.get("rule") not in RULES or not _applies(rule.get("when"), obj):
        return None
    holds, kind = RULES[rule["rule"]]
    value = _typed(obj.get(rule.get("field")), kind)
    other = _typed(_other(rule.get("other"), obj, case_data, form), kind)
    if value is None or other is None or holds(value, other):
        return None
    return FieldError(_join(path, str(rule["field"])), str(rule.get("message") or "Wartość nie spełnia reguły."))


def _applies(when, obj: dict) -> bool:
    if not isinstance(when, dict):
        return True
    return obj.get(when.get("field")) == when.get("equals")


def _other(reference, obj: dict, case_data: dict, form: dict):
    if isinstance(reference, str):
        return obj.get(reference)
    if not isinstance(reference, dict):
        return None
    if "data" in reference:
        return lookup(case_data, str(reference["data"]))
    if "sum" in reference:
        return _sum(reference, case_data, form)
    return None


def _sum(reference: dict, case_data: dict, form: dict):
    source = str(reference["sum"])
    rows = lookup(form, source) if lookup(form, source) is not None else lookup(case_data, source)
    if not isinstance(rows, list):
        return None
    where = reference.get("where") if isinstance(reference.get("where"), dict) else {}
    total = Decimal(0)
    for row in rows:
        if isinstance(row, dict) and all(row.get(k) == v for k, v in where.items()):
            amount = _typed(row.get(reference.get("of")), "number")
            total += amount if amount is not None else 0
    return total


def lookup(data, dotted: str):
    """The value at a dotted path of ``data`` (list positions as numbers), or None."""
    node = data
    for segment in dotted.split("."):
        if isinstance(node, dict):
            node = node.get(segment)
        elif isinstance(node, list) and segment.isdigit() and int(segment) < len(node):
            node = node[int(segment)]
        else:
            return None
    return node


def _typed(value, kind: str):
    if kind == "date":
        try:
            return date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _choices(spec: dict, case_data: dict) -> tuple[tuple[str, str], ...]:
    rows = lookup(case_data, str(spec.get("from")))
    key, title = str(spec.get("value", "id")), str(spec.get("title", spec.get("value", "id")))
    if not isinstance(rows, list):
        return ()
    return tuple(
        (str(row[key]), str(row.get(title) or row[key]))
        for row in rows
        if isinstance(row, dict) and isinstance(row.get(key), str | int) and not isinstance(row.get(key), bool)
    )


def _also(spec: dict) -> list[dict]:
    also = spec.get("also")
    return [entry for entry in also if isinstance(entry, dict) and "const" in entry] if isinstance(also, list) else []


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
