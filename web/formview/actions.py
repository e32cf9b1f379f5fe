"""Adding and removing rows of repeating groups without JavaScript.

Each repeating group ends with ``<button name="_action" value="add:<path>">`` and each row has
``<button name="_action" value="remove:<path>.<n>">``. The page parses the submission (rows with
nothing typed are kept then, so row numbers match), calls ``apply_action`` and renders the form
again from the result, passing ``focus_after(...)`` to ``build(focus=...)``: the first control of
the new row (or of the row that took the removed one's place) gets ``autofocus``. The same id can
be used as a URL fragment (``#row-pozycje_planu-2``), since every row's fieldset carries it.
"""

from __future__ import annotations

import copy
from typing import Any

from web.formview import model
from web.formview import schema as s
from web.formview.model import ActionError

MAX_ROWS = 200  # a page with more rows is not a form anybody fills in by hand


def apply_action(schema: dict, data: dict | None, action: str) -> dict:
    """``data`` with an empty row appended (``add:<path>``) or row ``n`` removed (``remove:<path>.<n>``).

    Works for repeating groups at any depth (``add:cele.0.kroki``). ``data`` is not changed.

    Raises:
        ActionError: the action is malformed, names no repeating group of this form, or names a
            row that does not exist (e.g. the page was submitted twice).
    """
    verb, path = _split(action)
    result = copy.deepcopy(data) if isinstance(data, dict) else {}
    if verb == "add":
        items = _repeating_items(schema, path)
        rows = _list_at(result, schema, path, create=True)
        if len(rows) >= MAX_ROWS:
            raise ActionError(f"Formularz przyjmuje najwyżej {MAX_ROWS} pozycji.")
        rows.append({} if s.node_type(items) == "object" else "")
        return result
    array_path, index = _row_of(path)
    _repeating_items(schema, array_path)
    rows = _list_at(result, schema, array_path, create=False)
    if index >= len(rows):
        raise ActionError("Tej pozycji już nie ma w formularzu.")
    del rows[index]
    return result


def focus_after(action: str, values: dict | None) -> str:
    """The id to move to after ``action`` was applied to give ``values``: a row (``row-...``) or an add button."""
    verb, path = _split(action)
    array_path, index = (path, None) if verb == "add" else _row_of(path)
    rows = _peek(values, array_path)
    if not rows:
        return f"{s.field_id(array_path)}--add"
    if index is None or index >= len(rows):
        index = len(rows) - 1
    return s.row_id(s.join(array_path, index))


def _split(action: str) -> tuple[str, str]:
    verb, _, path = str(action or "").partition(":")
    if verb not in ("add", "remove") or not path or "" in s.split(path):
        raise ActionError(f"Nieznane działanie formularza: {action!r}.")
    return verb, path


def _row_of(path: str) -> tuple[str, int]:
    array_path, _, index = path.rpartition(".")
    if not array_path or not index.isdigit() or str(int(index)) != index:
        raise ActionError(f"Działanie nie wskazuje pozycji listy: {path!r}.")
    return array_path, int(index)


def _repeating_items(schema: dict, path: str) -> dict:
    node = s.resolve(schema or {}, path)
    if node is None or s.widget(node, {}, False) != model.ARRAY:
        raise ActionError(f"Formularz nie ma listy pozycji {path!r}.")
    return s.item_schema(node)


def _list_at(data: dict, schema: dict, path: str, create: bool) -> list:
    """The list at ``path`` in ``data``; missing groups and the list itself are created when ``create``."""
    node: Any = data
    segments = s.split(path)
    for depth, segment in enumerate(segments):
        last = depth == len(segments) - 1
        if isinstance(node, list):
            if not segment.isdigit() or int(segment) >= len(node):
                raise ActionError("Tej pozycji już nie ma w formularzu.")
            node = node[int(segment)]
            continue
        if not isinstance(node, dict):
            raise ActionError("Dane formularza nie pasują do jego schematu.")
        if segment not in node or not isinstance(node[segment], list | dict):
            if not create:
                raise ActionError("Tej pozycji już nie ma w formularzu.")
            kind = s.node_type(s.resolve(schema, s.join(".".join(segments[:depth]), segment)) or {})
            node[segment] = [] if last or kind == "array" else {}
        node = node[segment]
    if not isinstance(node, list):
        raise ActionError("Dane formularza nie pasują do jego schematu.")
    return node


def _peek(values, path: str):
    node = values
    for segment in s.split(path):
        if isinstance(node, dict):
            node = node.get(segment)
        elif isinstance(node, list) and segment.isdigit() and int(segment) < len(node):
            node = node[int(segment)]
        else:
            return None
    return node if isinstance(node, list) else None
