"""Checks that keep a form schema from harming the server: when the file is read and when it is validated.

A form schema is analyst input, and the validator obeys it: a ``$ref`` to a URL or a file makes the
server fetch it, a ``$ref`` loop recurses without end, a ``pattern`` such as ``^(a+)+$``
backtracks for minutes on thirty characters, and a document nested thousands deep breaks the
parser. So before a schema is accepted: its size and nesting are bounded (counted on the text,
before parsing), every reference must point inside the file and must not loop, ``enum`` lists are
bounded, and patterns that can backtrack catastrophically (a repeat inside a repeat, a repeated
alternation, a back-reference) or that are too long are refused.
"""

from __future__ import annotations

import json
import re
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from engine.errors import Problem
from engine.forms import too_deep

MAX_BYTES = 256 * 1024
MAX_DEPTH = 64  # nested JSON objects and arrays in a form file (a schema level takes two: {"properties": {...}})
MAX_ENUM = 1000
MAX_PATTERN = 500  # characters of a pattern
MAX_EXPANSION = 10_000  # schema nodes visited when following references

_REFERENCE_KEYS = ("$ref", "$dynamicRef", "$recursiveRef")
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)


def read_form(path: str, content: bytes, schema: bool) -> tuple[object, list[Problem]]:
    """Parse a form file and check it; the document and the problems found (with file and line)."""
    too_big = text_problem(content)
    if too_big:
        return None, [Problem(path, too_big[1], None, too_big[0])]
    try:
        document = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, [Problem(path, getattr(error, "lineno", None), None, f"Niepoprawny JSON: {error}")]
    if not schema:
        return document, []
    try:
        Draft202012Validator.check_schema(document)
    except SchemaError as error:
        where = "/".join(str(p) for p in error.path) or None
        message = error.message if len(error.message) <= 200 else error.message[:199] + "…"
        return None, [Problem(path, None, where, f"Niepoprawny JSON Schema: {message}")]
    return document, [Problem(path, line_of(content, needle), None, text) for text, needle in schema_problems(document)]


def text_problem(content: bytes) -> tuple[str, int] | None:
    """A problem of the raw file (too big, nested too deep) and its line, before it is parsed."""
    if len(content) > MAX_BYTES:
        return f"Plik formularza jest zbyt duży (ponad {MAX_BYTES // 1024} KB).", 1
    line = too_deep(content, MAX_DEPTH)
    if line is not None:
        return f"Plik formularza jest zbyt głęboko zagnieżdżony (ponad {MAX_DEPTH} poziomów).", line
    return None


def schema_problems(schema) -> list[tuple[str, str]]:
    """Problems of a parsed form schema, each with a piece of text that finds its line in the file."""
    problems: list[tuple[str, str]] = []
    for node in _nodes(schema):
        problems.extend(_node_problems(node))
        if node is not schema and isinstance(node.get("$id"), str):
            problems.append(("Identyfikator $id jest dozwolony tylko na początku schematu formularza.", '"$id"'))
    if not problems:
        problems.extend(_reference_problems(schema))
    return problems


def line_of(content: bytes, needle: str) -> int | None:
    """The 1-based line where ``needle`` first occurs in the file, if it does."""
    at = content.decode("utf-8", "replace").find(needle)
    return None if at < 0 else content.decode("utf-8", "replace").count("\n", 0, at) + 1


def _nodes(document):
    pending = [document]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            yield node
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)


def _node_problems(node: dict) -> list[tuple[str, str]]:
    problems = []
    for key in _REFERENCE_KEYS:
        target = node.get(key)
        if isinstance(target, str) and not (target == "#" or target.startswith("#/")):
            message = (
                f"Odwołanie {key} „{target}” wychodzi poza plik formularza lub nie jest wskaźnikiem JSON; "
                "dozwolone są tylko odwołania wewnątrz pliku (#/$defs/...)."
            )
            problems.append((message, f'"{key}"'))
    if isinstance(node.get("enum"), list) and len(node["enum"]) > MAX_ENUM:
        problems.append((f"Lista enum ma więcej niż {MAX_ENUM} pozycji.", '"enum"'))
    patterns = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
    if isinstance(node.get("patternProperties"), dict):
        patterns.extend(node["patternProperties"])
    for pattern in patterns:
        problem = pattern_problem(pattern)
        if problem:
            problems.append((problem, pattern[:40].replace("\\", "\\\\")))
    return problems


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` is refused (it could backtrack catastrophically), or None."""
    if len(pattern) > MAX_PATTERN:
        return f"Wzorzec (pattern) jest dłuższy niż {MAX_PATTERN} znaków."
    try:
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError) as error:
        return f"Wzorzec (pattern) „{pattern}” jest niepoprawny: {error}."
    reason = _risky(parsed, inside_repeat=False)
    if reason:
        return f"Wzorzec (pattern) „{pattern}” może działać wykładniczo długo ({reason}); uprość go."
    return None


def _risky(items, inside_repeat: bool) -> str | None:
    for op, argument in items:
        if op in _REPEATS:
            low, high, body = argument
            repeats = high is sre_constants.MAXREPEAT or high > 1
            if repeats and inside_repeat:
                return "powtórzenie wewnątrz powtórzenia"
            reason = _risky(body, inside_repeat or repeats)
        elif op == sre_constants.GROUPREF or op == sre_constants.GROUPREF_EXISTS:
            return "odwołanie do grupy"
        elif op == sre_constants.SUBPATTERN:
            reason = _risky(argument[-1], inside_repeat)
        elif op == sre_constants.BRANCH and inside_repeat:
            reason = "powtarzana alternatywa"
        elif op == sre_constants.BRANCH:
            reason = next((r for branch in argument[1] if (r := _risky(branch, inside_repeat))), None)
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            reason = _risky(argument[1], inside_repeat)
        else:
            reason = None
        if reason:
            return reason
    return None


def _reference_problems(schema) -> list[tuple[str, str]]:
    """Follow every local reference from the root: a reference reached again while expanding is a loop."""
    budget = [MAX_EXPANSION]
    try:
        _expand(schema, schema, (), budget)
    except _Refused as refused:
        return [(str(refused), refused.needle)]
    return []


class _Refused(Exception):
    def __init__(self, message: str, needle: str):
        super().__init__(message)
        self.needle = needle


def _expand(root, node, active: tuple[str, ...], budget: list[int]) -> None:
    pending = [(node, active)]
    while pending:
        current, chain = pending.pop()
        budget[0] -= 1
        if budget[0] < 0:
            raise _Refused(
                f"Schemat formularza jest zbyt złożony (ponad {MAX_EXPANSION} elementów po rozwinięciu odwołań).",
                '"$ref"',
            )
        if isinstance(current, list):
            pending.extend((item, chain) for item in current)
            continue
        if not isinstance(current, dict):
            continue
        for key in _REFERENCE_KEYS:
            target = current.get(key)
            if isinstance(target, str):
                if target in chain:
                    raise _Refused(
                        f"Odwołania w schemacie formularza tworzą pętlę ({' → '.join((*chain, target))}).",
                        f'"{target}"',
                    )
                pending.append((_resolve(root, target), (*chain, target)))
        pending.extend((value, chain) for name, value in current.items() if name not in _REFERENCE_KEYS)


def _resolve(root, reference: str):
    """The part of the schema a local reference (``#``, ``#/$defs/x``) points to."""
    node = root
    for part in reference.removeprefix("#").split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise _Refused(
                f"Odwołanie „{reference}” wskazuje element, którego nie ma w pliku formularza.", f'"{reference}"'
            )
    return node
