"""Which paths the library accepts, and what kind of file each one is."""

from __future__ import annotations

import re

from engine.errors import InvalidInput
from engine.roles import VISIBILITY_TABLE_FILE

# processes/<name>.bpmn|.dmn, processes/widocznosc.json, forms/<name>.schema.json|.uischema.json
_PATH = re.compile(r"^(processes/[A-Za-z0-9_-]+\.(bpmn|dmn)|forms/[A-Za-z0-9_-]+\.(schema|uischema)\.json)$")
MAX_FILE_BYTES = 1024 * 1024


def kind_of(path: str) -> str:
    if path.endswith(".bpmn"):
        return "process"
    if path.endswith(".dmn"):
        return "decision"
    if path.endswith(VISIBILITY_TABLE_FILE):
        return "table"
    return "form"


def check_path(path: str) -> str:
    """``path`` if the library may hold a file there; otherwise InvalidInput."""
    if _PATH.match(path) or path == f"processes/{VISIBILITY_TABLE_FILE}":
        return path
    raise InvalidInput(
        f"Nieprawidłowa nazwa pliku {path!r}: dozwolone są processes/NAZWA.bpmn, processes/NAZWA.dmn, "
        "forms/NAZWA.schema.json i forms/NAZWA.uischema.json (litery, cyfry, _ i -)."
    )


def check_content(path: str, content: bytes) -> bytes:
    if len(content) > MAX_FILE_BYTES:
        raise InvalidInput(f"Plik {path} jest większy niż {MAX_FILE_BYTES // 1024} KiB.")
    if not content.strip():
        raise InvalidInput(f"Plik {path} jest pusty.")
    return content
