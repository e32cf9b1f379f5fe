"""``kooperacja validate`` checks the visibility table against the diagrams and forms it belongs to."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.bpmn.definitions import SourceFile
from engine.services.repository import collect, validate_files

ROOT = Path(__file__).parents[2]
TABLE = json.loads((ROOT / "processes" / "widocznosc.json").read_text(encoding="utf-8"))


def problems_with(table: dict) -> list[str]:
    files = [f for f in collect([ROOT / "processes"]) if not f.path.endswith("widocznosc.json")]
    content = json.dumps(table, ensure_ascii=False, indent=1).encode()
    return [str(p) for p in validate_files([*files, SourceFile("processes/widocznosc.json", content)])]


def test_the_shipped_table_is_valid():
    assert problems_with(TABLE) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t["dostep"].__setitem__("PCPR", ["zgloszenie", "notatki"]), "„PCPR”: nie ma sekcji „notatki”"),
        (lambda t: t["dostep"].__setitem__("Pracownik socjalny", "*"), "Rola „Pracownik socjalny” nie występuje"),
        (lambda t: t["sekcje"][0]["zadania"].append("ut_nie_ma"), "nie ma zadania użytkownika „ut_nie_ma”"),
        (lambda t: t["sekcje"][1]["zadania"].clear(), "Zadanie „ut_kwalifikacja” nie należy do żadnej sekcji"),
        (lambda t: t["kontekst_zadan"].__setitem__("ut_warsztat", ["zgody"]), "nie ma dostępu do sekcji „zgody”"),
        (lambda t: t.__setitem__("sekcja", []), "Nieznany klucz „sekcja”"),
        (lambda t: t.__setitem__("role_dopuszczone_z_danych", ["a..b"]), "Oczekiwano listy ścieżek danych"),
    ],
)
def test_a_broken_table_is_refused_with_the_line(change, expected):
    table = json.loads(json.dumps(TABLE))
    change(table)
    found = problems_with(table)
    assert any(expected in line for line in found), found
    assert all(line.startswith("processes/widocznosc.json:") for line in found)
    assert all(line.split(":")[1].strip().isdigit() for line in found if expected in line), found
