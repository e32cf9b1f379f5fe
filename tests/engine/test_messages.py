"""External messages with an idempotency key: the same message twice has one effect."""

from __future__ import annotations

import threading

import pytest

from engine import Engine
from engine.dto import Actor
from engine.errors import IdempotencyKeyReused, MessageNotExpected, NotFound
from tests.engine.jobs.cases import events, to_documents

COURT = Actor.system("api:sad-rejonowy")
DOCUMENTS = {"sygnatura": "III RC 12/26"}


def received(engine, people, case_id) -> int:
    return len(events(engine, people, case_id, "message_received"))


def test_the_same_key_twice_delivers_once_and_answers_with_the_first_delivery(engine, people, clock):
    case = to_documents(engine, people)
    first = engine.runtime.deliver_message(
        COURT, "dokumenty", DOCUMENTS, correlation=case.business_key, idempotency_key="k1"
    )
    assert (first.duplicate, first.case_id, first.stage) == (False, case.id, "Ocena")
    with pytest.raises(IdempotencyKeyReused, match="inną treścią"):  # another body is not dropped silently
        engine.runtime.deliver_message(COURT, "dokumenty", {"inne": 1}, correlation=case.id, idempotency_key="k1")
    again = engine.runtime.deliver_message(COURT, "dokumenty", DOCUMENTS, correlation=case.id, idempotency_key="k1")
    assert again.duplicate and (again.received_at, again.status, again.stage) == (
        first.received_at,
        first.status,
        first.stage,
    )
    assert engine.runtime.send_message(COURT, "dokumenty", DOCUMENTS, case.id, idempotency_key="k1").id == case.id
    assert received(engine, people, case.id) == 1
    assert engine.runtime.case_data(people.supervisor, case.id)["dokumenty"] == DOCUMENTS


def test_a_key_used_for_another_case_or_message_is_refused(engine, people):
    case, other = to_documents(engine, people), to_documents(engine, people)
    engine.runtime.deliver_message(COURT, "dokumenty", DOCUMENTS, case_id=case.id, idempotency_key="k1")
    with pytest.raises(IdempotencyKeyReused, match="k1"):
        engine.runtime.deliver_message(COURT, "dokumenty", DOCUMENTS, case_id=other.id, idempotency_key="k1")
    with pytest.raises(IdempotencyKeyReused):
        engine.runtime.deliver_message(COURT, "wyrok", DOCUMENTS, case_id=case.id, idempotency_key="k1")
    assert received(engine, people, other.id) == 0


def test_a_refused_delivery_keeps_no_receipt_so_the_key_works_once_the_case_waits(engine, people):
    case = engine.runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id)
    with pytest.raises(MessageNotExpected, match="nie oczekuje na wiadomość „dokumenty”"):
        engine.runtime.deliver_message(COURT, "dokumenty", DOCUMENTS, case_id=case.id, idempotency_key="k1")
    with pytest.raises(NotFound, match="Nie ma sprawy o numerze K/2026/NIEMA"):
        engine.runtime.deliver_message(COURT, "dokumenty", DOCUMENTS, correlation="K/2026/NIEMA", idempotency_key="k2")
    ready = to_documents(engine, people)
    assert not engine.runtime.deliver_message(
        COURT, "dokumenty", None, case_id=ready.id, idempotency_key="k1"
    ).duplicate


def test_two_deliveries_racing_with_one_key_have_one_effect(engine, people, database_url, clock):
    cases = [to_documents(engine, people) for _ in range(4)]
    senders = [Engine.from_url(database_url, clock=clock) for _ in range(2)]
    try:
        for case in cases:
            barrier = threading.Barrier(2)
            outcomes = []

            def send(sender: Engine, case_id=case.id, barrier=barrier, outcomes=outcomes) -> None:
                barrier.wait()
                delivery = sender.runtime.deliver_message(
                    COURT, "dokumenty", DOCUMENTS, case_id=case_id, idempotency_key=f"sad:{case_id}"
                )
                outcomes.append(delivery.duplicate)

            threads = [threading.Thread(target=send, args=(sender,)) for sender in senders]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=30)
            assert sorted(outcomes) == [False, True]
            assert received(engine, people, case.id) == 1
    finally:
        for sender in senders:
            sender.close()
