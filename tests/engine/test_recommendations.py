"""The recommendations report (Księga rekomendacji) against known data: the demo (gmina Świlcza, seven
families, one closed as not qualified, the seniors of Bratkowice whose projekt socjalny was closed with
recommendations, and the PZK's own setting up, which is no case for anybody and not counted) plus three
closed cases of the test partnership in Brzozowa Wola —
the Nowakowski case end to end (IPW zrealizowany), a family that refused the plan and the seniors' group of
Wola Rafałowska (projekt socjalny zrealizowany). Every figure below is worked out by hand from those
definitions (engine/demo, tests/processes/paths.py, tests/processes/groups.py)."""

from __future__ import annotations

import shutil
from datetime import date, timedelta

import pytest

from engine import Engine
from engine.clock import FrozenClock
from engine.demo import seed
from engine.demo.groups import RECOMMENDATION
from engine.dto import Actor
from engine.dto.dashboards import Count
from engine.dto.recommendations import LeadTime, OutcomeRow, ReportFilter
from engine.errors import NotAllowed
from tests.conftest import BACKENDS
from tests.factories import add_person
from tests.processes.conftest import POSTGRES_PARTNERSHIPS, PROCESSES, START, deploy_processes, empty_database
from tests.processes.driver import CaseDriver
from tests.processes.groups import OCENA_KONCOWA as OCENA_PROJEKTU
from tests.processes.groups import SENIORZY_Z_WOLI
from tests.processes.paths import NOWAKOWSCY, OCENA_KONCOWA, ZAMKNIECIE_I_REKOMENDACJE
from tests.processes.people import AN, PS, PZK, ZD, make_partnership
from tests.processes.scenarios import POZYCJE_V2, T, do_planu_skrot, plan, przeglad

BRZOZOWA, SWILCZA = "PZK Brzozowa Wola", "Partnerski Zespół Kooperacji Gminy Świlcza"
DEMO_RECOMMENDATION = RECOMMENDATION  # the demo's seniors of Bratkowice (engine/demo/groups.py)
DEMO_CONCLUSION = "Bez dowozu seniorzy z dalszych przysiółków nie przychodzili; dowóz był warunkiem udziału."
EVALUATION = {**OCENA_KONCOWA, "dalsze_rekomendacje": "Kontynuować terapię Kacpra w poradni."}
NOWAKOWSCY_Z_OCENA = [*NOWAKOWSCY[:-3], T("ut_ocena_koncowa", PZK, EVALUATION), *ZAMKNIECIE_I_REKOMENDACJE]
REFUSAL = [
    *do_planu_skrot(),
    T("ut_plan", ZD, plan(POZYCJE_V2)),
    T("ut_przeglad_rodziny", PS, przeglad("odmowa", "2025-03-24")),
    T(
        "ut_zamkniecie",
        PS,
        {"data_zamkniecia": "2025-04-01", "notatka_zamkniecia": "Rodzina odmówiła.", "dostep_partnerow_cofniety": True},
    ),
    T(
        "ut_rekomendacje",
        AN,
        {
            "wnioski": "Plan przygotowany bez udziału rodziny w warsztacie.",
            "rekomendacje": [{"obszar": "prawne", "tresc": "Zapraszać rodzinę na warsztat obowiązkowo."}],
            "data_przekazania_do_rops": "2025-04-10",
        },
    ),
]

# the seniors' group: closed two days after the Nowakowski case, its texts a day or two after theirs
SENIORZY = [
    *SENIORZY_Z_WOLI[:-3],
    T(
        "ut_grupa_ocena_koncowa",
        PZK,
        {**OCENA_PROJEKTU, "data_oceny_koncowej": "2026-01-09", "dalsze_rekomendacje": "Klub seniora co tydzień."},
    ),
    T(
        "ut_grupa_zamkniecie",
        PS,
        {
            "data_zamkniecia": "2026-01-15",
            "notatka_zamkniecia": "Projekt zrealizowany.",
            "dostep_partnerow_cofniety": True,
            "dalsze_wsparcie": "Koło gospodyń prowadzi klub dalej.",
        },
    ),
    T("ut_grupa_rekomendacje", AN, {**SENIORZY_Z_WOLI[-1]["data"], "data_przekazania_do_rops": "2026-01-22"}),
]


class Setting:
    def __init__(self, engine: Engine, people, url: str):
        self.engine, self.people, self.url = engine, people, url
        self.nowakowscy = self._play(NOWAKOWSCY_Z_OCENA)
        self.refusal = self._play(REFUSAL)
        self.group = self._play(SENIORZY, "kooperacja_grupa", title="Seniorzy z Woli Rafałowskiej", kind="grupa")
        report = seed(engine, "haslo-ksiegi-1234", PROCESSES)
        self.demo = {login.login: Actor(login.user_id) for login in report.logins}
        self.demo_cases = {case.business_key: case.case_id for case in report.cases}
        gops = engine.directory.user(self.demo["ps.gops"].user_id).institution_id
        self.local_supervisor = add_person(engine, "superwizor.gops", gops, "Superwizor")

    def _play(self, steps, *process, **options) -> str:
        driver = CaseDriver(self.engine, self.people, roundtrip=False, check_visibility=False)
        driver.start(*process, **options)
        driver.play(steps)
        return driver.case.id

    @property
    def regional(self) -> Actor:
        return self.demo["superwizor"]  # at the ROPS: the whole region


@pytest.fixture(scope="module", params=BACKENDS)
def setting(request, tmp_path_factory):
    clock = FrozenClock()
    clock.set(START)
    if request.param == "sqlite":
        template, people = request.getfixturevalue("prepared_sqlite")
        path = tmp_path_factory.mktemp("recommendations") / "kooperacja.db"
        shutil.copy(template, path)
        url = f"sqlite:///{path}"
        engine = Engine.from_url(url, clock=clock)
    else:
        url = request.getfixturevalue("postgres_schema")
        empty_database(url, keep=set())
        POSTGRES_PARTNERSHIPS.pop(url, None)
        engine = Engine.from_url(url, clock=clock)
        deploy_processes(engine)
        people = make_partnership(engine)
    yield Setting(engine, people, url)
    POSTGRES_PARTNERSHIPS.pop(url, None)
    engine.close()


def test_outcomes_per_partnership_and_variant(setting):
    report = setting.engine.recommendations.report(setting.regional, ReportFilter())

    assert (report.cases, report.closed, report.evaluated, report.plan_done) == (11, 5, 1, 1)
    assert (report.projects_evaluated, report.projects_done) == (2, 2)  # both seniors' projekty socjalne
    assert report.by_partnership == (  # by name: "Partnerski…" before "PZK…"; a group has no variant
        OutcomeRow(SWILCZA, None, nominated=1, closed=1, evaluated=0, plan_done=0, plan_partly=0, plan_not_done=0),
        OutcomeRow(SWILCZA, "wiejski", nominated=7, closed=1, evaluated=0, plan_done=0, plan_partly=0, plan_not_done=0),
        OutcomeRow(BRZOZOWA, None, nominated=1, closed=1, evaluated=0, plan_done=0, plan_partly=0, plan_not_done=0),
        OutcomeRow(
            BRZOZOWA, "wiejski", nominated=2, closed=2, evaluated=1, plan_done=1, plan_partly=0, plan_not_done=0
        ),
    )
    assert report.outcomes == (
        Count("zakonczona_sukcesem", 3),
        Count("nie_zakwalifikowano", 1),
        Count("odmowa_planu", 1),
    )
    assert report.close_reasons == (
        Count("projekt_zrealizowany", 2),
        Count("ipw_zrealizowany", 1),
        Count("niezakwalifikowana", 1),
        Count("odmowa_rodziny", 1),
    )


def test_lead_times_between_the_dates_workers_entered(setting):
    report = setting.engine.recommendations.report(setting.regional, ReportFilter())
    # qualification two days after the nomination in all eight qualified cases (a group is not qualified);
    # plans approved after 45 (Jabłońscy; both seniors' projects too), 52 (Nowakowscy, the first approval)
    # and 55 days (Dudowie); closed after 40 (Wróblewski, on the day the demo ran), 57 (the refusal),
    # 310 (the demo's seniors), 344 (Nowakowscy) and 346 days (the seniors of Wola Rafałowska)
    assert report.lead_times == (
        LeadTime("kwalifikacja", 8, 2.0, 2.0),
        LeadTime("plan", 5, 45.0, 55.0),
        LeadTime("zamkniecie", 5, 310.0, 346.0),
    )


def test_the_services_of_the_approved_plans(setting):
    services = setting.engine.recommendations.report(setting.regional, ReportFilter()).services
    used = {row.service: (row.items, row.cases, row.delivered) for row in services}

    # Nowakowscy P2, P4, P12 (all delivered), Jabłońscy P1, each seniors' group's P3 (delivered; the P4 of
    # the participant who refused consent cancelled)
    assert services[0].service == "Rehabilitacja (sesje)"
    assert used["Rehabilitacja (sesje)"] == (6, 4, 5)
    assert used["Wsparcie psychologiczne (psycholog)"] == (4, 3, 1)  # Jabłońscy 1, Dudowie 2, Nowakowscy 1
    assert used["Pomoc rzeczowa"] == (2, 1, 0)  # Dudowie P3, P6
    assert used["Zajęcia grupowe (np. ruchowe, artystyczne)"] == (2, 2, 2)  # the group's form names it
    assert used["Transport (np. dowóz na zajęcia)"] == (3, 3, 3)  # Kacper's by volunteers, each group's bought
    assert "Poradnictwo socjalne / praca socjalna" not in used  # the Krawczyks' plan is not approved yet
    assert sum(row.items for row in services) == 12 + 4 + 7 + 3 + 3


def test_every_recommendation_with_its_case_type_stage_and_partnership(setting):
    listed = setting.engine.recommendations.report(setting.regional, ReportFilter()).recommendations
    demo_day = setting.engine.clock.now().date() - timedelta(days=14)

    assert [(r.kind, r.text, r.stage, r.written_on) for r in listed] == [  # newest first
        ("rekomendacja", "Gminny transport dla seniorów.", "Zamknięcie", date(2026, 1, 22)),
        ("wnioski", "Dowóz jest warunkiem udziału seniorów.", "Zamknięcie", date(2026, 1, 22)),
        ("rekomendacja", "Powiatowa usługa transportu dla dzieci.", "Zamknięcie", date(2026, 1, 20)),
        ("wnioski", "Transport dzieci z niepełnosprawnością jest wąskim gardłem.", "Zamknięcie", date(2026, 1, 20)),
        ("zamkniecie", "Koło gospodyń prowadzi klub dalej.", "Zamknięcie", date(2026, 1, 15)),
        (
            "zamkniecie",
            "Rodzina pozostaje klientem GOPS; PUP kontynuuje aktywizację Marka.",
            "Zamknięcie",
            date(2026, 1, 13),
        ),
        ("ocena_koncowa", "Klub seniora co tydzień.", "Ocena", date(2026, 1, 9)),
        ("ocena_koncowa", "Kontynuować terapię Kacpra w poradni.", "Ocena", date(2026, 1, 8)),
        ("rekomendacja", DEMO_RECOMMENDATION, "Zamknięcie", demo_day),  # two weeks before the demo ran
        ("wnioski", DEMO_CONCLUSION, "Zamknięcie", demo_day),
        ("rekomendacja", "Zapraszać rodzinę na warsztat obowiązkowo.", "Zamknięcie", date(2025, 4, 10)),
        ("wnioski", "Plan przygotowany bez udziału rodziny w warsztacie.", "Zamknięcie", date(2025, 4, 10)),
    ]
    group, family = listed[0], listed[2]
    assert (group.area, group.case_type, group.partnership, group.variant, group.outcome) == (
        "Organizacyjne",
        "grupa",
        BRZOZOWA,
        None,
        "zakonczona_sukcesem",
    )
    assert (family.area, family.case_type, family.variant) == ("Organizacyjne", "rodzina", "wiejski")
    assert listed[-2].outcome == "odmowa_planu"
    demo = listed[8]
    assert (demo.area, demo.case_type, demo.partnership, demo.outcome) == (
        "Organizacyjne",
        "grupa",
        SWILCZA,
        "zakonczona_sukcesem",
    )


def test_filters_narrow_figures_and_recommendations(setting):
    report = setting.engine.recommendations.report
    # the first half of 2025: the refusal closed and its texts written, the Nowakowski plan approved;
    # the demo runs on the test clock's day after the Nowakowski case, in the autumn of 2025
    assert setting.engine.clock.now().date() > date(2025, 7, 15)
    spring = report(setting.regional, ReportFilter(since=date(2025, 1, 1), until=date(2025, 6, 30)))
    assert (spring.closed, [r.kind for r in spring.recommendations]) == (1, ["rekomendacja", "wnioski"])
    assert spring.lead_times == (  # the Nowakowski plan and both seniors' projects approved
        LeadTime("kwalifikacja", 2, 2.0, 2.0),
        LeadTime("plan", 3, 45.0, 52.0),
        LeadTime("zamkniecie", 1, 57.0, 57.0),
    )

    at_evaluation = report(setting.regional, ReportFilter(stage="Ocena"))
    assert [r.kind for r in at_evaluation.recommendations] == ["ocena_koncowa", "ocena_koncowa"]
    assert at_evaluation.stages == ("Ocena", "Zamknięcie")

    none = report(setting.regional, ReportFilter(case_type="rodzina", variant="miejski"))
    assert (none.cases, none.recommendations) == (0, ())
    here = setting.people.partnership_id
    family = report(setting.regional, ReportFilter(case_type="rodzina", partnership_id=here))
    assert (family.cases, len(family.recommendations), family.projects_evaluated) == (2, 6, 0)
    groups = report(setting.regional, ReportFilter(case_type="grupa", partnership_id=here))
    assert (groups.cases, len(groups.recommendations), groups.projects_done, groups.plan_done) == (1, 4, 1, 0)
    assert {r.case_type for r in groups.recommendations} == {"grupa"}
    person = report(setting.regional, ReportFilter(case_type="osoba"))
    assert (person.cases, person.closed) == (1, 1)  # the demo's Wróblewski, a person case
    assert family.case_types == ("osoba", "rodzina", "grupa")  # the kinds there are cases of, in their order


def test_a_supervisor_sees_their_partnerships_the_rops_the_region_and_workers_nothing(setting):
    local = setting.engine.recommendations.report(setting.local_supervisor, ReportFilter())
    assert (local.cases, local.closed) == (8, 2)  # the demo's households and its seniors, not the PZK's own case
    assert [r.text for r in local.recommendations] == [DEMO_RECOMMENDATION, DEMO_CONCLUSION]
    assert [row.partnership for row in local.by_partnership] == [SWILCZA, SWILCZA]
    assert local.lead_times[2] == LeadTime("zamkniecie", 2, 40.0, 310.0)
    for worker in (setting.demo["ps.gops"], setting.demo["rops"], setting.people.user[PS]):
        with pytest.raises(NotAllowed, match="Tylko superwizor"):
            setting.engine.recommendations.report(worker, ReportFilter())


def test_reading_the_texts_is_audited_per_case(setting):
    trail = setting.engine.history.audit_trail
    before = {case: len(trail(setting.regional, case)) for case in (setting.nowakowscy, setting.refusal)}
    setting.engine.recommendations.report(setting.regional, ReportFilter(stage="Ocena"))
    added = trail(setting.regional, setting.nowakowscy)[before[setting.nowakowscy] :]
    assert [(actor, action) for _at, actor, action, _task in added] == [
        (setting.regional.user_id, "recommendations.read")
    ]
    assert len(trail(setting.regional, setting.refusal)) == before[setting.refusal]  # none of its texts shown


def test_a_fresh_engine_gives_the_same_report(setting):
    cached = setting.engine.recommendations.report(setting.regional, ReportFilter())
    fresh = Engine.from_url(setting.url, clock=setting.engine.clock, cache_capacity=0)
    try:
        assert fresh.recommendations.report(setting.regional, ReportFilter()) == cached
    finally:
        fresh.close()
