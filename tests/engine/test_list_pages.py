"""Task and case lists come in keyset pages: nothing lost or repeated while rows are added, honest
totals, search over every row, one audit row per page view, and an index behind every list."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import event

from engine import Engine
from engine.dto.pages import CaseFilter, ListRequest
from tests.engine.helpers import audit_rows
from tests.factories import add_person, deploy_test_process, make_directory

LISTED = ("human_task", "process_instance", "case_participant")
NOMINATION = {"rodzina": "Nowakowscy", "czlonkowie": ["Marek"], "pilne": True}


@pytest.fixture
def engine(database_url, clock):
    instance = Engine.from_url(database_url, clock=clock)
    yield instance
    instance.close()


@pytest.fixture
def people(engine):
    deploy_test_process(engine)
    return make_directory(engine)


def start(engine, people, title: str | None = None):
    return engine.runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id, title=title)


def walk(listing, size: int, between=lambda: None, backward_from=None) -> list[list[str]]:
    """The ids of every page, following the cursors; ``between`` runs after each page."""
    pages, cursor = [], backward_from
    while True:
        page = listing(ListRequest(cursor=cursor, size=size, backward=backward_from is not None))
        pages.append([row.id for row in page])
        between()
        cursor = page.previous_cursor if backward_from is not None else page.next_cursor
        if cursor is None:
            return pages


def test_inbox_pages_lose_and_repeat_nothing_while_tasks_are_added(engine, people, clock):
    for number in range(7):
        start(engine, people)
        if number % 2:
            clock.advance(timedelta(minutes=1))
    before = {task.id for task in engine.tasks.inbox(people.ops, ListRequest(size=200))}
    assert len(before) == 7

    def add():
        start(engine, people)  # same due time as some listed tasks, so it may land before or after the cursor

    pages = walk(lambda request: engine.tasks.inbox(people.ops, request), 3, between=add)
    seen = [task_id for page in pages for task_id in page]
    assert len(seen) == len(set(seen)), "a task shown twice"
    assert before <= set(seen), "a task lost"
    assert all(len(page) <= 3 for page in pages)
    assert engine.tasks.inbox(people.ops).total == 7 + len(pages)


def test_previous_pages_show_the_same_rows_in_the_same_order(engine, people, clock):
    for _ in range(8):
        start(engine, people)
        clock.advance(timedelta(seconds=30))
    forward = walk(lambda request: engine.tasks.inbox(people.ops, request), 3)
    assert [len(page) for page in forward] == [3, 3, 2]
    last = engine.tasks.inbox(people.ops, ListRequest(size=3))
    for _ in range(len(forward) - 1):
        last = engine.tasks.inbox(people.ops, ListRequest(cursor=last.next_cursor, size=3))
    assert last.next_cursor is None
    backward = walk(lambda request: engine.tasks.inbox(people.ops, request), 3, backward_from=last.previous_cursor)
    assert list(reversed(backward)) == forward[:-1]


def test_archive_pages_newest_first_and_counts_every_completion(engine, people, clock):
    for _ in range(5):
        case = start(engine, people)
        task = next(t for t in engine.tasks.of_case(people.ops, case.id) if t.bpmn_id == "ut_zgloszenie")
        engine.tasks.complete(people.ops, task.id, NOMINATION)
        clock.advance(timedelta(minutes=1))
    pages = walk(lambda request: engine.tasks.archive(people.ops, request), 2)
    completed = [t for page in pages for t in page]
    everything = engine.tasks.archive(people.ops, ListRequest(size=200))
    assert completed == [t.id for t in everything] and len(completed) == 5 == everything.total
    moments = [t.completed_at for t in everything]
    assert moments == sorted(moments, reverse=True)
    assert engine.tasks.counts(people.ops) == {"inbox": 0, "queue": 0, "archive": 5}


def test_case_list_pages_while_cases_start_and_each_page_view_is_audited_once(engine, people, clock):
    for _ in range(6):
        start(engine, people)
        clock.advance(timedelta(seconds=1))
    before = {case.id for case in engine.runtime.cases_of(people.ops, ListRequest(size=200))}

    def add():
        clock.advance(timedelta(seconds=1))
        start(engine, people)  # newest: lands on the first page, never on a later one

    pages = walk(lambda request: engine.runtime.cases_of(people.ops, request), 4, between=add)
    seen = [case_id for page in pages for case_id in page]
    assert len(seen) == len(set(seen)) and set(seen) == before
    assert [len(page) for page in pages] == [4, 2]
    views = audit_rows(engine, "case.list")
    assert len(views) == 1 + len(pages) and views[-1][2] == {"shown": 2}
    assert engine.runtime.cases_of(people.ops).total == 6 + len(pages)
    assert engine.runtime.cases_of(people.outsider).total == 0


def test_search_looks_at_every_row_not_only_the_page(engine, people, clock):
    for number in range(6):
        start(engine, people, title=f"Rodzina {number}")
        clock.advance(timedelta(minutes=1))
    first = engine.tasks.inbox(people.ops, ListRequest(size=2))
    found = engine.tasks.inbox(people.ops, ListRequest(size=2, search="RODZINA 5"))
    assert "Rodzina 5" not in {t.case_title for t in first}
    assert [t.case_title for t in found] == ["Rodzina 5"] and found.total == 1
    cases = engine.runtime.cases_of(people.ops, ListRequest(size=2, search="rodzina 0"))
    assert [c.title for c in cases] == ["Rodzina 0"] and cases.total == 1
    assert engine.tasks.inbox(people.ops, ListRequest(search="50%_")).total == 0


def test_queue_and_due_filter_are_counted_in_sql(engine, people, clock):
    for _ in range(3):
        case = start(engine, people)
        task = next(t for t in engine.tasks.of_case(people.ops, case.id) if t.bpmn_id == "ut_zgloszenie")
        engine.tasks.complete(people.ops, task.id, NOMINATION)
    queue = engine.tasks.queue(people.pcpr, ListRequest(size=2))
    assert queue.total == 3 and len(queue) == 2 and queue.next_cursor is not None
    assert engine.tasks.in_queue(people.pcpr, queue[0].id) and not engine.tasks.in_queue(people.ops, queue[0].id)
    due = max(t.due_at for t in engine.tasks.queue(people.pcpr, ListRequest(size=50)))
    assert engine.tasks.queue(people.pcpr, ListRequest(due_before=due + timedelta(seconds=1))).total == 3
    assert engine.tasks.queue(people.pcpr, ListRequest(due_before=clock.now())).total == 0


def test_every_list_reads_through_an_index(engine, people):
    """No list or count scans a whole table (SQLite: no plain ``SCAN <table>``; PostgreSQL: no ``Seq Scan``
    once sequential scans are discouraged, so the plan shows whether an index can serve the query)."""
    case = start(engine, people)
    task = next(t for t in engine.tasks.of_case(people.ops, case.id) if t.bpmn_id == "ut_zgloszenie")
    engine.tasks.complete(people.ops, task.id, NOMINATION)
    statements = []
    database = engine.context.db

    def grab(_conn, _cursor, statement, parameters, _context, _many):
        flat = statement.replace("\n", " ")
        if flat.lstrip().upper().startswith("SELECT") and any(f"FROM {t}" in flat for t in LISTED):
            statements.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", grab)
    try:
        for sort in ("termin", "utworzone"):
            engine.tasks.inbox(people.ops, ListRequest(sort=sort))
            engine.tasks.queue(people.pcpr, ListRequest(sort=sort))
        engine.tasks.archive(people.ops)
        engine.tasks.escalated(people.animator)
        engine.tasks.counts(people.ops)
        engine.runtime.cases_of(people.ops)
        engine.runtime.cases_of(people.supervisor, ListRequest(status="running"))
        for wanted in ({"element": "ut_pcpr"}, {"institution_id": people.institutions["pcpr"]}):
            engine.runtime.cases_of(people.supervisor, ListRequest(cases=CaseFilter(**wanted)))
    finally:
        event.remove(database.engine, "before_cursor_execute", grab)
    assert len(statements) >= 16
    with database.engine.connect() as connection:
        if not database.is_sqlite:
            connection.exec_driver_sql("SET enable_seqscan = off")
        for statement, parameters in statements:
            explain = "EXPLAIN QUERY PLAN " if database.is_sqlite else "EXPLAIN "
            plan = [str(row[-1]) for row in connection.exec_driver_sql(explain + statement, parameters)]
            full = [line for line in plan if _full_scan(line, database.is_sqlite)]
            assert not full, (statement, plan)


def _full_scan(line: str, sqlite: bool) -> bool:
    if not sqlite:
        return any(f"Seq Scan on {table}" in line for table in LISTED)
    words = line.split()
    return len(words) == 2 and words[0] == "SCAN" and words[1] in LISTED


def test_the_case_list_filters_by_element_stage_institution_deadline_partnership_and_dates(engine, people, clock):
    waiting, moved = start(engine, people, "Czeka na zgłoszenie"), start(engine, people, "Po zgłoszeniu")
    task = next(t for t in engine.tasks.of_case(people.ops, moved.id) if t.bpmn_id == "ut_zgloszenie")
    engine.tasks.complete(people.ops, task.id, NOMINATION)
    opened = {t.bpmn_id: t for t in engine.tasks.of_case(people.ops, moved.id)}
    clock.advance(timedelta(days=10))
    later = engine.runtime.start(
        people.ops, "test_sprawa", {"wariant": "miejski"}, partnership_id=people.partnership_id, title="Późniejsza"
    )

    def keys(**wanted) -> list[str]:
        page = engine.runtime.cases_of(people.supervisor, ListRequest(cases=CaseFilter(**wanted)))
        assert page.total == len(page)
        return sorted(case.title for case in page)

    assert set(opened) == {"ut_pcpr"} and opened["ut_pcpr"].due_at < clock.now() + timedelta(days=10)
    assert keys() == ["Czeka na zgłoszenie", "Po zgłoszeniu", "Późniejsza"]
    assert keys(element="ut_zgloszenie") == ["Czeka na zgłoszenie", "Późniejsza"]
    assert keys(element="ut_pcpr") == ["Po zgłoszeniu"]
    assert keys(stage="Zgłoszenie") == ["Czeka na zgłoszenie", "Późniejsza"]
    assert keys(institution_id=people.institutions["pcpr"]) == ["Po zgłoszeniu"]  # PCPR's diagnosis is open
    assert keys(institution_id=people.institutions["other"]) == []
    assert keys(overdue=True) == ["Po zgłoszeniu"]  # the diagnosis was due three days after it opened
    assert keys(partnership_id=people.partnership_id + 1000) == []
    assert keys(created_from=later.created_at) == ["Późniejsza"]
    assert keys(created_to=later.created_at) == ["Czeka na zgłoszenie", "Po zgłoszeniu"]
    assert keys(variant="miejski") == ["Późniejsza"] and keys(variant="wiejski") == []
    assert keys(process_id="inny_proces") == [] and len(keys(process_id="test_sprawa")) == 3
    assert keys(element="ut_zgloszenie", created_to=later.created_at) == [waiting.title]


def test_the_case_list_sorts_by_start_last_change_and_number_and_pages_in_that_order(engine, people, clock):
    cases = []
    for number in range(5):
        cases.append(start(engine, people, f"Sprawa {number}"))
        clock.advance(timedelta(minutes=1))
    first = cases[0]
    task = next(t for t in engine.tasks.of_case(people.ops, first.id) if t.bpmn_id == "ut_zgloszenie")
    engine.tasks.complete(people.ops, task.id, NOMINATION)  # the oldest case changes last

    def order(sort: str) -> list[str]:
        pages = walk(lambda request: engine.runtime.cases_of(people.supervisor, replace(request, sort=sort)), 2)
        return [case_id for page in pages for case_id in page]

    ids = [case.id for case in cases]
    assert order("najnowsze") == ids[::-1]
    assert order("najstarsze") == ids
    assert order("zmiana") == [first.id, *ids[:0:-1]]
    by_number = sorted(cases, key=lambda case: case.business_key)
    assert order("numer") == [case.id for case in by_number]


def test_the_case_list_at_a_multi_instance_step_counts_and_pages_each_case_once(engine, people, clock):
    """The filters by an open task count from the tasks' side: a case with three open interviews is one
    case, and a case the supervisor may not see is not counted."""
    family = {**NOMINATION, "czlonkowie": ["Jan", "Ewa", "Ola"]}
    at_interviews = []
    for number in range(5):
        case = start(engine, people, f"Sprawa {number}")
        clock.advance(timedelta(minutes=1))
        if number == 2:
            continue  # stays at the nomination
        steps = ((people.ops, "ut_zgloszenie", family), (people.pcpr, "ut_pcpr", {"ocena_pcpr": "bez uwag"}))
        for actor, bpmn_id, data in steps:
            task = next(t for t in engine.tasks.of_case(people.ops, case.id) if t.bpmn_id == bpmn_id)
            engine.tasks.complete(actor, task.id, data, claim=True)
        at_interviews.append(case.id)
    assert sum(t.bpmn_id == "ut_wywiad" for t in engine.tasks.of_case(people.ops, at_interviews[0])) == 3
    gops, pcpr = people.institutions["gops"], people.institutions["pcpr"]
    stranger = add_person(engine, "s.obcy", people.institutions["other"], "Superwizor")

    def listing(who, **wanted):
        return lambda request: engine.runtime.cases_of(who, replace(request, cases=CaseFilter(**wanted)))

    for wanted, expected in (
        ({"element": "ut_wywiad"}, at_interviews[::-1]),
        ({"element": "ut_wywiad", "institution_id": gops}, at_interviews[::-1]),
        ({"element": "ut_wywiad", "institution_id": pcpr}, []),
        ({"institution_id": pcpr}, []),
    ):
        pages = walk(listing(people.supervisor, **wanted), 2)
        assert [case_id for page in pages for case_id in page] == expected, wanted
        assert listing(people.supervisor, **wanted)(ListRequest()).total == len(expected), wanted
    assert listing(people.supervisor, institution_id=gops)(ListRequest()).total == 5
    assert listing(people.supervisor, element="ut_zgloszenie", institution_id=gops)(ListRequest()).total == 1
    assert listing(stranger, element="ut_wywiad")(ListRequest()).total == 0
    assert listing(stranger, institution_id=gops)(ListRequest()).total == 0
