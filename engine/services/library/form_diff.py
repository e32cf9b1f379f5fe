"""The fields of two versions of a form's JSON Schema compared: which were added, removed or changed.

A field is a property of the schema, nested ones (an object's properties, the properties of a list's
items) named by their path. A field changed when its title, its type, whether it is required or its
choices (``enum``, or ``oneOf``/``anyOf`` of ``const``, on it or on its items) differ. Wording and
layout (the UI schema, descriptions, lengths) are left to the line diff. A schema that does not parse
has no fields.
"""

from __future__ import annotations

import json

from engine.dto.comparison import FieldAspect, FieldChange

SEPARATOR = " / "
_ORDER = {"added": 0, "removed": 1, "changed": 2}


def compare(old: bytes, new: bytes) -> list[FieldChange]:
    """Every field added, removed or changed; sorted by change, then path."""
    before, after = fields(old), fields(new)
    changes = []
    for path in sorted(set(before) | set(after)):
        if path not in before:
            changes.append(FieldChange("added", path, "", after[path]["title"]))
        elif path not in after:
            changes.append(FieldChange("removed", path, before[path]["title"], ""))
        else:
            aspects = _aspects(before[path], after[path])
            if aspects:
                changes.append(FieldChange("changed", path, before[path]["title"], after[path]["title"], aspects))
    return sorted(changes, key=lambda c: (_ORDER[c.change], c.path))


def fields(content: bytes) -> dict[str, dict]:
    """Field path -> its title, type, required ("yes"/"no") and choices (a tuple of values)."""
    try:
        schema = json.loads(content or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    found: dict[str, dict] = {}
    if isinstance(schema, dict):
        _collect(schema, "", found)
    return found


def _collect(schema: dict, prefix: str, found: dict[str, dict]) -> None:
    properties = schema.get("properties")
    required = schema.get("required") if isinstance(schema.get("required"), list) else []
    if not isinstance(properties, dict):
        return
    for name, field in properties.items():
        if not isinstance(field, dict):
            continue
        path = f"{prefix}{SEPARATOR}{name}" if prefix else name
        items = field.get("items") if isinstance(field.get("items"), dict) else {}
        found[path] = {
            "title": str(field.get("title") or ""),
            "type": _type(field.get("type")),
            "required": "yes" if name in required else "no",
            "choices": _choices(field) or _choices(items),
        }
        _collect(field, path, found)
        _collect(items, path, found)


def _type(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value or "")


def _choices(field: dict) -> tuple[str, ...]:
    if isinstance(field.get("enum"), list):
        return tuple(_text(v) for v in field["enum"])
    options = field.get("oneOf") or field.get("anyOf")
    if isinstance(options, list):
        return tuple(_text(o["const"]) for o in options if isinstance(o, dict) and "const" in o)
    return ()


def _text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _aspects(old: dict, new: dict) -> tuple[FieldAspect, ...]:
    aspects = [
        FieldAspect(name, old[name], new[name]) for name in ("title", "type", "required") if old[name] != new[name]
    ]
    if old["choices"] != new["choices"]:
        added = tuple(v for v in new["choices"] if v not in old["choices"])
        removed = tuple(v for v in old["choices"] if v not in new["choices"])
        aspects.append(FieldAspect("choices", added=added, removed=removed))
    return tuple(aspects)
