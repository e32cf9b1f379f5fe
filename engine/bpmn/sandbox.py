"""The script sandbox: every script, condition, timer and DMN expression runs through here.

Diagrams are written by analysts, so their Python is untrusted input. RestrictedPython rewrites the
code so that attribute access, item access, iteration and writes go through guards, refuses names
and attributes that start with an underscore at compile time, and the builtins offered lack
``__import__``, ``open``, ``eval``, ``exec``, ``getattr`` and friends.
"""

from __future__ import annotations

import builtins
import operator
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from types import ModuleType

from RestrictedPython import compile_restricted_eval, compile_restricted_exec, safe_builtins
from RestrictedPython.Eval import default_guarded_getitem, default_guarded_getiter
from RestrictedPython.Guards import (
    full_write_guard,
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
    safer_getattr,
)
from RestrictedPython.PrintCollector import PrintCollector
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

#: Names a diagram may use besides its task data (documented in docs/modelling-conventions.md).
HELPERS = {"datetime": datetime, "date": date, "timedelta": timedelta, "timezone": timezone}

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
    )
}

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
        return _INPLACE[op](target, value)
    except KeyError:
        raise SyntaxError(f"Operator {op} nie jest dozwolony w skryptach.") from None


def _base_globals() -> dict:
    builtins = dict(safe_builtins)
    builtins.update(_EXTRA_BUILTINS)
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
    result = compile_restricted_eval(source.strip())
    if result.errors:
        raise SyntaxError("; ".join(result.errors))
    return result.code


@lru_cache(maxsize=4096)
def compile_script(source: str):
    """Compile a script in restricted mode; SyntaxError names what was refused."""
    result = compile_restricted_exec(source)
    if result.errors:
        raise SyntaxError("; ".join(result.errors))
    return result.code


def _is_data(name: str, value) -> bool:
    return not (name.startswith("_") or callable(value) or isinstance(value, ModuleType) or name in BASE_GLOBALS)


class SandboxEnvironment(BasePythonScriptEngineEnvironment):
    """Evaluates and executes diagram code on task data inside the RestrictedPython guards."""

    def __init__(self):
        super().__init__(dict(HELPERS))

    def evaluate(self, expression, context, external_context=None):
        namespace = dict(BASE_GLOBALS)
        namespace.update(external_context or {})
        namespace.update(context)
        return eval(compile_expression(expression), namespace)  # noqa: S307 - restricted code object

    def execute(self, script, context, external_context=None):
        self._refuse_shadowing(context)
        namespace = dict(BASE_GLOBALS)
        namespace.update(external_context or {})
        namespace.update(context)
        exec(compile_script(script), namespace)  # noqa: S102 - restricted code object
        removed = [key for key in context if key not in namespace]
        for key in removed:
            del context[key]
        external = external_context or {}
        for key, value in namespace.items():
            if key not in external and _is_data(key, value):
                context[key] = value
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


def make_script_engine() -> PythonScriptEngine:
    """A fresh SpiffWorkflow script engine bound to the sandbox."""
    return PythonScriptEngine(environment=SandboxEnvironment())
