"""``kooperacja validate`` for the declarations of ``engine.form_rules``: rules and choices that refer to
fields the form has, rule names that exist, messages for people.

A typo in a rule ("data_od" written "data_odd") would silently switch the rule off: a rule whose
value is missing is not checked. So every name a rule uses must be a property of its object.
"""

from __future__ import annotations

from engine.errors import Problem
from engine.form_rules import RULES

_REFERENCE_KEYS = ("data", "sum")


def problems(path: str, schema) -> list[Problem]:
    """Problems of the declarations of one form file (a UI schema or a non-object has none)."""
    if not isinstance(schema, dict) or path.endswith(".uischema.json"):
        return []
    return [Problem(path, None, where, message) for where, message in schema_problems(schema)]


def schema_problems(schema: dict) -> list[tuple[str, str]]:
    """``(where, message)`` for every wrong declaration of one schema; ``where`` is a JSON pointer-like path."""
    found: list[tuple[str, str]] = []
    _visit(schema, "", found)
    return found


def _visit(node: dict, where: str, found: list) -> None:
    properties = node.get("properties") if isinstance(node.get("properties"), dict) else {}
    rules = node.get("x-rules")
    if rules is not None:
        if not isinstance(rules, list):
            found.append((f"{where}/x-rules", "x-rules musi być listą reguł."))
        else:
            for index, rule in enumerate(rules):
                found += [(f"{where}/x-rules/{index}", m) for m in _rule_problems(rule, properties)]
    if "x-choices" in node:
        found += [(f"{where}/x-choices", m) for m in _choice_problems(node["x-choices"], node)]
    for name, child in properties.items():
        if isinstance(child, dict):
            _visit(child, f"{where}/properties/{name}", found)
    if isinstance(node.get("items"), dict):
        _visit(node["items"], f"{where}/items", found)


def _rule_problems(rule, properties: dict) -> list[str]:
    if not isinstance(rule, dict):
        return ["Reguła musi być obiektem."]
    found = []
    if rule.get("rule") not in RULES:
        found.append(f"Nieznana reguła {rule.get('rule')!r} (dozwolone: {', '.join(sorted(RULES))}).")
    if rule.get("field") not in properties:
        found.append(f"Reguła dotyczy pola {rule.get('field')!r}, którego formularz nie ma w tym miejscu.")
    found += _reference_problems(rule.get("other"), properties)
    when = rule.get("when")
    if when is not None and (not isinstance(when, dict) or when.get("field") not in properties or "equals" not in when):
        found.append("Warunek „when” musi wskazywać pole tego obiektu („field”) i wartość („equals”).")
    if not isinstance(rule.get("message"), str) or not rule["message"].strip():
        found.append("Reguła musi mieć komunikat dla użytkownika („message”).")
    return found


def _reference_problems(other, properties: dict) -> list[str]:
    if isinstance(other, str):
        return [] if other in properties else [f"Reguła porównuje z polem {other!r}, którego formularz tu nie ma."]
    if not isinstance(other, dict) or not any(key in other for key in _REFERENCE_KEYS):
        return ['„other” musi być nazwą pola, {"data": ścieżka} albo {"sum": lista, "of": pole}.']
    if "data" in other and not _dotted(other["data"]):
        return ["„data” musi być ścieżką w danych sprawy, np. „pozycja.data_od”."]
    if "sum" in other and not (_dotted(other["sum"]) and isinstance(other.get("of"), str)):
        return ["Suma wymaga listy („sum”) i pola, które się sumuje („of”)."]
    return []


def _choice_problems(spec, node: dict) -> list[str]:
    if not isinstance(spec, dict) or not _dotted(spec.get("from")):
        return ["x-choices musi wskazywać listę w danych sprawy („from”)."]
    found = []
    if node.get("type") != "string" or "enum" in node or "oneOf" in node:
        found.append("x-choices może mieć tylko pole tekstowe bez własnej listy wartości.")
    for key in ("value", "title"):
        if key in spec and not isinstance(spec[key], str):
            found.append(f"„{key}” w x-choices musi być nazwą pola pozycji listy.")
    also = spec.get("also", [])
    if not isinstance(also, list) or not all(isinstance(a, dict) and "const" in a and "title" in a for a in also):
        found.append('„also” w x-choices musi być listą {"const": …, "title": …}.')
    return found


def _dotted(value) -> bool:
    return isinstance(value, str) and bool(value) and all(part for part in value.split("."))
