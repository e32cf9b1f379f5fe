"""The task page in one call: what each reader sees is what the separate reads show them, audited alike.

Plays the Nowakowski case to its qualification (``setting``): a task of the animator's with a context
(the nomination) that the social worker of the case may see but not work on.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engine.db.models import AuditEntry
from engine.errors import NotFound
from tests.processes.people import AN, PS
from tests.processes.scenarios import NOMINACJA


@pytest.fixture(scope="module")
def qualification(setting):
    driver = setting.driver([])
    driver.do(PS, "ut_nominacja", NOMINACJA)
    return driver.case, driver.find(AN, "ut_kwalifikacja")


def test_each_reader_sees_on_the_page_what_the_separate_reads_show(setting, qualification):
    case, task = qualification
    engine = setting.engine
    for reader in (setting.user(AN), setting.user(PS)):
        page = engine.task_page.get(reader, task.id)
        assert page.detail == engine.tasks.get(reader, task.id)
        assert page.case == engine.runtime.case(reader, case.id)
        assert page.case_tasks == tuple(engine.tasks.of_case(reader, case.id))
        assert page.context == engine.casefile.task_context(reader, task.id)
        assert page.claimable == engine.tasks.in_queue(reader, task.id)
    animator = engine.task_page.get(setting.user(AN), task.id)
    assert [s.id for s in animator.context.sections] == ["zgloszenie"]  # what the decision needs
    assert animator.claimable and animator.case.business_key == case.business_key
    worker = engine.task_page.get(setting.user(PS), task.id)
    assert not worker.context and not worker.claimable  # the social worker does not decide it
    assert worker.detail.data == {} and worker.detail.draft is None


def test_a_page_read_is_audited_as_the_reads_it_joins(setting, qualification):
    case, task = qualification
    animator, worker = setting.user(AN), setting.user(PS)
    since = _newest(setting.engine)
    setting.engine.task_page.get(animator, task.id)
    assert _since(setting.engine, since) == [
        ("task.read", animator.user_id, case.id, task.id),
        ("case.read", animator.user_id, case.id, None),
        ("task.context", animator.user_id, case.id, task.id),
    ]
    since = _newest(setting.engine)
    setting.engine.task_page.get(worker, task.id)
    assert _since(setting.engine, since) == [  # no context shown, none recorded
        ("task.read", worker.user_id, case.id, task.id),
        ("case.read", worker.user_id, case.id, None),
    ]


def test_an_outsider_gets_no_page_and_the_refusal_is_audited(setting, qualification):
    case, task = qualification
    outsider = setting.people.outsider
    since = _newest(setting.engine)
    with pytest.raises(NotFound):
        setting.engine.task_page.get(outsider, task.id)
    assert _since(setting.engine, since) == [("task.read.refused", outsider.user_id, case.id, None)]
    with pytest.raises(NotFound):
        setting.engine.task_page.get(setting.user(AN), "no-such-task")


def _newest(engine) -> int:
    with engine.context.transaction(write=False) as session:
        return session.execute(select(func.coalesce(func.max(AuditEntry.id), 0))).scalar_one()


def _since(engine, entry_id: int) -> list[tuple]:
    with engine.context.transaction(write=False) as session:
        rows = session.execute(
            select(AuditEntry.action, AuditEntry.actor_id, AuditEntry.instance_id, AuditEntry.task_id)
            .where(AuditEntry.id > entry_id)
            .order_by(AuditEntry.id)
        ).all()
    return [tuple(row) for row in rows]
