"""Why a case may not move, in the words the analyst reads."""

from __future__ import annotations

from engine.bpmn.migration import Blocker

_STATE = {
    "completed": "zadanie „{what}” zostało już wykonane",
    "started": "zadanie „{what}” jest w toku",
    "open": "zadanie „{what}” czeka na wykonanie",
    "called": "wywołany proces „{what}”",
}
_CHANGE = {
    "changed": "a w wersji {version} je zmieniono",
    "removed": "a w wersji {version} je usunięto",
}


def reason(blocker: Blocker, version: int) -> str:
    if blocker.state == "called":
        return f"wywołany proces „{blocker.what}” nie istnieje w wersji {version}"
    return f"{_STATE[blocker.state].format(what=blocker.what)}, {_CHANGE[blocker.change].format(version=version)}"
