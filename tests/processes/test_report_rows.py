"""The report rows the Księga rekomendacji reads (``case_report``, ``case_recommendation``) follow the
case's data step by step, also when the engine skips writing them because a step changed nothing they
hold (the cached case remembers what its rows hold): after every person's step of the Nowakowski case
they are what a save of the case loaded from the database would write, and a recommendation keeps the stage and
time it was first recorded with."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, select

from engine.bpmn import steps
from engine.db.models import CaseRecommendation, CaseReport, ProcessInstance
from engine.store import report_rows
from engine.store.cases import checkout
from tests.processes.driver import CaseDriver
from tests.processes.paths import NOWAKOWSCY, OCENA_KONCOWA, ZAMKNIECIE_I_REKOMENDACJE
from tests.processes.people import PZK
from tests.processes.scenarios import T

EVALUATION = {**OCENA_KONCOWA, "dalsze_rekomendacje": "Kontynuować terapię Kacpra w poradni."}
PATH = [*NOWAKOWSCY[:-3], T("ut_ocena_koncowa", PZK, EVALUATION), *ZAMKNIECIE_I_REKOMENDACJE]


class _RolledBack(Exception):
    pass


def _rows(engine, case_id: str):
    with engine.context.transaction(write=False) as session:
        report = session.execute(
            select(
                CaseReport.nominated_on,
                CaseReport.qualified_on,
                CaseReport.plan_approved_on,
                CaseReport.closed_on,
                CaseReport.services,
            ).where(CaseReport.instance_id == case_id)
        ).first()
        held = session.execute(
            select(
                CaseRecommendation.kind,
                CaseRecommendation.area,
                CaseRecommendation.text,
                CaseRecommendation.recorded_on,
                CaseRecommendation.stage,
                CaseRecommendation.recorded_at,
            )
            .where(CaseRecommendation.instance_id == case_id)
            .order_by(CaseRecommendation.position)
        ).all()
    return (tuple(report) if report is not None else None), [tuple(row) for row in held]


def _writes_from_the_database(engine, case_id: str) -> list[str]:
    """The statements that would change the report rows if the case, loaded from the database (not the
    cached one), were saved now: none when the rows are current. Rolled back."""
    context, writes = engine.context, []

    def listen(_connection, _cursor, statement, *_):
        if statement.split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement)

    try:
        with context.transaction() as session:
            version = session.get(ProcessInstance, case_id).lock_version
            live = context.workflows.take(case_id, version)  # held aside: checkout reads the database
            case = checkout(session, context, case_id)
            assert case.report is None
            event.listen(context.db.engine, "before_cursor_execute", listen)
            try:
                report_rows.record(session, case, steps.current_data(case.workflow), context.clock.now(), None)
            finally:
                event.remove(context.db.engine, "before_cursor_execute", listen)
            raise _RolledBack
    except _RolledBack:
        pass
    if live is not None:
        context.workflows.put(case_id, live)
    return writes


def test_report_rows_stay_current_across_steps_that_change_them_and_steps_that_do_not(engine, people, clock):
    driver = CaseDriver(engine, people, roundtrip=False, check_visibility=False)
    case_id = driver.start().id
    before = _rows(engine, case_id)
    changed = unchanged = 0
    for step in PATH:
        clock.advance(timedelta(hours=1))
        driver.play([step])
        if step["step"] == "task":  # a person's step writes them (a message waits for the next one)
            assert _writes_from_the_database(engine, case_id) == [], step
        after = _rows(engine, case_id)
        kept = {row[:3]: row[4:] for row in before[1]}
        for row in after[1]:  # stage and time of the step that first wrote it
            if row[:3] in kept:
                assert row[4:] == kept[row[:3]], row
        changed, unchanged = (changed + 1, unchanged) if after != before else (changed, unchanged + 1)
        before = after
    assert driver.info().status == "completed"
    report, recommendations = before
    assert report[0] is not None and report[3] is not None  # nominated and closed on the dates entered
    assert {row[0] for row in recommendations} >= {"rekomendacja", "wnioski", "ocena_koncowa"}
    assert changed >= 3 and unchanged >= 3  # both kinds of step were played
