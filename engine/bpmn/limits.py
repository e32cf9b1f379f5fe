"""Resource limits for diagram code: loops, ranges and the operators that build huge values.

RestrictedPython stops a script from reaching the machine, but not from spinning or eating memory
(``while True: pass``, ``'x' * 10**10``, ``10**10**10``). The sandbox's compile policy rewrites
loops and the ``*``, ``**`` and ``<<`` operators to call the guards below, and every run gets a
fresh ``Budget`` of loop rounds.
"""

from __future__ import annotations

import ast
import operator

MAX_ROUNDS = 1_000_000  # loop rounds (for, while, comprehensions) in one script or expression
MAX_ITEMS = 1_000_000  # items in a range or a repeated str/list/tuple
MAX_BITS = 100_000  # size of an integer built by ** or <<


class ScriptLimitExceeded(RuntimeError):
    """Diagram code went over a resource limit."""


class Budget:
    """Loop rounds left for one run of one script or expression."""

    def __init__(self, rounds: int = MAX_ROUNDS):
        self.rounds = rounds

    def tick(self) -> None:
        self.rounds -= 1
        if self.rounds < 0:
            raise ScriptLimitExceeded(f"Przekroczono limit {MAX_ROUNDS} obrotów pętli w skrypcie.")

    def iterate(self, iterable):
        for item in iterable:
            self.tick()
            yield item


def guarded_range(*args):
    values = range(*args)
    if len(values) > MAX_ITEMS:
        raise ScriptLimitExceeded(f"Zakres range() większy niż {MAX_ITEMS} elementów.")
    return values


def guarded_mul(left, right):
    for sequence, times in ((left, right), (right, left)):
        repeats = isinstance(sequence, str | bytes | list | tuple) and isinstance(times, int)
        if repeats and len(sequence) * times > MAX_ITEMS:
            raise ScriptLimitExceeded("Wynik mnożenia jest zbyt duży.")
    return operator.mul(left, right)


def guarded_pow(base, exponent):
    integers = isinstance(base, int) and isinstance(exponent, int) and exponent > 0
    if integers and max(base.bit_length(), 1) * exponent > MAX_BITS:
        raise ScriptLimitExceeded("Wynik potęgowania jest zbyt duży.")
    return operator.pow(base, exponent)


def guarded_lshift(value, shift):
    if isinstance(value, int) and isinstance(shift, int) and value.bit_length() + shift > MAX_BITS:
        raise ScriptLimitExceeded("Wynik przesunięcia bitowego jest zbyt duży.")
    return operator.lshift(value, shift)


GUARDED_OPERATORS = {ast.Mult: "_mul_", ast.Pow: "_pow_", ast.LShift: "_lshift_"}
GUARDED_INPLACE = {"*=": guarded_mul, "**=": guarded_pow, "<<=": guarded_lshift}


def guard_globals(budget: Budget) -> dict:
    """The names the rewritten code calls; a fresh budget per run."""
    return {
        "_tick_": budget.tick,
        "_getiter_": budget.iterate,
        "_mul_": guarded_mul,
        "_pow_": guarded_pow,
        "_lshift_": guarded_lshift,
    }


def call(name: str, *args: ast.expr, like: ast.AST) -> ast.Call:
    func = ast.copy_location(ast.Name(id=name, ctx=ast.Load()), like)
    return ast.copy_location(ast.Call(func=func, args=list(args), keywords=[]), like)
