"""Reading the parts of JSON Schema 2020-12 and the UI schema that decide how a form looks."""

from __future__ import annotations

import re
from typing import Any

from web.formview import model

AUTO_RADIO_LIMIT = 4  # a required choice among this many or fewer options shows as radios
_SAFE = re.compile(r"[A-Za-z0-9_]")


def node_type(schema: dict) -> str | None:
    """The JSON type a schema describes (the first non-null one when it lists several)."""
    declared = schema.get("type")
    if isinstance(declared, list):
        declared = next((t for t in declared if t != "null"), None)
    if declared:
        return declared
    if "properties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    choices = enum_choices(schema)
    if choices:
        return _json_type(choices[0][0])
    return None


def enum_choices(schema: dict) -> list[tuple[Any, str]] | None:
    """``(value, title)`` of an enumeration (``oneOf`` of ``const``/``title``, or ``enum``), else None."""
    options = schema.get("oneOf")
    if isinstance(options, list) and options and all(isinstance(o, dict) and "const" in o for o in options):
        return [(o["const"], str(o.get("title", o["const"]))) for o in options]
    if isinstance(schema.get("enum"), list):
        return [(value, str(value)) for value in schema["enum"]]
    return None


def item_schema(schema: dict) -> dict:
    items = schema.get("items")
    return items if isinstance(items, dict) else {}


def ordered_properties(schema: dict, ui: dict) -> list[tuple[str, dict]]:
    """Properties in ``ui:order`` order, the rest after it in schema order (``*`` marks where the rest go).

    Names that a dotted HTML name could not carry (empty, containing ".", or starting with "_",
    which marks control fields) are left out.
    """
    properties = {
        name: sub
        for name, sub in (schema.get("properties") or {}).items()
        if isinstance(sub, dict) and name and "." not in name and not name.startswith("_")
    }
    order = [name for name in (ui or {}).get("ui:order", []) if name in properties or name == "*"]
    if "*" not in order:
        order.append("*")
    rest = [name for name in properties if name not in order]
    names = [n for entry in order for n in (rest if entry == "*" else [entry])]
    return [(name, properties[name]) for name in names]


def required_names(schema: dict) -> set[str]:
    """Properties required unconditionally (``if``/``then`` requirements are the server's business)."""
    return {name for name in schema.get("required", []) if isinstance(name, str)}


def ui_child(ui: dict | None, name: str) -> dict:
    child = (ui or {}).get(name)
    return child if isinstance(child, dict) else {}


def ui_items(ui: dict | None) -> dict:
    return ui_child(ui, "items")


def widget(schema: dict, ui: dict, required: bool) -> str:
    """The widget kind (see ``model``) for one property."""
    if schema.get("readOnly"):
        return model.READONLY
    kind = node_type(schema)
    chosen = (ui or {}).get("ui:widget")
    if kind == "object":
        return model.OBJECT
    if kind == "array":
        return model.CHECKBOXES if enum_choices(item_schema(schema)) else model.ARRAY
    if kind == "boolean":
        return model.YESNO
    choices = enum_choices(schema)
    if choices:
        if chosen in (model.RADIO, model.SELECT):
            return chosen
        return model.RADIO if required and chosen is None and len(choices) <= AUTO_RADIO_LIMIT else model.SELECT
    if kind in ("integer", "number"):
        return model.NUMBER
    if schema.get("format") == "date":
        return model.DATE
    return model.TEXTAREA if chosen == model.TEXTAREA else model.TEXT


def join(path: str, segment: str | int) -> str:
    return f"{path}.{segment}" if path else str(segment)


def split(path: str) -> list[str]:
    return path.split(".") if path else []


def element_id(prefix: str, path: str) -> str:
    """A valid, unique HTML id for a dotted path: ``f-pozycje_planu-0-usluga``.

    Path segments are joined with "-"; any other character than a letter, digit or "_" is written
    as ``:hex:``, so two different paths never give the same id, and suffixes starting with "--"
    (``--hint``, ``--error``, ``--add``, ``--2``) never clash with a path.
    """
    segments = ["".join(c if _SAFE.fullmatch(c) else f":{ord(c):x}:" for c in s) for s in split(path)]
    return "-".join([prefix, *segments])


def field_id(path: str) -> str:
    return element_id("f", path)


def row_id(path: str) -> str:
    """The id of a row's fieldset: ``row-pozycje_planu-1`` (a page can link to ``#row-...``)."""
    return element_id("row", path)


def resolve(schema: dict, path: str) -> dict | None:
    """The sub-schema a dotted data path points to (row indices step into ``items``), or None."""
    node = schema
    for segment in split(path):
        kind = node_type(node)
        if kind == "object":
            node = (node.get("properties") or {}).get(segment)
        elif kind == "array" and segment.isdigit():
            node = item_schema(node)
        else:
            return None
        if not isinstance(node, dict):
            return None
    return node


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"
