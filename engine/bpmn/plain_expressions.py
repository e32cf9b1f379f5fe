"""Expressions plain enough to evaluate here, without a round trip to a sandbox worker.

Most diagram expressions compare task data with literals: gateway conditions
(``decyzja == "zatwierdzony"``), every cell of a decision table (SpiffWorkflow asks for
``(wiek) == (18)`` once per rule and input), multi-instance collections and timer durations
(``"P14D"``). Sending each to a worker costs a pipe round trip and a pickle of the whole task data,
more than the rest of a gateway's work. An expression built only of names, literals, comparisons,
``and``/``or``/``not``, unary minus, item access, a conditional expression and ``len(...)`` cannot
call anything else, import, loop or allocate beyond what it reads, so it is evaluated here by
walking its tree. Everything else goes to the worker, and so does every expression that raises
here: its error then reads exactly as before.

Task data is JSON-like by construction (forms, message payloads, scripts' results checked by the
sandbox, workers' replies unpickled against an allow-list); every value the walk touches is checked
to be of such a type, so no comparison can reach code of another class.
"""

from __future__ import annotations

import ast
import copy
import operator
from datetime import date, datetime, timedelta
from functools import lru_cache

from engine.bpmn import bounds
from engine.bpmn.sandbox import WITHHELD_NAMES, compile_expression

#: Longer sources go to the worker: the walk (and ``ast.parse``) recurse over the tree.
MAX_SOURCE = 500

_DATA_TYPES = (str, int, float, bool, type(None), list, tuple, dict, datetime, date, timedelta)
_SCALARS = (str, int, float, bool, type(None), datetime, date, timedelta)
_COMPARE = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
}
_NODES = (
    ast.Expression,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.Not,
    ast.USub,
    ast.Compare,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.Tuple,
    ast.List,
    ast.Subscript,
    ast.IfExp,
    ast.Call,
    *_COMPARE,
)
#: What ``evaluate`` answers when the worker must evaluate the expression.
NOT_PLAIN = object()


class _Fallback(Exception):
    """The walk cannot answer: the worker will."""


@lru_cache(maxsize=4096)
def plain_tree(source: str) -> ast.Expression | None:
    """The parsed expression when it is plain enough to walk here, else None."""
    if len(source) > MAX_SOURCE:
        return None
    try:
        compile_expression(source)  # the sandbox's own acceptance: what it refuses, the worker reports
        tree = ast.parse(source.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError):
        return None
    for node in ast.walk(tree):
        if not isinstance(node, _NODES):
            return None
        if isinstance(node, ast.Name) and (node.id.startswith("_") or node.id in WITHHELD_NAMES):
            return None
        if isinstance(node, ast.Call) and not _is_len_call(node):
            return None
    return tree


def _is_len_call(node: ast.Call) -> bool:
    return isinstance(node.func, ast.Name) and node.func.id == "len" and len(node.args) == 1 and not node.keywords


def evaluate(source: str, context: dict, external: dict | None):
    """The value of a plain expression on the task data, or ``NOT_PLAIN`` when the worker must answer."""
    tree = plain_tree(source)
    if tree is None:
        return NOT_PLAIN
    try:
        value = _Walk(context, external or {}).value(tree.body)
        if not isinstance(value, _SCALARS):
            bounds.check_size(value)
            value = copy.deepcopy(value)  # a worker's answer is a copy; callers may keep and change it
    except Exception:  # noqa: BLE001 - any failure is reported by the worker, in its words
        return NOT_PLAIN
    return value


class _Walk:
    def __init__(self, context: dict, external: dict):
        self.context, self.external = context, external

    def value(self, node):
        method = getattr(self, "_" + type(node).__name__.lower())
        return _data(method(node))

    def _constant(self, node):
        return node.value

    def _name(self, node):
        # The sandbox's namespace: its globals, then the external context, then the task data on top.
        if node.id in self.context:
            return self.context[node.id]
        if node.id in self.external:
            return self.external[node.id]
        raise _Fallback(node.id)  # a helper, a builtin or an unknown name: the worker knows

    def _boolop(self, node):
        result = None
        for operand in node.values:
            result = self.value(operand)
            if isinstance(node.op, ast.And) != bool(result):
                return result
        return result

    def _unaryop(self, node):
        operand = self.value(node.operand)
        return (not operand) if isinstance(node.op, ast.Not) else -operand

    def _compare(self, node):
        left = self.value(node.left)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.value(comparator)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True

    def _tuple(self, node):
        return tuple(self.value(element) for element in node.elts)

    def _list(self, node):
        return [self.value(element) for element in node.elts]

    def _subscript(self, node):
        container, key = self.value(node.value), self.value(node.slice)
        if not isinstance(container, list | tuple | dict | str):
            raise _Fallback("subscript")
        return container[key]

    def _ifexp(self, node):
        return self.value(node.body) if self.value(node.test) else self.value(node.orelse)

    def _call(self, node):
        if "len" in self.context or "len" in self.external:
            raise _Fallback("len shadowed")
        return len(self.value(node.args[0]))


def _data(value):
    if not isinstance(value, _DATA_TYPES):
        raise _Fallback(type(value).__name__)
    return value
