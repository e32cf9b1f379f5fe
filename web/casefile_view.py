"""The case file as the pages show it: each entry's answers built into a read-only form view."""

from __future__ import annotations

from dataclasses import dataclass

from engine.dto.casefile import FileEntry, FileSection
from web import formview


@dataclass(frozen=True)
class EntryView:
    entry: FileEntry
    view: formview.FormView | None  # None: the task had no form
    changes: tuple  # of ``Change``: what differs from the previous version of the same task


@dataclass(frozen=True)
class SectionView:
    section: FileSection
    entries: tuple[EntryView, ...]

    @property
    def id(self) -> str:
        return self.section.id

    @property
    def title(self) -> str:
        return self.section.title


def section_views(sections: tuple[FileSection, ...]) -> list[SectionView]:
    return [SectionView(s, tuple(_entry_view(e) for e in s.entries)) for s in sections]


def _entry_view(entry: FileEntry) -> EntryView:
    if not entry.schema:
        return EntryView(entry, None, ())
    schema = formview.with_choices(entry.schema, entry.choices)  # members shown by name, not by id
    view = formview.build(schema, entry.ui_schema or {}, entry.values, {})
    return EntryView(entry, view, tuple(changes(entry.schema, entry.previous, entry.values)))


@dataclass(frozen=True)
class Change:
    """One difference from the previous version, in words: ``what`` changed, from ``before`` to ``after``."""

    what: str
    before: str | None
    after: str | None


def changes(schema: dict | None, previous: dict | None, current: dict) -> list[Change]:
    """What changed in a form's answers since the previous completion (top-level fields; rows of a
    list matched by their ``id``), labelled with the form's titles."""
    if not schema or previous is None:
        return []
    found = []
    for name, node in (schema.get("properties") or {}).items():
        before, after = previous.get(name), current.get(name)
        if before == after:
            continue
        label = node.get("title") or name
        rows = (node.get("items") or {}) if node.get("type") == "array" else {}
        if rows.get("type") == "object" and _keyed(before) and _keyed(after):
            found += _row_changes(label, rows, before, after)
        else:
            found.append(Change(label, _text(node, before), _text(node, after)))
    return found


def _keyed(rows) -> bool:
    return isinstance(rows, list) and all(isinstance(r, dict) and "id" in r for r in rows)


def _row_changes(label: str, schema: dict, before: list, after: list) -> list[Change]:
    old, new = {r["id"]: r for r in before}, {r["id"]: r for r in after}
    found = [Change(f"{label}: {key}", _row_text(schema, old[key]), None) for key in old if key not in new]
    found += [Change(f"{label}: {key}", None, _row_text(schema, new[key])) for key in new if key not in old]
    for key in (k for k in new if k in old and new[k] != old[k]):
        for field, node in (schema.get("properties") or {}).items():
            if old[key].get(field) != new[key].get(field):
                what = f"{label}: {key}, {node.get('title') or field}"
                found.append(Change(what, _text(node, old[key].get(field)), _text(node, new[key].get(field))))
    return found


def _row_text(schema: dict, row: dict) -> str:
    properties = schema.get("properties") or {}
    return "; ".join(_text(properties.get(k, {}), v) or "" for k, v in row.items() if k != "id" and v not in (None, ""))


def _text(node: dict, value) -> str | None:
    if value is None or value == "":
        return None
    titles = {o.get("const"): o.get("title") for o in node.get("oneOf") or () if isinstance(o, dict)}
    if isinstance(value, list):
        return ", ".join(str(titles.get(v, v)) for v in value)
    return str(titles.get(value, value))
