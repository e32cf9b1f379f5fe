"""What an API token may do in cases: it acts for its institution (the pages' need-to-know rules), only
in its operations and messages, and every call is audited with its name."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from engine.db.models import AuditEntry
from engine.errors import IdempotencyKeyReused, NotAllowed, NotFound
from tests.engine.jobs.cases import events, start_urgent, to_documents
from tests.factories import ADMIN, deploy_test_process, make_directory

DOCUMENTS = {"sygnatura": "III RC 12/26"}


@pytest.fixture
def people(engine):
    deploy_test_process(engine)
    return make_directory(engine)


def _token(engine, name, institution_id, operations, messages=()):
    token = engine.directory.create_api_token(ADMIN, name, institution_id, operations, messages)[1]
    return engine.directory.authenticate_token(token)


def _audited(engine, case_id=None) -> list[tuple[str, dict]]:
    with engine.context.transaction(write=False) as session:
        query = select(AuditEntry.action, AuditEntry.detail).order_by(AuditEntry.id)
        if case_id is not None:
            query = query.where(AuditEntry.instance_id == case_id)
        rows = session.execute(query).all()
    return [(row.action, json.loads(row.detail) if row.detail else {}) for row in rows]


def test_a_token_of_an_institution_outside_the_case_gets_nothing_of_it(engine, people):
    case = to_documents(engine, people)
    other = _token(engine, "ops-lipiny", people.institutions["other"], ["cases:read", "messages:send"], ["dokumenty"])
    with pytest.raises(NotFound):
        engine.runtime.case(other, case.id)
    with pytest.raises(NotFound):
        engine.casefile.file(other, case.id)
    with pytest.raises(NotFound):
        engine.runtime.deliver_message(
            other, "dokumenty", DOCUMENTS, correlation=case.business_key, idempotency_key="k"
        )
    assert engine.runtime.cases_of(other).items == ()
    assert events(engine, people, case.id, "message_received") == []
    refusals = [entry for entry in _audited(engine, case.id) if entry[0].endswith(".refused")]
    assert refusals and all(detail == {"api_token": "ops-lipiny"} for _action, detail in refusals)


def test_a_token_of_an_admitted_institution_reads_as_its_institution_and_is_audited_by_name(engine, people):
    case = to_documents(engine, people)
    gops = _token(engine, "system-gops", people.institutions["gops"], ["cases:read"])
    assert engine.runtime.case(gops, case.id).business_key == case.business_key
    assert [c.id for c in engine.runtime.cases_of(gops).items] == [case.id]
    assert engine.casefile.file(gops, case.id).sections  # the GOPS leads the case: the whole file
    assert ("case.read", {"api_token": "system-gops"}) in _audited(engine, case.id)
    assert ("casefile.read", {"api_token": "system-gops"}) in _audited(engine, case.id)


def test_a_token_without_the_operation_or_the_message_is_refused(engine, people):
    case = to_documents(engine, people)
    gops = people.institutions["gops"]
    reader = _token(engine, "czytnik", gops, ["cases:read"])
    with pytest.raises(NotAllowed, match="messages:send"):
        engine.runtime.deliver_message(reader, "dokumenty", DOCUMENTS, correlation=case.id, idempotency_key="a")
    sender = _token(engine, "nadawca", gops, ["messages:send"], ["inna"])
    with pytest.raises(NotAllowed, match="dokumenty"):
        engine.runtime.deliver_message(sender, "dokumenty", DOCUMENTS, correlation=case.id, idempotency_key="b")
    with pytest.raises(NotAllowed, match="cases:read"):
        engine.runtime.case(sender, case.id)
    assert events(engine, people, case.id, "message_received") == []


def test_a_revoked_token_stops_acting_even_after_it_was_presented(engine, people):
    case = to_documents(engine, people)
    actor = _token(engine, "system-gops", people.institutions["gops"], ["cases:read"])
    engine.directory.revoke_api_token(ADMIN, "system-gops")
    with pytest.raises(NotAllowed, match="unieważniony"):
        engine.runtime.case(actor, case.id)


def test_a_reused_idempotency_key_with_another_body_is_refused_and_the_same_body_is_a_duplicate(engine, people):
    case = to_documents(engine, people)
    court = _token(engine, "sad", people.institutions["gops"], ["messages:send"], ["dokumenty"])
    first = engine.runtime.deliver_message(court, "dokumenty", DOCUMENTS, correlation=case.id, idempotency_key="s-1")
    same = engine.runtime.deliver_message(
        court, "dokumenty", dict(reversed(DOCUMENTS.items())), correlation=case.id, idempotency_key="s-1"
    )
    assert same.duplicate and same.received_at == first.received_at
    with pytest.raises(IdempotencyKeyReused, match="inną treścią"):
        engine.runtime.deliver_message(
            court, "dokumenty", {"sygnatura": "inna"}, correlation=case.id, idempotency_key="s-1"
        )
    assert len(events(engine, people, case.id, "message_received")) == 1
    assert ("case.message", {"api_token": "sad", "message": "dokumenty"}) in _audited(engine, case.id)


def test_a_token_reads_a_case_file_exactly_as_its_institutions_staff_do(engine, people):
    case = start_urgent(engine, people)  # the PCPR's assessment opens: the PCPR is admitted
    pcpr = _token(engine, "system-pcpr", people.institutions["pcpr"], ["cases:read"])
    as_token, as_staff = engine.casefile.file(pcpr, case.id), engine.casefile.file(people.pcpr, case.id)
    assert as_token.sections == as_staff.sections and as_token.whole == as_staff.whole
    assert as_token.awaited == as_staff.awaited
    gops = _token(engine, "system-gops", people.institutions["gops"], ["cases:read"])
    assert engine.casefile.file(gops, case.id).sections == engine.casefile.file(people.ops, case.id).sections
