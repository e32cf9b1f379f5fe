"""The decision tables of two DMN files compared: the tables as a whole and their rows (rules).

A table changed when its hit policy differs or a column (by id) was added, removed, relabelled or
given another expression (``tables``). A row was added or removed when its id is on one side only;
it changed when the text of one of its cells (by column id) or its description differs (``compare``).
Cells are named by their column's label (its expression or name where it has none). A file that
does not parse has no tables and no rows.
"""

from __future__ import annotations

from lxml import etree

from engine.dto.comparison import CellChange, ColumnChange, RuleChange, TableChange

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
_ORDER = {"added": 0, "removed": 1, "changed": 2}


def rows(content: bytes) -> dict[str, dict]:
    """Rule id -> its decision's name, row number, description and cells (column id -> (label, text))."""
    found = {}
    for _decision, name, _number, table in _tables(content):
        columns = [_column(c) for c in table if _local(c) in ("input", "output")]
        rules = [r for r in table if _local(r) == "rule"]
        for number, rule in enumerate(rules, start=1):
            entries = [e for e in rule if _local(e) in ("inputEntry", "outputEntry")]
            cells = {ident: (label, _text(entry)) for (ident, label), entry in zip(columns, entries, strict=False)}
            ident = rule.get("id") or f"{table.get('id')}#{number}"
            found[ident] = {"decision": name, "number": number, "description": _description(rule), "cells": cells}
    return found


def tables(content: bytes) -> dict[str, dict]:
    """Table key (decision id, else name) -> its decision's name, hit policy and columns.

    Columns: column id -> (``input`` or ``output``, label, expression or output name)."""
    found = {}
    for decision, name, number, table in _tables(content):
        columns = {}
        for column in (c for c in table if _local(c) in ("input", "output")):
            ident, label = _column(column)
            columns[ident] = (_local(column), label, _expression(column))
        key = f"{decision.get('id') or name}#{number}"
        found[key] = {"decision": name, "hit_policy": table.get("hitPolicy") or "UNIQUE", "columns": columns}
    return found


def compare_tables(old: bytes, new: bytes) -> list[TableChange]:
    """Every table that is on both sides and whose hit policy or columns changed, by decision name.

    A table on one side only is told by its rows (all added or all removed)."""
    before, after = tables(old), tables(new)
    changes = []
    for key in [k for k in after if k in before]:
        was, now = before[key], after[key]
        columns = _changed_columns(was["columns"], now["columns"])
        if columns or was["hit_policy"] != now["hit_policy"]:
            changes.append(TableChange(now["decision"], was["hit_policy"], now["hit_policy"], columns))
    return sorted(changes, key=lambda c: c.decision)


def _changed_columns(old: dict, new: dict) -> tuple[ColumnChange, ...]:
    found = []
    for ident in [*old, *(i for i in new if i not in old)]:
        was, now = old.get(ident), new.get(ident)
        if was is None:
            found.append(ColumnChange(now[0], "added", "", now[1], "", now[2]))
        elif now is None:
            found.append(ColumnChange(was[0], "removed", was[1], "", was[2], ""))
        elif was[1:] != now[1:]:
            found.append(ColumnChange(now[0], "changed", was[1], now[1], was[2], now[2]))
    return tuple(found)


def compare(old: bytes, new: bytes) -> list[RuleChange]:
    """Every row added, removed or changed; sorted by change, then decision and row number."""
    before, after = rows(old), rows(new)
    changes = []
    for ident in set(before) | set(after):
        was, now = before.get(ident), after.get(ident)
        if was is None:
            changes.append(_whole("added", ident, now, new=True))
        elif now is None:
            changes.append(_whole("removed", ident, was, new=False))
        else:
            cells = _changed_cells(was["cells"], now["cells"])
            if cells or was["description"] != now["description"]:
                description = now["description"] or was["description"]
                changes.append(
                    RuleChange("changed", now["decision"], ident, was["number"], now["number"], description, cells)
                )
    return sorted(changes, key=lambda c: (_ORDER[c.change], c.decision, c.new_number or c.old_number or 0))


def _whole(change: str, ident: str, row: dict, new: bool) -> RuleChange:
    cells = tuple(CellChange(label, "" if new else text, text if new else "") for label, text in row["cells"].values())
    numbers = (None, row["number"]) if new else (row["number"], None)
    return RuleChange(change, row["decision"], ident, *numbers, row["description"], cells)


def _changed_cells(old: dict, new: dict) -> tuple[CellChange, ...]:
    cells = []
    for ident in [*old, *(i for i in new if i not in old)]:
        label = (new.get(ident) or old[ident])[0]
        was, now = old.get(ident, ("", ""))[1], new.get(ident, ("", ""))[1]
        if was != now:
            cells.append(CellChange(label, was, now))
    return tuple(cells)


def _tables(content: bytes):
    """(decision, its name, the table's number in it, table) for every decision table; none when unparsable."""
    try:
        root = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError:
        return
    for decision in root.iter("{*}decision"):
        name = decision.get("name") or decision.get("id") or ""
        for number, table in enumerate(decision.iter("{*}decisionTable"), start=1):
            yield decision, name, number, table


def _column(column) -> tuple[str, str]:
    expression = column.find("{*}inputExpression/{*}text")
    fallback = expression.text if expression is not None and expression.text else column.get("name")
    return column.get("id") or "", (column.get("label") or fallback or column.get("id") or "").strip()


def _expression(column) -> str:
    """An input's expression, or an output's variable name."""
    expression = column.find("{*}inputExpression/{*}text")
    if expression is not None:
        return (expression.text or "").strip()
    return (column.get("name") or "").strip()


def _text(entry) -> str:
    node = entry.find("{*}text")
    return (node.text or "").strip() if node is not None else ""


def _description(rule) -> str:
    node = rule.find("{*}description")
    return (node.text or "").strip() if node is not None else ""


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""
