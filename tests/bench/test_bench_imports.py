"""``bench/`` runs where only the runtime dependencies are installed (no pytest, no test extras)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent
TEST_ONLY = ("pytest", "playwright", "pypdf", "aiosmtpd", "ruff")


def test_the_benchmarks_load_without_the_test_dependencies():
    blocker = "; ".join(f"sys.modules[{name!r}] = None" for name in TEST_ONLY)
    loads = [f"runpy.run_path({str(path)!r}, run_name='bench')" for path in sorted((ROOT / "bench").glob("*.py"))]
    assert loads, "no benchmark in bench/"
    script = f"import runpy, sys; {blocker}; " + "; ".join(loads)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
