"""Dashboard figures checked against cases made through the engine with known timing: lead times,
cases per month, outcomes, overdue tasks per institution, sectoral diagnoses within 14 days; filters."""

from __future__ import annotations

from datetime import timedelta

from engine.dto.dashboards import DashboardFilter
from tests.processes.driver import CaseDriver
from tests.processes.people import AN, PS, ZD
from tests.processes.scenarios import (
    KWALIFIKACJA_TAK,
    NOMINACJA,
    WARSZTAT,
    ZAPROSZENIE_BEZ_ZMIAN,
    diagnoza,
    zgody,
)

NOT_QUALIFIED = dict(KWALIFIKACJA_TAK, decyzja_kwalifikacji="niezakwalifikowana")


def test_figures_of_three_cases_with_known_timing(engine, people, clock):
    start = clock.now()
    supervisor = people.supervisor

    rejected = CaseDriver(engine, people, roundtrip=False, check_visibility=False)
    rejected.start(title="Rodzina A")
    clock.advance(timedelta(days=2))
    rejected.do(PS, "ut_nominacja", NOMINACJA)  # 2 days
    clock.advance(timedelta(days=1))
    rejected.do(AN, "ut_kwalifikacja", NOT_QUALIFIED)  # 1 day; the case ends, not qualified

    waiting = CaseDriver(engine, people, roundtrip=False, check_visibility=False)
    waiting.start(title="Rodzina B")
    clock.advance(timedelta(days=4))
    waiting.do(PS, "ut_nominacja", dict(NOMINACJA, wariant="miejski"))  # 4 days; qualification due in 7

    diagnosed = CaseDriver(engine, people, roundtrip=False, check_visibility=False)
    diagnosed.start(title="Rodzina C")
    diagnosed.do(PS, "ut_nominacja", NOMINACJA)  # 0 days
    diagnosed.do(AN, "ut_kwalifikacja", KWALIFIKACJA_TAK)
    for step in zgody():
        diagnosed.do(step["role"], step["id"], step["data"], step.get("where"))
    diagnosed.do(AN, "ut_zaproszenie", ZAPROSZENIE_BEZ_ZMIAN)
    diagnosed.do(ZD, "ut_warsztat", WARSZTAT)
    invited = len([t for t in diagnosed.open() if t.bpmn_id == "ut_diagnoza_sektorowa"])
    diagnosed.wait(10)
    diagnosed.do("PCPR", "ut_diagnoza_sektorowa", diagnoza("PCPR"), {"zaproszona_rola": "PCPR"})  # on time
    diagnosed.wait(6)  # the other diagnoses are 16 days old now: late

    figures = engine.dashboards.figures(supervisor, DashboardFilter())

    nomination = next(row for row in figures.lead_times if row.step == "Zgłoszenie rodziny do pracy Modelem")
    assert (nomination.done, nomination.median_days, nomination.p90_days) == (3, 2.0, 4.0)  # 0, 2, 4 days
    assert [(m.month, m.opened, m.closed) for m in figures.months] == [(start.strftime("%Y-%m"), 3, 1)]
    diagnosis = next(row for row in figures.lead_times if row.step == "Diagnoza sektorowa instytucji")
    assert (diagnosis.done, diagnosis.median_days) == (1, 10.0)
    assert [(c.label, c.count) for c in figures.outcomes] == [("nie_zakwalifikowano", 1)]
    assert [(c.label, c.count) for c in figures.close_reasons] == [("niezakwalifikowana", 1)]
    assert (figures.diagnoses.decided, figures.diagnoses.on_time) == (invited, 1)
    # late, nobody took them: B's qualification (the animator's, at GOPS) and C's five other diagnoses
    assert {(c.label, c.count) for c in figures.overdue_by_institution} == {
        ("GOPS Brzozowa Wola", 1),
        ("GKRPA Brzozowa Wola", 1),
        ("Ośrodek Zdrowia w Lipinach", 1),
        ("PPP w Brzozowej Woli", 1),
        ("PUP w Brzozowej Woli", 1),
        ("SP w Lipinach", 1),
    }
    assert set(figures.variants) == {"miejski", "wiejski"}

    only_urban = engine.dashboards.figures(supervisor, DashboardFilter(variant="miejski"))
    assert [(row.step, row.done) for row in only_urban.lead_times] == [("Zgłoszenie rodziny do pracy Modelem", 1)]
    assert only_urban.outcomes == () and only_urban.diagnoses.decided == 0

    before = engine.dashboards.figures(supervisor, DashboardFilter(until=(start - timedelta(days=1)).date()))
    assert before.lead_times == () and before.months == ()
