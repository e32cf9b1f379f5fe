"""The workflow cache is bounded by bytes as well as by count: least recently used cases go first, and a
case bigger than the whole bound is never kept but still works (it is read from the database each time)."""

from __future__ import annotations

import pytest

from engine import Engine
from engine.config import DEFAULT_CACHE_BYTES, ConfigurationError, cache_limit
from tests.engine.test_store_delta import at_interviews
from tests.factories import deploy_test_process, make_directory


@pytest.fixture
def setup(database_url, clock):
    engine = Engine.from_url(database_url, clock=clock)
    deploy_test_process(engine)
    people = make_directory(engine)
    yield engine, people
    engine.close()


def cached_size(engine: Engine, case_id: str) -> int:
    """The size the cache holds a case by (the case stays cached)."""
    cache = engine.context.workflows
    entry, size = cache._items[case_id]
    assert size == entry.snapshot.size > 0
    return size


def read(engine: Engine, people, case_id: str) -> dict:
    return engine.runtime.case_data(people.supervisor, case_id)


def test_the_least_recently_used_cases_leave_when_the_bytes_run_out(setup):
    engine, people = setup
    cache = engine.context.workflows
    first, second, third = (at_interviews(engine, people, 2)[0] for _ in range(3))
    sizes = [cached_size(engine, case_id) for case_id in (first, second, third)]
    cache.clear()
    cache.max_bytes = sizes[0] + sizes[1] + sizes[2] // 2  # two of the three fit, not all three
    read(engine, people, first)
    read(engine, people, second)
    read(engine, people, first)  # the first is now the most recently used
    read(engine, people, third)
    assert (first in cache, second in cache, third in cache) == (True, False, True)
    assert cache.size == cached_size(engine, first) + cached_size(engine, third) <= cache.max_bytes


def test_a_step_that_grows_a_case_past_the_bound_drops_it_and_it_still_runs(setup):
    engine, people = setup
    cache = engine.context.workflows
    small, _ = at_interviews(engine, people, 2)
    big, interviews = at_interviews(engine, people, 30)
    assert cached_size(engine, big) > 2 * cached_size(engine, small)
    cache.max_bytes = 2 * cached_size(engine, small)
    read(engine, people, small)
    for number, task_id in enumerate(interviews):
        engine.tasks.complete(people.ops, task_id, {"wywiad": f"rozmowa {number}"}, claim=True)
        assert big not in cache
    assert read(engine, people, big)["wywiady"] == [f"rozmowa {number}" for number in range(30)]
    assert big not in cache and small in cache
    assert cache.size == cached_size(engine, small)


def test_the_count_bound_still_holds(database_url, clock):
    engine = Engine.from_url(database_url, clock=clock, cache_capacity=2)
    try:
        deploy_test_process(engine)
        people = make_directory(engine)
        cases = [at_interviews(engine, people, 2)[0] for _ in range(3)]
        cache = engine.context.workflows
        assert [case_id in cache for case_id in cases] == [False, True, True]
        assert cache.size == sum(cached_size(engine, case_id) for case_id in cases[1:])
    finally:
        engine.close()


def test_the_byte_bound_comes_from_the_environment():
    assert cache_limit({}) == DEFAULT_CACHE_BYTES == 256 * 1024 * 1024
    assert cache_limit({"KOOPERACJA_CACHE_MB": "64"}) == 64 * 1024 * 1024
    assert cache_limit({"KOOPERACJA_CACHE_MB": "0"}) == 0
    with pytest.raises(ConfigurationError):
        cache_limit({"KOOPERACJA_CACHE_MB": "dużo"})
