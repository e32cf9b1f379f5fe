"""Supported constructs the family process relies on, and the timer forms beside ``timeDuration``."""

from __future__ import annotations

from datetime import timedelta

from tests.engine.bpmn_samples import FORM_NAME, properties
from tests.engine.conformance import diagrams as d
from tests.engine.conformance.base import LATER, Construct, around
from tests.engine.conformance.diagrams import flow
from tests.engine.conformance.tasks_and_gateways import multi_instance


def timer_date() -> Construct:
    moment = "(datetime.now(timezone.utc) + timedelta(days=1)).isoformat()"
    definition = (
        f'<bpmn:timerEventDefinition id="timer_czekaj"><bpmn:timeDate>{moment}</bpmn:timeDate>'
        "</bpmn:timerEventDefinition>"
    )
    bpmn = d.document(
        around(
            [
                d.catch("czekaj", "f_start", "f2", definition),
                d.script("st", "f2", "f_end", "po_terminie = True"),
                flow("f2", "czekaj", "st"),
            ],
            "czekaj",
            "st",
        )
    )

    def play(run, people, clock):
        assert run.waiting() == ([], 1)
        assert run.fire_timers().fired == 0
        clock.advance(LATER)
        assert run.fire_timers().fired == 1
        return {"po_terminie": True}

    return Construct(bpmn, play)


def timer_cycle_boundary() -> Construct:
    definition = (
        "<bpmn:timerEventDefinition id=\"timer_be\"><bpmn:timeCycle>'R2/PT1H'</bpmn:timeCycle>"
        "</bpmn:timerEventDefinition>"
    )
    bpmn = d.document(
        [
            d.start(),
            d.task("ut", "f_start", "f_main"),
            d.boundary("be", "ut", "f_be", definition, interrupting=False),
            d.throw("przypomnij", "f_be", "f_be2", d.throw_definition("przypomnienie", "{'runda': 1}")),
            d.end("f_main", "end_main"),
            d.end("f_be2", "end_be"),
            flow("f_start", "start", "ut"),
            flow("f_main", "ut", "end_main"),
            flow("f_be", "be", "przypomnij"),
            flow("f_be2", "przypomnij", "end_be"),
        ],
        roots=[d.message("przypomnienie")],
    )

    def play(run, people, clock):
        for _round in range(2):
            clock.advance(timedelta(hours=1, minutes=1))
            assert run.fire_timers().fired == 1
        clock.advance(timedelta(hours=1, minutes=1))
        assert run.fire_timers().fired == 0  # two rounds only
        thrown = [e for e in run.engine.history.events(run.admin, run.case.id) if e.kind == "message_thrown"]
        assert len(thrown) == 2
        run.do(people.ops, "ut", {"uwagi": "po dwóch przypomnieniach"})
        return {"uwagi": "po dwóch przypomnieniach"}

    return Construct(bpmn, play)


def _inner_task(prefix: str) -> list[str]:
    return [
        d.start(f"f_{prefix}1", f"{prefix}_start"),
        d.task(f"ut_{prefix}", f"f_{prefix}1", f"f_{prefix}2"),
        d.end(f"f_{prefix}2", f"{prefix}_end"),
        flow(f"f_{prefix}1", f"{prefix}_start", f"ut_{prefix}"),
        flow(f"f_{prefix}2", f"ut_{prefix}", f"{prefix}_end"),
    ]


def message_boundary_on_subprocess() -> Construct:
    bpmn = d.document(
        [
            d.start(),
            d.sub_process("sp", "f_start", "f_main", _inner_task("sp")),
            d.boundary("be", "sp", "f_be", d.message_definition("zgoda_wycofana", "wycofanie")),
            d.script("st_be", "f_be", "f_be2", "wynik_sprawy = 'zgoda_wycofana'"),
            d.end("f_main", "end_main"),
            d.end("f_be2", "end_be"),
            flow("f_start", "start", "sp"),
            flow("f_main", "sp", "end_main"),
            flow("f_be", "be", "st_be"),
            flow("f_be2", "st_be", "end_be"),
        ],
        roots=[d.message("zgoda_wycofana")],
    )

    def play(run, people, clock):
        assert [t.bpmn_id for t in run.open_tasks(people.ops)] == ["ut_sp"]
        run.message(people.ops, "zgoda_wycofana", {"data": "2026-01-02"})
        assert run.open_tasks(people.ops) == []
        return {"wynik_sprawy": "zgoda_wycofana", "wycofanie": {"data": "2026-01-02"}}

    return Construct(bpmn, play)


def multi_instance_subprocess() -> Construct:
    sub = d.sub_process("sp_mi", "f1", "f_end", _inner_task("mi"), extra=multi_instance(False))
    bpmn = d.document(
        around(
            [d.script("st", "f_start", "f1", "osoby = ['anna', 'jan']"), sub, flow("f1", "st", "sp_mi")], "st", "sp_mi"
        )
    )

    def play(run, people, clock):
        run.do(people.ops, "ut_mi", {"wynik": "pierwszy"})
        run.do(people.ops, "ut_mi", {"wynik": "drugi"})
        return {"osoby": ["anna", "jan"]}

    return Construct(bpmn, play)


def multi_instance_call_activity() -> Construct:
    call = (
        '<bpmn:callActivity id="ca_mi" calledElement="wywolany"><bpmn:incoming>f_start</bpmn:incoming>'
        f"<bpmn:outgoing>f_end</bpmn:outgoing>{multi_instance(True)}</bpmn:callActivity>"
    )
    called = d.document(
        [
            d.start("f_c1", "c_start"),
            d.script("st_wywolany", "f_c1", "f_c2", "wynik = osoba.upper()"),
            d.end("f_c2", "c_end"),
            flow("f_c1", "c_start", "st_wywolany"),
            flow("f_c2", "st_wywolany", "c_end"),
        ],
        process_id="wywolany",
    )
    bpmn = d.document(around([call], "ca_mi", "ca_mi"))

    def play(run, people, clock):
        return {"wyniki": ["ANNA", "JAN"]}

    return Construct(bpmn, play, (("processes/wywolany.bpmn", called),), start_data={"osoby": ["anna", "jan"]})


def data_objects() -> Construct:
    write = (
        '<bpmn:scriptTask id="st_zapisz"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>'
        '<bpmn:dataOutputAssociation id="zapis"><bpmn:targetRef>do_lista</bpmn:targetRef></bpmn:dataOutputAssociation>'
        "<bpmn:script>lista = [uwagi]</bpmn:script></bpmn:scriptTask>"
    )
    read = (
        '<bpmn:scriptTask id="st_odczytaj"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f_end</bpmn:outgoing>'
        '<bpmn:property id="wlasciwosc_odczyt" name="__targetRef_placeholder" />'
        '<bpmn:dataInputAssociation id="odczyt"><bpmn:sourceRef>do_lista</bpmn:sourceRef>'
        "<bpmn:targetRef>wlasciwosc_odczyt</bpmn:targetRef></bpmn:dataInputAssociation>"
        "<bpmn:script>ile = len(lista)</bpmn:script></bpmn:scriptTask>"
    )
    bpmn = d.document(
        around(
            [
                '<bpmn:dataObject id="lista" />',
                '<bpmn:dataObjectReference id="do_lista" dataObjectRef="lista" />',
                d.task("ut", "f_start", "f1"),
                write,
                read,
                flow("f1", "ut", "st_zapisz"),
                flow("f2", "st_zapisz", "st_odczytaj"),
            ],
            "ut",
            "st_odczytaj",
        )
    )

    def play(run, people, clock):
        run.do(people.ops, "ut", {"uwagi": "wpis"})
        return {"ile": 1}

    return Construct(bpmn, play)


__all__ = ["FORM_NAME", "properties"]
