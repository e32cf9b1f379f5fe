"""Demo data for ``make run``: the Świlcza partnership, a user for every role, families at several stages.

    report = seed(engine, password="kooperacja-demo")

Idempotent: a second run finds everything by name, login or business key and adds nothing.
"""

from __future__ import annotations

from engine.demo.report import DemoCase, DemoLogin, DemoReport, render
from engine.demo.seed import seed

__all__ = ["DemoCase", "DemoLogin", "DemoReport", "render", "seed"]
