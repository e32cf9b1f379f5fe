"""The access matrix: every role of the partnership × every section of the case file × the stages of the
Nowakowski case, through every read the engine offers (case file, case summary, case list, task context,
plan and consent documents). What is allowed is read from the model's visibility table
(``processes/widocznosc.json``); which roles take part at each stage is written out here, from the
admission rules: leading roles from the nomination, invited roles and plan-item owners from the case
data, any role once a task of it opens.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from engine.access.table import parse
from engine.errors import InvalidState, NotAllowed, NotFound
from tests.factories import add_person
from tests.processes.people import AN, KZ, PS, PZK, RU, STAFF, ZD
from tests.processes.scenarios import (
    NOMINACJA,
    POZYCJE_V2,
    ROLE_NOWAKOWSCY,
    T,
    do_diagnozy,
    do_planu,
    plan_przyjety,
    zamowienie_kroki,
)

PROCESSES = Path(__file__).parents[2] / "processes"
TABLE = parse(json.loads((PROCESSES / "widocznosc.json").read_text(encoding="utf-8")))
# a case file has the sections of its own process only: the family case's and those of what it calls
FAMILY_TASKS = {
    task_id
    for name in ("kooperacja_rodzina", "kooperacja_zamowienie", "kooperacja_realizacja_pozycji")
    for task_id in re.findall(r'<bpmn:userTask id="([^"]+)"', (PROCESSES / f"{name}.bpmn").read_text(encoding="utf-8"))
}
FAMILY_SECTIONS = {s.id for s in TABLE.sections if FAMILY_TASKS & set(s.tasks)}
LEAD = {PS, AN}
OWNERS = {item["wlasciciel"] for item in POZYCJE_V2}
# the stages, their steps, and the roles taking part in the case at each (besides supervisors)
STAGES = {
    "zgloszona": ([T("ut_nominacja", PS, NOMINACJA)], LEAD),
    "przed_zaproszeniem": (do_diagnozy(), LEAD),
    "diagnozy_sektorowe": (do_planu()[: len(do_diagnozy()) + 2], LEAD | {ZD} | set(ROLE_NOWAKOWSCY)),
    "plan_uzgodniony": (
        [*do_planu(), *plan_przyjety(POZYCJE_V2)],
        LEAD | {ZD, PZK, KZ} | set(ROLE_NOWAKOWSCY) | OWNERS,
    ),
    "zamowienie": (
        [*do_planu(), *plan_przyjety(POZYCJE_V2), *zamowienie_kroki("P1")[:2]],
        LEAD | {ZD, PZK, KZ, RU} | set(ROLE_NOWAKOWSCY) | OWNERS,
    ),
}
ROLES = sorted(STAFF)


@pytest.fixture(scope="module")
def cases(setting):
    """One case per stage, played on the module's engine."""
    return {stage: setting.driver(steps).case.id for stage, (steps, _roles) in STAGES.items()}


def expected_sections(role: str) -> set[str]:
    return FAMILY_SECTIONS & ({s.id for s in TABLE.sections} if role in LEAD else set(TABLE.access.get(role, ())))


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_each_role_sees_exactly_its_sections_at_each_stage(setting, cases, stage):
    case_id, taking_part = cases[stage], STAGES[stage][1]
    for role in ROLES:
        user = setting.user(role)
        listed = case_id in {c.id for c in setting.engine.runtime.cases_of(user)}
        if role not in taking_part:
            with pytest.raises(NotFound):
                setting.engine.casefile.file(user, case_id)
            with pytest.raises(NotFound):
                setting.engine.runtime.case(user, case_id)
            assert not listed, (stage, role)
            continue
        casefile = setting.engine.casefile.file(user, case_id)
        assert {s.id for s in casefile.sections} == expected_sections(role), (stage, role)
        assert setting.engine.runtime.case(user, case_id).id == case_id
        assert listed, (stage, role)


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_documents_follow_the_plan_and_consent_sections(setting, cases, stage):
    case_id, taking_part = cases[stage], STAGES[stage][1]
    agreed = stage in ("plan_uzgodniony", "zamowienie")
    for role in ROLES:
        user = setting.user(role)
        if role not in taking_part:
            for read in (setting.engine.documents.plan, setting.engine.documents.consents):
                with pytest.raises(NotFound):
                    read(user, case_id)
            continue
        if "plan" not in expected_sections(role):
            with pytest.raises(NotAllowed):
                setting.engine.documents.plan(user, case_id)
        elif agreed:
            assert setting.engine.documents.plan(user, case_id).version >= 1
        else:
            with pytest.raises(InvalidState):
                setting.engine.documents.plan(user, case_id)
        if "zgody" in expected_sections(role):
            setting.engine.documents.consents(user, case_id)
        else:
            with pytest.raises(NotAllowed):
                setting.engine.documents.consents(user, case_id)


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_task_context_only_for_those_who_work_on_the_task(setting, cases, stage):
    case_id = cases[stage]
    open_tasks = setting.engine.tasks.of_case(setting.people.supervisor, case_id)
    assert open_tasks
    for task in open_tasks:
        wanted = set(TABLE.task_context.get(task.bpmn_id, ()))
        for role in ROLES:
            context = (
                setting.engine.casefile.task_context(setting.user(role), task.id)
                if _sees(setting, role, case_id)
                else None
            )
            if context is None:
                continue
            if role != task.role:
                assert not context, (stage, task.bpmn_id, role)
            else:
                assert {s.id for s in context.sections} == wanted & expected_sections(role), (stage, task.bpmn_id)


def _sees(setting, role: str, case_id: str) -> bool:
    try:
        setting.engine.runtime.case(setting.user(role), case_id)
    except NotFound:
        return False
    return True


def test_supervisors_see_everything_the_administrator_nothing(setting, cases):
    for case_id in cases.values():
        assert setting.engine.casefile.file(setting.people.supervisor, case_id).whole
    admin = add_person(setting.engine, "g.administrator", setting.people.institution_of(PS), "Administrator")
    for case_id in cases.values():
        with pytest.raises(NotFound):
            setting.engine.casefile.file(admin, case_id)
    assert setting.engine.runtime.cases_of(admin) == []
