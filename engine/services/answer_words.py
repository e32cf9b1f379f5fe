"""Recorded form answers in words, for a person who reads their own data: labels from the form, choices
by their titles, yes/no, Polish dates, member ids by name; texts that name another household member
are withheld (art. 15 ust. 4 RODO: the copy must not disclose other people's data)."""

from __future__ import annotations

import re
from datetime import date

from engine.dto.protection import RecordedItem

WITHHELD = "[pominięto: tekst dotyczy także innych członków rodziny]"


class Wording:
    """Turns one form's answers into ``RecordedItem`` rows; counts the withheld texts."""

    def __init__(self, names: dict[str, str], others: list[str]):
        self.names = names  # member id -> name (the person's own)
        self.withheld = 0
        stems = [re.escape(name[: max(3, len(name) - 2)]) for name in others if name]
        self._others = re.compile(r"\b(" + "|".join(stems) + r")\w*") if stems else None

    def items(self, schema: dict | None, values: dict) -> tuple[RecordedItem, ...]:
        properties = (schema or {}).get("properties", {})
        rows: list[RecordedItem] = []
        for name, value in values.items():
            self._add(rows, _title(properties.get(name), name), properties.get(name) or {}, value)
        return tuple(rows)

    def _add(self, rows: list, label: str, node: dict, value) -> None:
        if value is None or value == [] or value == {} or value == "":
            return
        if isinstance(value, dict):
            inner = node.get("properties", {})
            for key, item in value.items():
                self._add(rows, f"{label} – {_title(inner.get(key), key)}", inner.get(key) or {}, item)
            return
        if isinstance(value, list):
            items = node.get("items") if isinstance(node.get("items"), dict) else {}
            if all(not isinstance(v, dict | list) for v in value):
                rows.append(RecordedItem(label, ", ".join(self.scalar(items, v) for v in value)))
                return
            for number, item in enumerate(value, start=1):
                self._add(rows, f"{label} ({number})", items, item)
            return
        rows.append(RecordedItem(label, self.scalar(node, value)))

    def scalar(self, node: dict, value) -> str:
        if isinstance(value, bool):
            return "tak" if value else "nie"
        titles = {o.get("const"): o.get("title") for o in node.get("oneOf", []) if isinstance(o, dict)}
        if value in titles and titles[value]:
            return str(titles[value])
        if isinstance(value, str) and value in self.names:
            return self.names[value]
        if isinstance(value, int | float):
            return str(value).replace(".", ",")
        text = str(value)
        if node.get("format") == "date":
            try:
                return date.fromisoformat(text).strftime("%d.%m.%Y")
            except ValueError:
                return text
        if self._others is not None and self._others.search(text):
            self.withheld += 1
            return WITHHELD
        return text


def _title(node, name: str) -> str:
    return str(node.get("title") or name) if isinstance(node, dict) else name


def form_fields(schema: dict, prefix: str = "", label: str = "") -> list[tuple[str, str]]:
    """(path, label) of every field of a form, nested fields after their parent (``plan.cel``)."""
    found = []
    for name, node in (schema.get("properties") or {}).items():
        node = node if isinstance(node, dict) else {}
        path, title = f"{prefix}{name}", f"{label}{_title(node, name)}"
        found.append((path, title))
        inner = node.get("items") if isinstance(node.get("items"), dict) else node
        if inner.get("properties"):
            found.extend(form_fields(inner, f"{path}.", f"{title} – "))
    return found
