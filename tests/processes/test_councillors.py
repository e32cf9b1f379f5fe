"""Figures for councillors checked against family cases made through the engine: counts by status, year,
outcome, closing reason and variant of their gmina's partnership; 1 to 4 shown as "<5", 0 as 0; no title,
business key or name in what the engine returns; only councillors (and the system) may read them."""

from __future__ import annotations

import dataclasses

import pytest

from engine.dto import Actor
from engine.dto.councillors import protected
from engine.errors import NotAllowed
from engine.roles import COUNCILLOR
from engine.services.councillors import CouncillorService
from tests.engine.helpers import audit_rows
from tests.factories import ADMIN, add_person
from tests.processes.driver import CaseDriver
from tests.processes.people import AN, PS
from tests.processes.scenarios import KWALIFIKACJA_TAK, NOMINACJA

NOT_QUALIFIED = dict(KWALIFIKACJA_TAK, decyzja_kwalifikacji="niezakwalifikowana")


def councillor(engine, login: str, council: str, gmina: str) -> Actor:
    """A councillor of ``council`` (made once: on PostgreSQL the directory stays from test to test)."""
    found = [info.id for info in engine.directory.institutions() if info.name == council]
    institution = found[0] if found else engine.directory.add_institution(ADMIN, council, "samorząd", gmina).id
    try:
        info = engine.directory.user_by_login(login)
        return Actor(info.id, login)
    except Exception:  # noqa: BLE001 - not made yet
        return add_person(engine, login, institution, COUNCILLOR)


def _texts(value) -> list[str]:
    """Every text anywhere in the figures (labels, shown counts, names of partnerships)."""
    if dataclasses.is_dataclass(value):
        return [text for item in dataclasses.fields(value) for text in _texts(getattr(value, item.name))]
    if isinstance(value, tuple | list):
        return [text for item in value for text in _texts(item)]
    return [str(value)]


def test_councillor_figures_suppress_small_counts_and_carry_no_case_data(engine, people):
    rejected = []
    for number in range(5):
        case = CaseDriver(engine, people, roundtrip=False, check_visibility=False)
        rejected.append(case.start(title=f"Rodzina Kowalskich {number}"))
        case.do(PS, "ut_nominacja", NOMINACJA)
        case.do(AN, "ut_kwalifikacja", NOT_QUALIFIED)  # the case ends: not qualified
    waiting = CaseDriver(engine, people, roundtrip=False, check_visibility=False)
    open_case = waiting.start(title="Rodzina Zawadzkich")
    waiting.do(PS, "ut_nominacja", dict(NOMINACJA, wariant="miejski"))

    radny = councillor(engine, "radny.bw", "Rada Gminy Brzozowa Wola", "Brzozowa Wola")
    figures = engine.councillors.figures(radny)

    year = str(open_case.created_at.year)
    assert figures.gmina == "Brzozowa Wola"
    assert figures.partnerships == ("PZK Brzozowa Wola",)
    assert figures.cases.text == "6" and not figures.cases.suppressed
    assert [(row.label, row.count.text) for row in figures.statuses] == [
        ("running", "<5"),
        ("suspended", "0"),
        ("error", "0"),
        ("completed", "x"),  # hidden: the total minus the others would tell the "<5"
        ("terminated", "0"),
    ]
    assert [row.count.suppressed for row in figures.statuses] == [True, False, False, True, False]
    assert [(row.year, row.opened.text, row.closed.text) for row in figures.years] == [(year, "6", "5")]
    assert [(row.label, row.count.text) for row in figures.outcomes] == [("nie_zakwalifikowano", "5")]
    assert [(row.label, row.count.text) for row in figures.close_reasons] == [("niezakwalifikowana", "5")]
    assert [(row.label, row.count.text) for row in figures.variants] == [("miejski", "<5"), ("wiejski", "x")]

    texts = " ".join(_texts(figures))
    for case in [*rejected, open_case]:
        assert case.title not in texts and case.business_key not in texts and case.id not in texts
    assert "Rodzin" not in texts and "radny" not in texts
    assert [detail for actor, case, detail in audit_rows(engine, "councillors.read")] == [
        {"gmina": "Brzozowa Wola", "partnerships": [people.partnership_id]}
    ]

    # a councillor of another gmina sees none of these cases
    other = engine.councillors.figures(councillor(engine, "radny.ld", "Rada Gminy Lipiny Dolne", "Lipiny Dolne"))
    assert other.partnerships == () and other.cases.text == "0" and other.outcomes == () and other.years == ()


def test_only_councillors_and_the_system_read_the_figures(engine, people):
    for actor in [people.supervisor, people.user[PS], people.outsider]:
        with pytest.raises(NotAllowed):
            engine.councillors.figures(actor)
    assert engine.councillors.figures(Actor.system(), "Brzozowa Wola").cases.text == "0"
    assert isinstance(engine.councillors, CouncillorService)


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        ([6, 0, 0, 1, 0], ["x", "0", "0", "<5", "0"]),  # one small count: the smallest other one hidden too
        ([7, 9, 3], ["x", "9", "<5"]),
        ([6, 2, 1], ["6", "<5", "<5"]),  # two small counts: their sum alone is known
        ([5, 0], ["5", "0"]),
        ([4], ["<5"]),
        ([], []),
    ],
)
def test_small_counts_and_the_count_that_would_tell_them_are_hidden(counts, shown):
    assert [item.text for item in protected(counts)] == shown
