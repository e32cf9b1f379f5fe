"""Turning submitted form fields (a werkzeug MultiDict) back into the JSON object the engine validates."""

from __future__ import annotations

import re
from typing import Any

from web.formview import schema as s
from web.formview.model import Parsed

MISSING: Any = object()
ROW_ACTIONS = ("add:", "remove:")
MAX_NAME_DEPTH = 64  # dots in a field name; a form schema is at most 64 JSON levels deep

INTEGER_MESSAGE = "Wpisz liczbę całkowitą (same cyfry, np. 12)."
NUMBER_MESSAGE = "Wpisz liczbę, np. 12 lub 12,50."
BOOLEAN_MESSAGE = "Wybierz „Tak” albo „Nie”."

_INTEGER = re.compile(r"[+-]?\d{1,18}")
_NUMBER = re.compile(r"[+-]?(\d{1,18}([.,]\d{0,18})?|[.,]\d{1,18})")
_POLISH_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_SPACES = re.compile(r"[ \u00a0\u202f]")
_UNIT = re.compile(r"\s*(zł\.?|pln)$", re.IGNORECASE)
_DOT_GROUPS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d*)?")  # "1.200" or "1.200,50": dots group thousands


class _Raw(str):
    """Text typed where a value did not convert: kept for showing again, never sent to the engine."""


def parse(schema: dict, formdata, *, keep_empty_rows: bool | None = None) -> Parsed:
    """The JSON object a submitted form describes.

    Strings are trimmed and empty inputs left out; numbers are read as Polish people write them
    ("1 200,50", non-breaking spaces, "1.200,50", "1 200 zł"); dates typed as DD.MM.RRRR become
    RRRR-MM-DD; booleans come from "true"/"false". Rows of repeating groups are rebuilt in index
    order and rows with nothing typed are dropped unless ``keep_empty_rows``.
    A value that does not convert is kept in ``raw`` with a Polish message in ``errors``. Names the
    schema does not describe, names starting with "_" (``csrf_token``, ``_action``) and read-only
    fields are ignored.

    Args:
        schema: the task's JSON Schema.
        formdata: the submitted fields (``request.form``): needs ``getlist`` and ``keys``.
        keep_empty_rows: keep rows with nothing typed, so row numbers stay those of the page the user
            saw. By default they are kept when ``_action`` is a row action (``add:``/``remove:``).

    Returns:
        Parsed; ``data`` is what the engine should get when ``errors`` is empty.
    """
    if keep_empty_rows is None:
        keep_empty_rows = str(_first(formdata, "_action") or "").startswith(ROW_ACTIONS)
    reader = _Reader(formdata, keep_empty_rows)
    tree = reader.object(schema or {}, "", "")
    return Parsed(data=_strip(tree), raw=reader.raw, errors=reader.errors, values=_plain(tree))


class _Reader:
    def __init__(self, formdata, keep_empty_rows: bool):
        self.formdata = formdata
        self.keep = keep_empty_rows
        self.raw: dict[str, Any] = {}
        self.errors: dict[str, list[str]] = {}
        self.segments: dict[str, set[str]] = {}  # name prefix -> the segments that follow it
        for name in formdata:
            if not name or name.startswith("_") or name.count(".") > MAX_NAME_DEPTH:
                continue  # a form is as deep as its schema (bounded at deploy); deeper names are not its fields
            parts = name.split(".")
            for depth in range(1, len(parts)):
                self.segments.setdefault(".".join(parts[:depth]), set()).add(parts[depth])

    def value(self, sub: dict, name: str, out: str, required: bool):
        """One property's value; ``name`` is its HTML name, ``out`` its path in the result."""
        if sub.get("readOnly"):
            return MISSING
        kind = s.node_type(sub)
        if kind == "object":
            found = self.object(sub, name, out)
            keep = found or required or isinstance(sub.get("default"), dict)
            return found if keep else MISSING
        if kind == "array":
            items = s.item_schema(sub)
            read = self.choices if s.enum_choices(items) is not None else self.rows
            found = read(items, name, out)
            keep = found or required or isinstance(sub.get("default"), list)
            return found if keep else MISSING
        return self.scalar(sub, kind, name, out)

    def object(self, sub: dict, name: str, out: str) -> dict:
        required = s.required_names(sub)
        found = {}
        for key, child in s.ordered_properties(sub, {}):
            value = self.value(child, s.join(name, key), s.join(out, key), key in required)
            if value is not MISSING:
                found[key] = value
        return found

    def choices(self, items: dict, name: str, out: str) -> list:
        chosen = []
        for position, text in enumerate(t for t in map(_clean, self.formdata.getlist(name)) if t):
            value = self.convert(items, s.node_type(items), text, s.join(out, position))
            if value not in chosen:
                chosen.append(value)
        return chosen

    def rows(self, items: dict, name: str, out: str) -> list:
        indices = sorted(int(seg) for seg in self.segments.get(name, ()) if seg.isdigit() and str(int(seg)) == seg)
        kept = []
        for index in indices:
            target = s.join(out, len(kept))
            value = self.value(items, s.join(name, index), target, False)
            if not _blank(value, items):
                kept.append(value)
            elif self.keep:
                kept.append({} if value is MISSING and s.node_type(items) == "object" else _or_empty(value))
        return kept

    def scalar(self, sub: dict, kind: str | None, name: str, out: str):
        text = _clean(_first(self.formdata, name))
        if not text:
            return MISSING
        return self.convert(sub, kind, text, out)

    def convert(self, sub: dict, kind: str | None, text: str, out: str):
        for const, _title in s.enum_choices(sub) or []:
            if _text_of(const) == text:
                return const
        if kind == "boolean":
            return self.fail(out, text, BOOLEAN_MESSAGE) if text not in ("true", "false") else text == "true"
        if kind == "integer":
            digits = _digits(text, integer=True)
            return int(digits) if _INTEGER.fullmatch(digits) else self.fail(out, text, INTEGER_MESSAGE)
        if kind == "number":
            digits = _digits(text, integer=False)
            if not _NUMBER.fullmatch(digits):
                return self.fail(out, text, NUMBER_MESSAGE)
            return float(digits.replace(",", ".")) if re.search("[.,]", digits) else int(digits)
        if sub.get("format") == "date" and (match := _POLISH_DATE.fullmatch(text)):
            day, month, year = match.groups()
            return f"{year}-{int(month):02d}-{int(day):02d}"
        return text

    def fail(self, out: str, text: str, message: str) -> _Raw:
        self.raw[out] = text
        self.errors.setdefault(out, []).append(message)
        return _Raw(text)


def _digits(text: str, integer: bool) -> str:
    """A number as typed in Polish, ready for the patterns: no spaces (also non-breaking ones) or unit
    ("1 200,50 zł"), a typographic minus as "-", dots grouping thousands dropped ("1.200,50"; "1.200"
    only in an integer field, where it cannot be a decimal point)."""
    digits = _SPACES.sub("", _UNIT.sub("", text)).replace("\u2212", "-")
    if _DOT_GROUPS.fullmatch(digits) and ("," in digits or integer):
        digits = digits.replace(".", "")
    return digits


def _first(formdata, name: str):
    values = formdata.getlist(name)
    return values[0] if values else None


def _clean(text) -> str:
    """Trimmed, with the CR LF line ends browsers send turned into LF."""
    if text is None:
        return ""
    return str(text).replace("\r\n", "\n").replace("\r", "\n").strip()


def _blank(value, sub: dict) -> bool:
    """Nothing typed: no value, or only the values the schema would prefill anyway."""
    if value is MISSING or value in ("", [], {}):
        return True
    if isinstance(value, _Raw):
        return False
    if "default" in sub and value == sub["default"]:
        return True
    if isinstance(value, dict):
        properties = sub.get("properties") or {}
        return all(_blank(v, properties.get(k) or {}) for k, v in value.items())
    return False


def _or_empty(value):
    return "" if value is MISSING else value


def _text_of(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _strip(tree):
    """The tree without the texts that did not convert."""
    if isinstance(tree, dict):
        return {k: _strip(v) for k, v in tree.items() if not isinstance(v, _Raw)}
    if isinstance(tree, list):
        return [_strip(v) for v in tree if not isinstance(v, _Raw)]
    return tree


def _plain(tree):
    """The tree with every value a plain JSON type (texts that did not convert as plain strings)."""
    if isinstance(tree, dict):
        return {k: _plain(v) for k, v in tree.items()}
    if isinstance(tree, list):
        return [_plain(v) for v in tree]
    return str(tree) if isinstance(tree, _Raw) else tree
