"""What a multi-instance task is about, described by the model's forms: the repeating group whose items
look like it (a plan item, a household member), for labels and titles instead of codes.

A task's ``subject`` ("P2 – wsparcie_psychologiczne") is made in ``engine.bpmn.items`` without the
forms; ``subject`` here writes the codes of that label with the titles the forms give them
("P2 – Wsparcie psychologiczne (psycholog)").
"""

from __future__ import annotations

PART_KEYS = ("id", "usluga", "rola")  # the parts of a label of an item without a name (engine.bpmn.items)
NAME_KEYS = ("imie", "nazwa")
MAX_SUBJECT = 200


def item_form(forms: dict, item, own: frozenset[str] = frozenset()) -> tuple[dict | None, dict | None]:
    """The items schema (and its UI schema) of the repeating group of the model's forms that describes
    ``item`` best: most of its keys (at least two thirds of them: keys a process added, such as a
    status, may be missing), then fewest other fields, then a form of ``own`` (the forms of the case's
    own process: a group's plan item is described by the group's project, not by a family's IPW,
    though both have the same fields). ``(None, None)`` when none fits."""
    if not isinstance(item, dict):
        return None, None
    keys = {key for key, value in item.items() if not key.startswith("_") and not isinstance(value, dict | list)}
    best, best_score = (None, None), (max(2, -(-2 * len(keys) // 3)) - 1, 0, False)
    for name in sorted(n for n in forms if n.endswith(".schema.json")):
        ui_root = forms.get(name.replace(".schema.json", ".uischema.json"))
        for items, ui in _repeating(forms[name], ui_root if isinstance(ui_root, dict) else {}):
            properties = set(items.get("properties") or {})
            score = (len(keys & properties), -len(properties - keys), name in own)
            if score > best_score:
                best, best_score = (items, ui), score
    return best


def subject(forms: dict, item, label: str | None) -> str | None:
    """``label`` with the codes of an unnamed item written as their titles; ``label`` itself otherwise."""
    schema, _ui = item_form(forms, item)
    if schema is None or any(item.get(key) for key in NAME_KEYS):
        return label
    properties = schema.get("properties") or {}
    parts = [_title(properties.get(key), item[key]) for key in PART_KEYS if _present(item.get(key))]
    text = " – ".join(parts)[:MAX_SUBJECT]
    return text or label


def _title(schema, value) -> str:
    options = (schema or {}).get("oneOf") if isinstance(schema, dict) else None
    for option in options if isinstance(options, list) else []:
        if isinstance(option, dict) and option.get("const") == value and option.get("title"):
            return str(option["title"]).strip()
    return str(value).strip()


def _present(value) -> bool:
    return value is not None and str(value).strip() != ""


def _repeating(node, ui: dict):
    """``(items schema, items UI schema)`` of every repeating group of objects in a schema."""
    if not isinstance(node, dict):
        return
    for name, child in (node.get("properties") or {}).items():
        child_ui = ui.get(name) if isinstance(ui.get(name), dict) else {}
        if isinstance(child, dict) and isinstance(child.get("items"), dict) and child["items"].get("properties"):
            items_ui = child_ui.get("items") if isinstance(child_ui.get("items"), dict) else {}
            yield child["items"], items_ui
            yield from _repeating(child["items"], items_ui)
        else:
            yield from _repeating(child, child_ui)
