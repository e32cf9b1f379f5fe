"""DMN decision tables checked cell by cell at validate, compiled exactly as they will run.

SpiffWorkflow's DMN engine turns an input cell into one Python expression with the column's input
expression (``(wiek) == (18)``, ``wiek > 18``, or ``?`` replaced by the input) and evaluates output
cells as they are; all of it runs in the sandbox. Each cell is compiled here with the sandbox's
compiler, so a FEEL-style ``= 1`` or ``__import__('os')`` is refused with file, line, rule and column.
"""

from __future__ import annotations

import ast
import re

from lxml import etree

from engine.bpmn.sandbox import compile_expression
from engine.bpmn.sources import FileSet
from engine.bpmn.wording import compile_error
from engine.errors import Problem

_QUESTION = re.compile(r"(\?)(?=(?:[^'\"]|['\"][^'\"]*['\"])*$)")  # a ``?`` outside quotes, as SpiffWorkflow finds it
_HIT_POLICIES = ("UNIQUE", "COLLECT")


def check_dmn(file_set: FileSet) -> list[Problem]:
    problems = []
    for path, tree in file_set.dmn_trees():
        for table in tree.getroot().iter("{*}decisionTable"):
            problems += _table_problems(path, table)
    return problems


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _table_problems(path: str, table) -> list[Problem]:
    problems = []
    policy = (table.get("hitPolicy") or "UNIQUE").upper()
    if policy not in _HIT_POLICIES:
        message = f"Zasada trafień {policy} nie jest obsługiwana (dozwolone: UNIQUE, COLLECT)."
        problems.append(Problem(path, table.sourceline or 1, table.get("id"), message))
    inputs = [child for child in table if _local(child) == "input"]
    outputs = [child for child in table if _local(child) == "output"]
    expressions = []
    for number, column in enumerate(inputs, start=1):
        expression, problem = _input_expression(path, column, number)
        expressions.append(expression)
        problems += [problem] if problem else []
    for number, rule in enumerate((child for child in table if _local(child) == "rule"), start=1):
        problems += _rule_problems(path, rule, number, expressions, inputs, outputs)
    return problems


def _input_expression(path: str, column, number: int) -> tuple[str | None, Problem | None]:
    text_node = column.find("{*}inputExpression/{*}text")
    text = (text_node.text or "").strip() if text_node is not None else ""
    where = column.find("{*}inputExpression")
    where = where if where is not None else column
    if not text:
        message = f"Kolumna wejścia {number} nie ma wyrażenia wejściowego."
        return None, Problem(path, where.sourceline or 1, column.get("id"), message)
    try:
        compile_expression(text)
    except SyntaxError as error:
        explained = compile_error(error)
        message = (
            f"Kolumna wejścia {number}: niedozwolone lub błędne wyrażenie wejściowe „{_short(text)}”: {explained}."
        )
        return None, Problem(path, where.sourceline or 1, column.get("id"), message)
    return text, None


def _rule_problems(path: str, rule, number: int, expressions: list, inputs: list, outputs: list) -> list[Problem]:
    entries = [child for child in rule if _local(child) == "inputEntry"]
    results = [child for child in rule if _local(child) == "outputEntry"]
    if len(entries) != len(inputs) or len(results) != len(outputs):
        message = (
            f"Reguła {number} ma {len(entries)} komórek wejścia i {len(results)} wyjścia, "
            f"a tabela ma {len(inputs)} kolumn wejścia i {len(outputs)} wyjścia."
        )
        return [Problem(path, rule.sourceline or 1, rule.get("id"), message)]
    problems = []
    for column, (entry, expression) in enumerate(zip(entries, expressions, strict=True), start=1):
        text = _text(entry)
        if text is None or text == "-" or expression is None:
            continue
        problem = _compiles(_input_cell(expression, text), text)
        if problem:
            problems.append(_cell(path, entry, rule, f"Reguła {number}, kolumna wejścia {column}: {problem}"))
    for column, entry in enumerate(results, start=1):
        text = _text(entry)
        problem = _compiles(text, text) if text else None
        if problem:
            problems.append(_cell(path, entry, rule, f"Reguła {number}, kolumna wyjścia {column}: {problem}"))
    return problems


def _text(entry) -> str | None:
    node = entry.find("{*}text")
    return node.text.strip() if node is not None and node.text is not None else None


def _input_cell(expression: str, text: str) -> str | None:
    """The expression SpiffWorkflow's DMN engine evaluates for an input cell (None: it cannot build one)."""
    if _QUESTION.search(text):
        return _QUESTION.sub("dmninputexpr", text)
    try:
        ast.parse(text)
        return f"({expression}) == ({text})"
    except SyntaxError:
        pass
    try:
        ast.parse(f"v {text}")
    except SyntaxError:
        return None
    return expression + text


def _compiles(expression: str | None, text: str) -> str | None:
    hint = " Komórki tabel DMN to wyrażenia Pythona, nie FEEL (np. 18, > 18, 'tak', ? in ['a', 'b'])."
    if expression is None:
        return f"błędne wyrażenie „{_short(text)}”.{hint}"
    try:
        compile_expression(expression)
    except SyntaxError as error:
        feel = hint if text.lstrip().startswith(("=", "[", "not(")) or ".." in text else ""
        return f"niedozwolone lub błędne wyrażenie „{_short(text)}”: {compile_error(error)}.{feel}"
    return None


def _cell(path: str, entry, rule, message: str) -> Problem:
    return Problem(path, entry.sourceline or 1, entry.get("id") or rule.get("id"), message)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:79] + "…"
