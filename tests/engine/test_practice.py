"""Practice runs: a draft played on a throwaway engine, its clock moved by hand, the real database untouched."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from engine import Engine
from engine.db.models import Base
from engine.dto.practice import PayloadKey
from engine.errors import InvalidInput, MessageNotExpected, NotAllowed, NotFound
from engine.practice import LIFETIME, PracticeRuns
from tests.engine import practice_sample as sample
from tests.engine.bpmn_samples import LANE, flow, user_task
from tests.engine.conformance import diagrams as d
from tests.factories import ADMIN, add_person, make_directory


@pytest.fixture
def real(database_url, clock):
    instance = Engine.from_url(database_url, clock=clock)
    instance.repository.deploy(sample.files(), ADMIN)
    yield instance
    instance.close()


@pytest.fixture
def people(real):
    return make_directory(real)


@pytest.fixture
def runs(real, tmp_path):
    return PracticeRuns(real, tmp_path / "runs")


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.context.transaction(write=False) as session:
        return {
            t.name: session.execute(select(func.count()).select_from(t)).scalar() for t in Base.metadata.sorted_tables
        }


def open_task(runs, people, run_id, bpmn_id):
    [item] = [t for t in runs.view(people.analyst, run_id).tasks if t.task.bpmn_id == bpmn_id]
    return item


def test_a_practice_run_walks_a_draft_through_its_timer_and_message_and_leaves_the_real_database_as_it_was(
    real, people, runs, tmp_path
):
    draft = sample.diagram().replace(b'name="ut_ocena"', b'name="Ocena po raporcie"')
    real.library.save(people.analyst, sample.PATH, draft)
    before = row_counts(real)

    run = runs.start(people.analyst, sample.PATH)
    first = open_task(runs, people, run.id, "ut_dane")
    assert first.task.role == LANE and first.acting_as == "Katarzyna Mazur, GOPS w Świlczy"
    detail = runs.task(people.analyst, run.id, first.task.id)
    assert detail.schema["properties"] == {"uwagi": {"type": "string"}}
    runs.complete(people.analyst, run.id, first.task.id, {"uwagi": "pierwsza wizyta"})

    view = runs.view(people.analyst, run.id)
    assert view.tasks == () and view.data["uwagi"] == "pierwsza wizyta"
    [timer] = view.waiting.timers
    assert timer.due_at == run.now + timedelta(days=7)

    assert runs.advance(people.analyst, run.id, days=6) == 0
    # another web process picks the run up from its folder: the case is restored from its database
    elsewhere = PracticeRuns(real, tmp_path / "runs")
    assert elsewhere.advance(people.analyst, run.id, to_next_timer=True) == 1
    view = elsewhere.view(people.analyst, run.id)
    assert [e.detail["timer"] for e in view.fired] == ["czekaj"]
    assert (view.waiting.timers, view.waiting.messages) == ((), (sample.MESSAGE,))
    assert view.waiting.payloads == {sample.MESSAGE: (PayloadKey("ocena", "integer", True),)}

    elsewhere.deliver(people.analyst, run.id, sample.MESSAGE, {"ocena": 4})
    second = open_task(elsewhere, people, run.id, "ut_ocena")
    assert second.task.name == "Ocena po raporcie"  # the draft, not the deployed version
    elsewhere.complete(people.analyst, run.id, second.task.id, {})
    assert elsewhere.view(people.analyst, run.id).case.status == "completed"

    assert row_counts(real) == before
    elsewhere.end(people.analyst, run.id)
    assert list((tmp_path / "runs").iterdir()) == []
    with pytest.raises(NotFound):  # the first process still had the run's engine open
        runs.view(people.analyst, run.id)


def test_only_its_analyst_reaches_a_run(real, people, runs):
    run = runs.start(people.analyst, sample.PATH)
    with pytest.raises(NotAllowed):
        runs.view(people.ops, run.id)
    with pytest.raises(NotAllowed):
        runs.start(people.supervisor, sample.PATH)
    other = add_person(real, "inny.analityk", people.institutions["gops"], "Analityk")
    with pytest.raises(NotFound):
        runs.view(other, run.id)
    assert runs.runs(other) == [] and [r.id for r in runs.runs(people.analyst)] == [run.id]


def test_a_run_expires_and_its_folder_goes(real, people, runs, clock, tmp_path):
    run = runs.start(people.analyst, sample.PATH)
    clock.advance(LIFETIME + timedelta(minutes=1))
    assert runs.sweep() == 1
    with pytest.raises(NotFound):
        runs.view(people.analyst, run.id)
    assert list((tmp_path / "runs").iterdir()) == []


def test_restart_starts_the_case_again_and_drops_the_old_run(real, people, runs):
    run = runs.start(people.analyst, sample.PATH)
    task = open_task(runs, people, run.id, "ut_dane")
    runs.complete(people.analyst, run.id, task.task.id, {})
    again = runs.restart(people.analyst, run.id)
    assert again.id != run.id
    assert [t.task.bpmn_id for t in runs.view(people.analyst, again.id).tasks] == ["ut_dane"]
    with pytest.raises(NotFound):
        runs.view(people.analyst, run.id)


def test_wrong_moves_are_refused_in_words(real, people, runs):
    run = runs.start(people.analyst, sample.PATH)
    with pytest.raises(InvalidInput, match="żaden termin"):
        runs.advance(people.analyst, run.id, to_next_timer=True)
    with pytest.raises(InvalidInput, match="liczbę dni"):
        runs.advance(people.analyst, run.id, days=0)
    with pytest.raises(MessageNotExpected):
        runs.deliver(people.analyst, run.id, sample.MESSAGE, {"ocena": 1})
    with pytest.raises(NotFound):
        runs.start(people.analyst, "processes/brak.bpmn")
    with pytest.raises(NotFound):
        runs.view(people.analyst, "../../etc")


def test_a_role_the_demo_partnership_lacks_gets_a_practice_person_who_does_its_tasks(real, people, runs):
    draft = sample.diagram().replace(LANE.encode(), b"Asystent rodziny")
    real.library.save(people.analyst, sample.PATH, draft)
    run = runs.start(people.analyst, sample.PATH)
    task = open_task(runs, people, run.id, "ut_dane")
    assert (task.task.role, task.acting_as) == (
        "Asystent rodziny",
        "Osoba ćwiczebna (Asystent rodziny), Instytucja ćwiczebna: Asystent rodziny",
    )
    runs.complete(people.analyst, run.id, task.task.id, {"uwagi": "wizyta asystenta"})
    assert runs.view(people.analyst, run.id).data["uwagi"] == "wizyta asystenta"


def test_a_task_whose_role_cannot_be_worked_out_at_the_start_is_refused_in_words_and_leaves_no_run(
    real, people, runs, tmp_path
):
    # e.g. a process called by another one: its role expression reads data (`pozycja`) only its caller gives
    task = user_task("ut_dane", "ut_dane", "f_start", "f_end").replace(
        "</spiffworkflow:properties>",
        '<spiffworkflow:property name="candidateRole" value="pozycja[&apos;wlasciciel&apos;]" />'
        "</spiffworkflow:properties>",
    )
    draft = d.document(
        [d.start(), task, d.end("f_end"), flow("f_start", "start", "ut_dane"), flow("f_end", "ut_dane", "end")]
    )
    real.library.save(people.analyst, sample.PATH, draft)
    with pytest.raises(InvalidInput, match="Nie można rozpocząć próby procesu .*pozycja") as refused:
        runs.start(people.analyst, sample.PATH)
    assert "wywołuje" in refused.value.message
    assert runs.runs(people.analyst) == []
    assert not any((tmp_path / "runs").iterdir())
