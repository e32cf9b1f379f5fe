"""The lists' honest counts read what they need and no more, and count exactly the rows the pages show:
a worker's case list counts from the institution's participations alone (``visible_case_ids``), so that
query must let through the same cases as ``visible_cases``; task counts leave out the join to the case
when no condition reads it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, select

from engine import Engine
from engine.access.acting import acting
from engine.access.visibility import visible_case_ids, visible_cases
from engine.db.models import CaseParticipant, ProcessInstance
from engine.dto import Actor
from engine.dto.pages import CaseFilter, ListRequest
from tests.factories import ADMIN, deploy_test_process, make_directory

NOMINATION = {"rodzina": "Nowakowscy", "czlonkowie": ["Marek"], "pilne": True}
_INSTANCE, _PARTICIPANT = ProcessInstance.__table__, CaseParticipant.__table__
_LISTED = ("human_task", "process_instance", "case_participant", "step", "member")


@pytest.fixture
def engine(database_url, clock):
    instance = Engine.from_url(database_url, clock=clock)
    yield instance
    instance.close()


@pytest.fixture
def people(engine):
    deploy_test_process(engine)
    return make_directory(engine)


def start(engine, people):
    return engine.runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id)


def nominate(engine, people, case_id: str) -> None:
    task = next(t for t in engine.tasks.of_case(people.ops, case_id) if t.bpmn_id == "ut_zgloszenie")
    engine.tasks.complete(people.ops, task.id, NOMINATION)


def token(engine, name: str, institution_id: int) -> Actor:
    engine.directory.create_api_token(ADMIN, name, institution_id, ["cases:read", "tasks:read"])
    return engine.directory.authenticate_token(engine.directory.rotate_api_token(ADMIN, name)[1])


def walked(listing) -> list[str]:
    ids, cursor = [], None
    while True:
        page = listing(ListRequest(cursor=cursor, size=2))
        ids.extend(row.id for row in page)
        cursor = page.next_cursor
        if cursor is None:
            return ids


def test_a_worker_s_case_count_from_participations_lets_through_exactly_the_visible_cases(engine, people):
    """Cases at the nomination (the PCPR is a participant not yet admitted) and past it (admitted), seen by
    staff of each institution, a worker of another gmina and the institutions' tokens: the participations
    query lets through the cases ``visible_cases`` does, and the count is the number of cases paged."""
    fresh = [start(engine, people).id for _ in range(2)]
    nominated = [start(engine, people).id for _ in range(3)]
    for case_id in nominated:
        nominate(engine, people, case_id)
    with engine.context.db.transaction(write=False) as session:  # the test covers a participation not admitted
        waiting = select(_PARTICIPANT.c.instance_id).where(
            _PARTICIPANT.c.institution_id == people.institutions["pcpr"], _PARTICIPANT.c.admitted_at.is_(None)
        )
        assert set(session.execute(waiting).scalars()) >= set(fresh)
    tokens = [token(engine, "pcpr", people.institutions["pcpr"]), token(engine, "gops", people.institutions["gops"])]
    expected = {
        people.ops: fresh + nominated,
        people.ops2: fresh + nominated,
        people.animator: fresh + nominated,
        people.pcpr: nominated,
        people.outsider: [],
        tokens[0]: nominated,
        tokens[1]: fresh + nominated,
    }
    for actor, cases in expected.items():
        with engine.context.db.transaction(write=False) as session:
            who = acting(session, actor)
            by_case = set(session.execute(select(_INSTANCE.c.id).where(visible_cases(who))).scalars())
            by_participation = set(session.execute(visible_case_ids(who)).scalars())
        assert by_participation == by_case == set(cases), actor
        page = engine.runtime.cases_of(actor, ListRequest(size=2))
        assert page.total == len(cases) and not page.more, actor  # distinct cases: the GOPS plays two roles
        assert sorted(walked(lambda request, actor=actor: engine.runtime.cases_of(actor, request))) == sorted(cases)


def test_supervisors_and_the_system_are_not_counted_from_participations(engine, people):
    """Their scope is the partnership (or everything): the count must read the cases themselves."""
    start(engine, people)
    with engine.context.db.transaction(write=False) as session:
        assert visible_case_ids(acting(session, people.supervisor)) is None
        assert visible_case_ids(acting(session, Actor.system())) is None
    assert engine.runtime.cases_of(people.supervisor).total == 1


def test_task_counts_without_the_case_join_count_every_row_the_pages_show(engine, people):
    """Inbox and archive are counted from ``human_task`` alone; the queue (it reads the case's status: a
    suspended case's task is not in it) and a search (the case's number) keep the join: each total is the
    number of rows its pages hold."""
    cases = [start(engine, people).id for _ in range(5)]
    for case_id in cases[:3]:
        nominate(engine, people, case_id)
    assert engine.tasks.counts(people.ops) == {"inbox": 2, "queue": 0, "archive": 3}
    for listing, actor, rows in (
        (engine.tasks.inbox, people.ops, 2),
        (engine.tasks.archive, people.ops, 3),
        (engine.tasks.queue, people.pcpr, 3),
        (engine.tasks.inbox, people.ops2, 0),
    ):
        assert listing(actor, ListRequest(size=2)).total == rows
        assert len(set(walked(lambda request, listing=listing, actor=actor: listing(actor, request)))) == rows
    engine.runtime.suspend(people.supervisor, cases[0], "Rodzina wyjechała")
    assert engine.tasks.queue(people.pcpr).total == 2
    assert len(walked(lambda request: engine.tasks.queue(people.pcpr, request))) == 2
    number = engine.runtime.case(people.ops, cases[1]).business_key
    searched = engine.tasks.archive(people.ops, ListRequest(search=number))
    assert searched.total == len(searched.items) == 1


def test_sqlite_counts_read_indexes_alone_and_walk_the_queue_and_escalations_in_case_order(sqlite_engine):
    """A count walks up to 1,001 entries: each probe of a case, a participation or a task must be answered
    by an index (no row read), and the queue's and the escalations' counts walk their tasks in case order
    (``*_count`` indexes), so consecutive probes read neighbouring entries. Counting with the case's row,
    the queue's count at 100,000 cases took three times as long."""
    engine = sqlite_engine
    people = make_directory(engine)
    deploy_test_process(engine)
    nominate(engine, people, start(engine, people).id)
    counts = []

    def grab(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().startswith("SELECT count(*)"):
            counts.append((statement, parameters))

    database = engine.context.db
    event.listen(database.engine, "before_cursor_execute", grab)
    try:
        engine.tasks.counts(people.pcpr)
        engine.tasks.escalated(people.animator)
        engine.tasks.escalated(people.supervisor)
        for wanted in ({"element": "ut_pcpr"}, {"institution_id": people.institutions["pcpr"]}):
            engine.runtime.cases_of(people.supervisor, ListRequest(cases=CaseFilter(**wanted)))
    finally:
        event.remove(database.engine, "before_cursor_execute", grab)
    assert len(counts) == 7
    walked_by = []
    with database.engine.connect() as connection:
        for statement, parameters in counts:
            plan = [row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
            probes = [line for line in plan if line.startswith("SEARCH") and line.split()[1] in _LISTED]
            assert probes, plan
            assert all(" COVERING INDEX " in line or "PRIMARY KEY" in line for line in probes), (statement, plan)
            walked_by.append(re.search(r"INDEX (\w+)", probes[0])[1])
    assert "ix_human_task_queue_count" in walked_by
    assert walked_by.count("ix_human_task_escalated_count") == 2
