"""Screenshots kept as test artifacts: test-artifacts/browser/<test-name>/NN-step.png."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from playwright.sync_api import Page

ARTIFACTS = Path(__file__).parents[2] / "test-artifacts" / "browser"


class Screenshots:
    """Numbered full-page screenshots of one test; the folder starts empty on every run of the test."""

    def __init__(self, test_name: str, page: Page, root: Path = ARTIFACTS):
        self.folder = root / re.sub(r"[^\w.-]+", "_", test_name).strip("_")
        self.page = page
        self.taken: list[Path] = []
        shutil.rmtree(self.folder, ignore_errors=True)  # stale pictures of an earlier run would mislead

    def __call__(self, step: str) -> Path:
        """Save the page as it is now as the next ``NN-step.png``."""
        self.folder.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^\w-]+", "-", step.lower()).strip("-")
        path = self.folder / f"{len(self.taken) + 1:02d}-{slug}.png"
        self.page.screenshot(path=path, full_page=True)
        self.taken.append(path)
        return path
