"""Where practice runs live: one folder per run under a root, its SQLite database and ``run.json``.

The folder, not the memory of one process, is the run: any web process can pick it up, and removing
the folder ends it. ``run.json`` holds who started it, what it plays and the run's own clock.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from engine.errors import NotFound

_ID_LENGTH = 16
NOT_FOUND = "Nie ma takiej próby procesu albo już wygasła. Rozpocznij nową próbę."


@dataclass
class RunRecord:
    """What ``run.json`` holds; times are ISO 8601 strings with their UTC offset."""

    id: str
    owner: int
    path: str
    process_id: str
    case_id: str
    started_at: str
    expires_at: str
    offset: float  # seconds the run's clock is ahead of the real one (the analyst moves it forward)
    actors: dict[str, list] = field(default_factory=dict)  # role -> [user id, display name]
    moved_from: str | None = None  # the run's time before the last move that fired timers


class RunStore:
    def __init__(self, root: Path):
        self.root = root

    def new_id(self) -> str:
        return secrets.token_hex(_ID_LENGTH // 2)

    def folder(self, run_id: str) -> Path:
        if len(run_id) != _ID_LENGTH or not all(c in "0123456789abcdef" for c in run_id):
            raise NotFound(NOT_FOUND)
        return self.root / run_id

    def exists(self, run_id: str) -> bool:
        try:
            return self.folder(run_id).is_dir()
        except NotFound:
            return False

    def create(self, run_id: str) -> Path:
        folder = self.folder(run_id)
        folder.mkdir(parents=True, mode=0o700)
        return folder

    def load(self, run_id: str, owner: int | None) -> RunRecord:
        """The run, if it exists and ``owner`` started it (anyone else gets NotFound, as for no run)."""
        try:
            record = RunRecord(**json.loads((self.folder(run_id) / "run.json").read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            raise NotFound(NOT_FOUND) from None
        if record.owner != owner:
            raise NotFound(NOT_FOUND)
        return record

    def save(self, record: RunRecord) -> None:
        folder = self.folder(record.id)
        temporary = folder / "run.json.new"
        temporary.write_text(json.dumps(record.__dict__, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, folder / "run.json")

    def remove(self, run_id: str) -> None:
        shutil.rmtree(self.folder(run_id), ignore_errors=True)

    def of_owner(self, owner: int) -> list[RunRecord]:
        found = []
        for run_id in self._ids():
            try:
                found.append(self.load(run_id, owner))
            except NotFound:
                continue
        return sorted(found, key=lambda record: record.started_at, reverse=True)

    def expired(self, now: datetime, lifetime_seconds: float) -> list[str]:
        """The runs past their time; a folder without a readable ``run.json`` counts by its age."""
        gone = []
        for run_id in self._ids():
            path = self.root / run_id / "run.json"
            try:
                expires = datetime.fromisoformat(json.loads(path.read_text(encoding="utf-8"))["expires_at"])
            except (OSError, ValueError, KeyError, TypeError):
                age = now.timestamp() - (self.root / run_id).stat().st_mtime
                if age > lifetime_seconds:
                    gone.append(run_id)
                continue
            if expires <= now:
                gone.append(run_id)
        return gone

    def _ids(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return [p.name for p in self.root.iterdir() if p.is_dir() and len(p.name) == _ID_LENGTH]
