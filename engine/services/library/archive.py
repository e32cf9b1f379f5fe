"""A version as a ``processes/`` + ``forms/`` folder in a zip file, and back."""

from __future__ import annotations

import io
import zipfile

from engine.errors import InvalidInput
from engine.services.library.paths import MAX_FILE_BYTES, check_path

MAX_ENTRIES = 500
_FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # the same files give the same zip, byte for byte


def pack(files: dict[str, bytes], folder: str) -> bytes:
    """A zip with one top folder ``folder`` holding ``processes/`` and ``forms/`` as the repository does."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{path}", _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[path])
    return buffer.getvalue()


def unpack(data: bytes) -> tuple[dict[str, bytes], list[str]]:
    """The model files of a zip (under ``processes/`` and ``forms/``, at any depth), and the names skipped."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise InvalidInput("To nie jest plik ZIP.") from error
    entries = [entry for entry in archive.infolist() if not entry.is_dir()]
    if len(entries) > MAX_ENTRIES:
        raise InvalidInput(f"Archiwum ma więcej niż {MAX_ENTRIES} plików.")
    files: dict[str, bytes] = {}
    skipped: list[str] = []
    for entry in entries:
        path = _model_path(entry.filename)
        if path is None:
            skipped.append(entry.filename)
            continue
        if entry.file_size > MAX_FILE_BYTES:
            raise InvalidInput(f"Plik {entry.filename} jest większy niż {MAX_FILE_BYTES // 1024} KiB.")
        files[path] = archive.read(entry)
    if not files:
        raise InvalidInput("Archiwum nie zawiera plików processes/*.bpmn, processes/*.dmn ani forms/*.json.")
    return files, skipped


def _model_path(name: str) -> str | None:
    parts = name.replace("\\", "/").split("/")
    for start in range(len(parts) - 1):
        if parts[start] in ("processes", "forms") and ".." not in parts:
            candidate = "/".join(parts[start:])
            try:
                return check_path(candidate)
            except InvalidInput:
                return None
    return None
