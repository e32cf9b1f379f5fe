"""An order goes to one provider of the partnership: only that provider sees its task and the case.

The model names the institution a task is for with ``candidateInstitution`` (the provider chosen in
the order form from the partnership's providers, ``instytucje_sprawy``); the other providers of the
same role neither see that task nor, until something is ordered from them, the case.
"""

from __future__ import annotations

import json

import pytest

from engine.errors import InvalidFormData, NotAllowed, NotVisible
from engine.jobs import notifications
from tests.engine.bpmn_samples import deployment, flow, process, properties
from tests.factories import ADMIN, OPS_ROLE, add_person, make_directory

PROVIDER = "Realizator usługi"
ORDER_FORM = "zamowienie.schema.json"
ORDER = {
    "type": "object",
    "properties": {
        "realizator_nazwa": {
            "type": "string",
            "title": "Realizator",
            "x-choices": {
                "from": f"instytucje_sprawy.{PROVIDER}",
                "value": "nazwa",
                "title": "nazwa",
                "message": "Wybierz realizatora spośród instytucji partnerstwa.",
            },
        }
    },
    "required": ["realizator_nazwa"],
}
REPORT_FORM = "realizacja.schema.json"
REPORT = {"type": "object", "properties": {"uwagi": {"type": "string", "title": "Uwagi"}}}
KROK, RUCH = "Fundacja „Krok”", "Centrum „Ruch”"


def _task(task_id: str, name: str, incoming: str, outgoing: str, **extra: str) -> str:
    form = ORDER_FORM if task_id.startswith("ut_zamow") else REPORT_FORM
    return (
        f'<bpmn:userTask id="{task_id}" name="{name}">{properties(formJsonSchemaFilename=form, **extra)}'
        f"<bpmn:incoming>{incoming}</bpmn:incoming><bpmn:outgoing>{outgoing}</bpmn:outgoing></bpmn:userTask>"
    )


def _two_orders() -> bytes:
    """Order, its provider's report, a second order, its provider's report."""
    provider = {"candidateRole": f"'{PROVIDER}'", "candidateInstitution": "realizator_nazwa"}
    nodes = ["start", "ut_zamow_1", "ut_real_1", "ut_zamow_2", "ut_real_2", "end"]
    return process(
        [
            '<bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>',
            _task("ut_zamow_1", "Zamówienie pierwsze", "f1", "f2"),
            _task("ut_real_1", "Realizacja pierwsza", "f2", "f3", **provider),
            _task("ut_zamow_2", "Zamówienie drugie", "f3", "f4"),
            _task("ut_real_2", "Realizacja druga", "f4", "f5", **provider),
            '<bpmn:endEvent id="end"><bpmn:incoming>f5</bpmn:incoming></bpmn:endEvent>',
            *(flow(f"f{n + 1}", a, b) for n, (a, b) in enumerate(zip(nodes, nodes[1:], strict=False))),
        ],
        in_lane=nodes,
        process_id="zamowienia",
    )


@pytest.fixture
def setting(engine):
    engine.repository.deploy(
        deployment(
            _two_orders(),
            {ORDER_FORM: json.dumps(ORDER).encode(), REPORT_FORM: json.dumps(REPORT).encode()},
            name="zamowienia.bpmn",
        ),
        ADMIN,
    )
    people = make_directory(engine)
    directory = engine.directory
    krok = directory.add_institution(ADMIN, KROK, "NGO").id
    ruch = directory.add_institution(ADMIN, RUCH, "NGO").id
    gops = people.institutions["gops"]
    members = [(gops, OPS_ROLE), (krok, PROVIDER), (ruch, PROVIDER)]
    partnership = directory.add_partnership(ADMIN, "PZK z realizatorami", "Brzozowa Wola", members)
    krok_worker = add_person(engine, "t.krok", krok, PROVIDER)
    ruch_worker = add_person(engine, "r.ruch", ruch, PROVIDER)
    case = engine.runtime.start(people.ops, "zamowienia", partnership_id=partnership.id)
    return people, case, krok_worker, ruch_worker


def _open(engine, actor, case_id, bpmn_id):
    return next(t for t in engine.tasks.of_case(actor, case_id) if t.bpmn_id == bpmn_id)


def _queue(engine, actor) -> list[str]:
    return [task.bpmn_id for task in engine.tasks.queue(actor)]


def test_the_order_form_offers_the_partnerships_providers_and_refuses_anyone_else(engine, setting):
    people, case, _krok, _ruch = setting
    order = _open(engine, people.ops, case.id, "ut_zamow_1")
    assert engine.tasks.get(people.ops, order.id).choices[f"instytucje_sprawy.{PROVIDER}"] == (
        (RUCH, RUCH),
        (KROK, KROK),
    )
    with pytest.raises(InvalidFormData) as refused:
        engine.tasks.complete(people.ops, order.id, {"realizator_nazwa": "Firma spoza partnerstwa"}, claim=True)
    assert refused.value.by_field() == {"realizator_nazwa": ["Wybierz realizatora spośród instytucji partnerstwa."]}


def test_only_the_provider_ordered_from_sees_the_task_and_the_case(engine, setting):
    people, case, krok, ruch = setting
    order = _open(engine, people.ops, case.id, "ut_zamow_1")
    engine.tasks.complete(people.ops, order.id, {"realizator_nazwa": KROK}, claim=True)
    assert _queue(engine, krok) == ["ut_real_1"]
    assert _queue(engine, ruch) == []
    with pytest.raises(NotVisible):
        engine.runtime.case(ruch, case.id)  # nothing ordered from it: the case is not its business
    report = _open(engine, krok, case.id, "ut_real_1")
    with pytest.raises(NotVisible):
        engine.tasks.get(ruch, report.id)
    with pytest.raises(NotAllowed):
        engine.tasks.assign(people.supervisor, report.id, ruch.user_id)
    engine.tasks.complete(krok, report.id, {"uwagi": "Terapia rozpoczęta"}, claim=True)

    second = _open(engine, people.ops, case.id, "ut_zamow_2")
    engine.tasks.complete(people.ops, second.id, {"realizator_nazwa": RUCH}, claim=True)
    assert _queue(engine, ruch) == ["ut_real_2"] and _queue(engine, krok) == []
    assert engine.runtime.case(ruch, case.id).id == case.id  # ordered from now: it sees the case
    assert [t.bpmn_id for t in engine.tasks.of_case(ruch, case.id)] == ["ut_real_2"]
    assert engine.tasks.of_case(krok, case.id) == []  # Ruch's order is not listed to Krok
    with pytest.raises(NotAllowed, match=RUCH):  # krok plays the role in the case, but this order is not its
        engine.tasks.assign(people.supervisor, _open(engine, ruch, case.id, "ut_real_2").id, krok.user_id)
    ruch_file = engine.casefile.file(ruch, case.id)
    seen = [entry.task_name for section in ruch_file.sections for entry in section.entries]
    assert "Realizacja pierwsza" not in seen  # the other provider's report stays the other provider's
    assert [t.name for t in ruch_file.awaited.tasks] == ["Realizacja druga"]
    with pytest.raises(NotVisible):
        engine.tasks.get(ruch, report.id)
    ops_file = engine.casefile.file(people.ops, case.id)
    assert "Realizacja pierwsza" in [e.task_name for s in ops_file.sections for e in s.entries]
    assert [(t.name, t.institutions) for t in ops_file.awaited.tasks] == [("Realizacja druga", (RUCH,))]


def test_only_the_provider_ordered_from_is_told_of_the_order(engine, setting):
    people, case, krok, ruch = setting
    order = _open(engine, people.ops, case.id, "ut_zamow_1")
    engine.tasks.complete(people.ops, order.id, {"realizator_nazwa": KROK}, claim=True)
    report = _open(engine, krok, case.id, "ut_real_1")
    with engine.context.transaction(write=False) as session:
        told = notifications.queue_holders(session, notifications.task_row(session, report.id), "task_new")
    assert [person.user_id for person in told] == [krok.user_id]  # Ruch's people get no e-mail about it


def test_a_providers_api_token_sees_and_completes_only_what_was_ordered_from_its_institution(engine, setting):
    people, case, _krok, _ruch = setting
    ids = {i.name: i.id for i in engine.directory.institutions()}
    scope = ["cases:read", "tasks:read", "tasks:complete"]

    def token(name):
        secret = engine.directory.create_api_token(ADMIN, f"api {name}", ids[name], scope)[1]
        return engine.directory.authenticate_token(secret)

    krok, ruch = token(KROK), token(RUCH)
    order = _open(engine, people.ops, case.id, "ut_zamow_1")
    engine.tasks.complete(people.ops, order.id, {"realizator_nazwa": KROK}, claim=True)
    assert [t.bpmn_id for t in engine.tasks.of_institution(krok)] == ["ut_real_1"]
    assert list(engine.tasks.of_institution(ruch)) == []
    with pytest.raises(NotVisible):
        engine.runtime.case(ruch, case.id)
    report = _open(engine, people.ops, case.id, "ut_real_1")
    with pytest.raises(NotVisible):
        engine.tasks.complete(ruch, report.id, {"uwagi": "nie nasze"})
    engine.tasks.complete(krok, report.id, {"uwagi": "Terapia rozpoczęta"})

    second = _open(engine, people.ops, case.id, "ut_zamow_2")
    engine.tasks.complete(people.ops, second.id, {"realizator_nazwa": RUCH}, claim=True)
    assert [t.bpmn_id for t in engine.tasks.of_institution(ruch)] == ["ut_real_2"]
    assert list(engine.tasks.of_institution(krok)) == []
    seen = [entry.task_name for section in engine.casefile.file(ruch, case.id).sections for entry in section.entries]
    assert "Realizacja pierwsza" not in seen  # the other provider's report stays the other provider's
