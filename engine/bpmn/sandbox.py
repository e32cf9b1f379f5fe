"""The script sandbox: every script, condition, timer and DMN expression runs through here.

Diagrams are written by analysts, so their Python is untrusted input. RestrictedPython rewrites the
code so that attribute access, item access, iteration and writes go through guards, refuses names
and attributes that start with an underscore at compile time (we also refuse ``import`` and the
names of withheld builtins), and the builtins offered lack ``open``, ``eval``, ``exec``, ``getattr``
and friends; their ``__import__`` only lets ``datetime`` itself load ``time``.
"""

from __future__ import annotations

import ast
import builtins
import copy
import operator
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from types import ModuleType

from RestrictedPython import RestrictingNodeTransformer, compile_restricted_eval, compile_restricted_exec, safe_builtins
from RestrictedPython.Eval import default_guarded_getitem, default_guarded_getiter
from RestrictedPython.Guards import (
    full_write_guard,
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
    safer_getattr,
)
from RestrictedPython.PrintCollector import PrintCollector
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

from engine.bpmn import limits
from engine.bpmn.timeflow import ClockedDate, ClockedDatetime

#: Names a diagram may use besides its task data (documented in docs/modelling-conventions.md).
HELPERS = {"datetime": ClockedDatetime, "date": ClockedDate, "timedelta": timedelta, "timezone": timezone}

_EXTRA_BUILTINS = {
    name: getattr(builtins, name)
    for name in (
        "list",
        "dict",
        "set",
        "frozenset",
        "min",
        "max",
        "sum",
        "any",
        "all",
        "enumerate",
        "reversed",
        "map",
        "filter",
        "sorted",
        "zip",
        "tuple",
    )
}

#: Builtins the sandbox never offers; naming one is refused when the diagram is checked, not only
#: when the script runs (``open``, ``getattr``... would otherwise pass validation and fail later).
WITHHELD_NAMES = frozenset(
    {
        "open",
        "getattr",
        "globals",
        "locals",
        "vars",
        "dir",
        "compile",
        "eval",
        "exec",
        "type",
        "object",
        "super",
        "memoryview",
        "breakpoint",
        "input",
        "help",
        "exit",
        "quit",
    }
)

#: Exceptions that are not ``Exception``s: raised by a script they would stop the web app or worker.
_PROCESS_EXCEPTIONS = ("BaseException", "SystemExit", "KeyboardInterrupt", "GeneratorExit")

#: Modules the C implementation of ``datetime`` imports (``strftime``, ``date.today``, ``strptime``).
#: Scripts cannot import anything themselves: ``import`` and ``__import__`` are refused at compile time.
_INTERNAL_IMPORTS = frozenset({"time", "_strptime"})

_INPLACE = {
    "+=": operator.iadd,
    "-=": operator.isub,
    "*=": operator.imul,
    "/=": operator.itruediv,
    "//=": operator.ifloordiv,
    "%=": operator.imod,
    "|=": operator.ior,
    "&=": operator.iand,
}


def _inplace(op: str, target, value):
    try:
        return (limits.GUARDED_INPLACE.get(op) or _INPLACE[op])(target, value)
    except KeyError:
        raise SyntaxError(f"Operator {op} nie jest dozwolony w skryptach.") from None


def _internal_import(name, globals_=None, locals_=None, fromlist=(), level=0):
    if name not in _INTERNAL_IMPORTS or level:
        raise ImportError(f"Import modułu {name} jest niedozwolony.")
    return builtins.__import__(name, globals_, locals_, fromlist, level)


class _Policy(RestrictingNodeTransformer):
    """RestrictedPython's rules plus: no ``import`` at all, no withheld builtin names."""

    def visit_Import(self, node):
        self.error(node, "Instrukcja import jest niedozwolona.")
        return node

    visit_ImportFrom = visit_Import

    def visit_Name(self, node):
        if node.id in WITHHELD_NAMES:
            self.error(node, f"Nazwa „{node.id}” jest niedozwolona w skryptach.")
        return super().visit_Name(node)

    def visit_BinOp(self, node):
        node = super().visit_BinOp(node)
        guard = limits.GUARDED_OPERATORS.get(type(node.op))
        return limits.call(guard, node.left, node.right, like=node) if guard else node

    def visit_While(self, node):
        node = super().visit_While(node)
        node.body.insert(0, ast.copy_location(ast.Expr(limits.call("_tick_", like=node)), node))
        return node


def _base_globals() -> dict:
    builtins = dict(safe_builtins)
    builtins.update(_EXTRA_BUILTINS)
    for name in _PROCESS_EXCEPTIONS:
        del builtins[name]
    builtins["__import__"] = _internal_import
    builtins["range"] = limits.guarded_range
    return {
        "__builtins__": builtins,
        "__name__": "diagram_script",
        "_getattr_": safer_getattr,
        "_getitem_": default_guarded_getitem,
        "_getiter_": default_guarded_getiter,
        "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
        "_unpack_sequence_": guarded_unpack_sequence,
        "_write_": full_write_guard,
        "_inplacevar_": _inplace,
        "_print_": PrintCollector,
        **HELPERS,
    }


BASE_GLOBALS = _base_globals()


@lru_cache(maxsize=4096)
def compile_expression(source: str):
    """Compile an expression in restricted mode; SyntaxError names what was refused."""
    result = compile_restricted_eval(source.strip(), policy=_Policy)
    if result.errors:
        raise SyntaxError("; ".join(result.errors))
    return result.code


@lru_cache(maxsize=4096)
def compile_script(source: str):
    """Compile a script in restricted mode; SyntaxError names what was refused."""
    result = compile_restricted_exec(source, policy=_Policy)
    if result.errors:
        raise SyntaxError("; ".join(result.errors))
    return result.code


def _storable(value) -> bool:
    """JSON-like data (plus dates), as task data must be to be saved with the case."""
    if isinstance(value, dict):
        return all(isinstance(key, str) and _storable(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return all(_storable(item) for item in value)
    return value is None or isinstance(value, str | int | float | datetime | date)


def _is_data(name: str, value) -> bool:
    return not (name.startswith("_") or callable(value) or isinstance(value, ModuleType) or name in BASE_GLOBALS)


class SandboxEnvironment(BasePythonScriptEngineEnvironment):
    """Evaluates and executes diagram code on task data inside the RestrictedPython guards."""

    def __init__(self):
        super().__init__(dict(HELPERS))

    def evaluate(self, expression, context, external_context=None):
        namespace = dict(BASE_GLOBALS)
        namespace.update(limits.guard_globals(limits.Budget()))
        namespace.update(external_context or {})
        namespace.update(context)
        return eval(compile_expression(expression), namespace)  # noqa: S307 - restricted code object

    def execute(self, script, context, external_context=None):
        self._refuse_shadowing(context)
        namespace = dict(BASE_GLOBALS)
        namespace.update(limits.guard_globals(limits.Budget()))
        namespace.update(external_context or {})
        namespace.update(copy.deepcopy(context))  # a script that fails must leave the task data as it was
        exec(compile_script(script), namespace)  # noqa: S102 - restricted code object
        external = external_context or {}
        results = {key: value for key, value in namespace.items() if key not in external and _is_data(key, value)}
        for key, value in results.items():
            if not _storable(value):
                raise TypeError(
                    f"Skrypt zapisuje w polu „{key}” wartość typu {type(value).__name__}, której nie można "
                    "przechować w danych sprawy (dozwolone: tekst, liczby, tak/nie, listy, słowniki, daty)"
                )
        for key in [key for key in context if key not in namespace]:
            del context[key]
        context.update(results)
        return True

    def call_service(self, context, **kwargs):
        raise NotImplementedError("Zadania usługowe (service task) nie są obsługiwane.")

    def _refuse_shadowing(self, context):
        clashes = sorted(set(context) & set(BASE_GLOBALS))
        if clashes:
            raise ValueError(
                "Dane zadania zawierają pola o nazwach zastrzeżonych dla skryptów: "
                + ", ".join(clashes)
                + ". Zmień nazwy tych pól."
            )
