"""Choice lists that come from the case, not from the form: ``x-choices`` (see ``engine.form_rules``).

A form declares, e.g. for a household member::

    "czlonek": {"type": "string", "x-choices": {"from": "czlonkowie", "value": "id", "title": "imie",
                                                "also": [{"const": "rodzina", "title": "Cała rodzina"}]}}

The engine reads the list from the task's data (``TaskDetail.choices``: name -> ``(value, title)``
pairs); ``with_choices`` writes it into the schema as an ordinary ``oneOf`` of ``const``/``title``,
so building, parsing and showing answers treat it like any other choice: a select (or radios)
showing names, answers showing "Marek" rather than "marek".
"""

from __future__ import annotations

import copy


def with_choices(schema: dict | None, choices: dict[str, tuple[tuple[str, str], ...]] | None) -> dict:
    """A copy of ``schema`` where each ``x-choices`` field whose list is known offers that list.

    A field whose list is not given (e.g. an old answer shown without its case) stays a text field.
    """
    result = copy.deepcopy(schema) if isinstance(schema, dict) else {}
    _fill(result, choices or {})
    return result


def _fill(node: dict, choices: dict) -> None:
    spec = node.get("x-choices")
    if isinstance(spec, dict) and spec.get("from") in choices:
        options = [{"const": value, "title": title} for value, title in choices[spec["from"]]]
        also = spec.get("also") if isinstance(spec.get("also"), list) else []
        options += [
            {"const": a["const"], "title": str(a.get("title", a["const"]))}
            for a in also
            if isinstance(a, dict) and "const" in a
        ]
        if options:
            node["oneOf"] = options
    for child in (node.get("properties") or {}).values():
        if isinstance(child, dict):
            _fill(child, choices)
    if isinstance(node.get("items"), dict):
        _fill(node["items"], choices)
