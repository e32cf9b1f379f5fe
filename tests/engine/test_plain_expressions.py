"""Plain expressions are answered without a sandbox worker, exactly as the worker would answer them."""

from __future__ import annotations

import glob
from datetime import date, datetime
from pathlib import Path

import pytest
from lxml import etree

from engine.bpmn import plain_expressions
from engine.bpmn.isolation import IsolatedEnvironment, WorkerPool
from engine.bpmn.sandbox import SandboxEnvironment

ROOT = Path(__file__).resolve().parents[2]
DATA = {
    "decyzja": "zatwierdzony",
    "pilne": True,
    "wiek": 17,
    "kwota": 1250.5,
    "czlonkowie": ["Marek", "Anna", "Kacper"],
    "ocena": {"poziom": "wysoki", "punkty": [3, 4]},
    "brak": None,
    "termin": date(2026, 12, 17),
    "zgloszono": datetime(2026, 12, 3, 14, 30),
    "pozycje_aktywne": [],
}

PLAIN = [
    'decyzja == "zatwierdzony"',
    'decyzja != "odrzucony" and pilne',
    "not pilne or wiek >= 18",
    "16 <= wiek < 18",
    "wiek > 18 or kwota",
    "-wiek < 0",
    '"Anna" in czlonkowie',
    '"Zofia" not in czlonkowie',
    'ocena["poziom"] == "wysoki"',
    'ocena["punkty"][1] == 4',
    "brak is None",
    "pilne is not False",
    "len(pozycje_aktywne) > 0",
    "len(czlonkowie)",
    "(wiek) == (17)",
    '(decyzja) == ("zatwierdzony", "odrzucony")',
    'decyzja in ("zatwierdzony", "odrzucony")',
    '"P14D"',
    "termin",
    "czlonkowie",
    "ocena",
    '"pilna" if pilne else "zwykła"',
    "[wiek, kwota]",
    "zgloszono",
    "dmninputexpr == 17",
]

NOT_PLAIN = [
    "wiek + 1 > 18",  # arithmetic goes through the sandbox's guarded operators
    "datetime.now()",
    "sorted(czlonkowie)",
    "czlonkowie[0:2]",
    "ocena.get('poziom')",
    "[c for c in czlonkowie]",
    "_secret == 1",
    "open('/etc/passwd')",
    "len(czlonkowie, 2)",
    "wiek == " + " + ".join(["1"] * 400),
]


def _from_worker_side(source: str, external: dict | None = None):
    """What the sandbox itself gives (a worker runs exactly this on a copy of the data)."""
    try:
        return "ok", SandboxEnvironment().evaluate(source, dict(DATA), external)
    except Exception as error:  # noqa: BLE001 - compared as kind and message
        return "error", type(error).__name__


@pytest.mark.parametrize("source", PLAIN)
def test_a_plain_expression_is_answered_here_as_the_sandbox_answers_it(source):
    external = {"dmninputexpr": 17}
    value = plain_expressions.evaluate(source, DATA, external)
    assert value is not plain_expressions.NOT_PLAIN
    assert ("ok", value) == _from_worker_side(source, external)


@pytest.mark.parametrize("source", NOT_PLAIN)
def test_anything_else_goes_to_the_worker(source):
    assert plain_expressions.evaluate(source, DATA, None) is plain_expressions.NOT_PLAIN


@pytest.mark.parametrize(
    "source",
    ["nieznane == 1", 'ocena["brak_klucza"] == 1', "czlonkowie[7]", "brak > 3", "len(wiek) > 0", "-decyzja"],
)
def test_an_expression_that_fails_goes_to_the_worker_so_its_error_reads_as_before(source):
    assert plain_expressions.evaluate(source, DATA, None) is plain_expressions.NOT_PLAIN
    assert _from_worker_side(source)[0] == "error"


def test_task_data_shadows_helpers_and_len_as_in_the_sandbox():
    assert plain_expressions.evaluate("datetime == 1", {"datetime": 1}, None) is True
    assert plain_expressions.evaluate("len(x) > 0", {"x": [1], "len": 5}, None) is plain_expressions.NOT_PLAIN


def test_a_collection_answered_here_is_a_copy_the_caller_may_change():
    data = {"czlonkowie": ["Marek", "Anna"]}
    members = plain_expressions.evaluate("czlonkowie", data, None)
    members.append("Kacper")
    assert data["czlonkowie"] == ["Marek", "Anna"]


def test_a_value_that_is_not_data_is_left_to_the_worker():
    assert plain_expressions.evaluate("x == 1", {"x": object()}, None) is plain_expressions.NOT_PLAIN


class _CountingPool(WorkerPool):
    def __init__(self):
        super().__init__(idle=1)
        self.requests = []

    def run(self, request: dict):
        self.requests.append(request["source"])
        return super().run(request)


def test_the_isolated_environment_sends_only_what_is_not_plain_to_a_worker():
    pool = _CountingPool()
    try:
        environment = IsolatedEnvironment(pool)
        assert environment.evaluate('decyzja == "zatwierdzony"', dict(DATA)) is True
        assert environment.evaluate("sorted(czlonkowie)[0]", dict(DATA)) == "Anna"
        with pytest.raises(NameError):
            environment.evaluate("nieznane == 1", dict(DATA))
        assert pool.requests == ["sorted(czlonkowie)[0]", "nieznane == 1"]
    finally:
        pool.close()


def _expressions_of_the_process_library() -> list[str]:
    found = []
    for path in sorted(glob.glob(str(ROOT / "processes" / "*.bpmn"))):
        for element in etree.parse(path).iter():
            if not isinstance(element.tag, str) or not element.text or not element.text.strip():
                continue
            if etree.QName(element).localname in ("conditionExpression", "timeDuration", "loopDataInputRef"):
                found.append(element.text.strip())
    return found


def test_most_expressions_of_the_process_library_are_plain():
    expressions = _expressions_of_the_process_library()
    plain = [source for source in expressions if plain_expressions.plain_tree(source) is not None]
    assert len(expressions) > 20
    assert len(plain) >= 0.75 * len(expressions), sorted(set(expressions) - set(plain))
