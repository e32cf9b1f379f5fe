"""Two sets of model files compared: the files added, removed or changed, each with a line diff.

The line diff is difflib's unified diff with three lines of context, capped at ``MAX_DIFF_LINES``;
for BPMN diagrams the elements added, removed or changed are listed too (engine.bpmn.element_diff), for
decisions the rows of their tables (engine.bpmn.dmn_diff), for forms' JSON Schemas the fields (form_diff).
"""

from __future__ import annotations

import difflib
import hashlib
import re

from engine.bpmn import dmn_diff, element_diff
from engine.bpmn.sources import kind_of
from engine.dto.comparison import DiffLine, ElementChange, FileChange
from engine.services.library import form_diff

MAX_DIFF_LINES = 2000
_HUNK = re.compile(r"^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@")


def files(old: dict[str, bytes], new: dict[str, bytes]) -> tuple[list[FileChange], int]:
    """(the files that differ, sorted by path; how many files are the same on both sides)."""
    changes, same = [], 0
    for path in sorted(set(old) | set(new)):
        before, after = old.get(path), new.get(path)
        if before == after:
            same += 1
            continue
        change = "added" if before is None else "removed" if after is None else "changed"
        changes.append(_file(path, change, before, after))
    return changes, same


def _file(path: str, change: str, before: bytes | None, after: bytes | None) -> FileChange:
    old_text, new_text = _text(before), _text(after)
    binary = old_text is None or new_text is None
    lines, truncated = ((), False) if binary else line_diff(old_text, new_text)
    old_bytes, new_bytes = before or b"", after or b""
    elements, fields, rules, tables = (), (), (), ()
    if kind_of(path) == "bpmn":
        old_lanes, new_lanes = element_diff.lanes(old_bytes), element_diff.lanes(new_bytes)
        elements = tuple(
            ElementChange(*c, old_lanes.get(c[1], ""), new_lanes.get(c[1], ""))
            for c in element_diff.compare(old_bytes, new_bytes)
        )
    elif kind_of(path) == "dmn":
        rules = tuple(dmn_diff.compare(old_bytes, new_bytes))
        tables = tuple(dmn_diff.compare_tables(old_bytes, new_bytes))
    elif path.endswith(".schema.json"):
        fields = tuple(form_diff.compare(old_bytes, new_bytes))
    return FileChange(
        path, change, _hash(before), _hash(after), lines, truncated, elements, binary, fields, rules, tables
    )


def _text(content: bytes | None) -> str | None:
    if content is None:
        return ""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _hash(content: bytes | None) -> str | None:
    return None if content is None else hashlib.sha256(content).hexdigest()


def line_diff(old: str, new: str, limit: int = MAX_DIFF_LINES) -> tuple[tuple[DiffLine, ...], bool]:
    """The unified diff of two texts as numbered lines (no file headers): (at most ``limit`` lines, cut?)."""
    lines: list[DiffLine] = []
    old_no = new_no = 0
    raw = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=3)
    for text in raw:
        if text.startswith(("---", "+++")) and not lines:
            continue
        if len(lines) >= limit:
            return tuple(lines), True
        if text.startswith("@@"):
            match = _HUNK.match(text)
            old_no, new_no = (int(match.group(1)), int(match.group(2))) if match else (old_no, new_no)
            lines.append(DiffLine("hunk", text, None, None))
        elif text.startswith("+"):
            lines.append(DiffLine("added", text[1:], None, new_no))
            new_no += 1
        elif text.startswith("-"):
            lines.append(DiffLine("removed", text[1:], old_no, None))
            old_no += 1
        else:
            lines.append(DiffLine("same", text[1:], old_no, new_no))
            old_no += 1
            new_no += 1
    return tuple(lines), False
