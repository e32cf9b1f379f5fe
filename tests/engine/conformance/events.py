"""Supported events: event-based gateway, timers, messages, errors, terminate: diagram and play."""

from __future__ import annotations

from tests.engine.conformance import diagrams as d
from tests.engine.conformance.base import LATER, Construct, around
from tests.engine.conformance.diagrams import flow
from tests.factories import ADMIN


def _event_gateway_diagram() -> bytes:
    return d.document(
        [
            d.start(),
            d.task("ut", "f_start", "f1"),
            d.gateway("eventBasedGateway", "eg", ["f1"], ["f_a", "f_b", "f_t"]),
            d.catch("czekaj_a", "f_a", "f_a2", d.message_definition("wiadomosc_a", "tresc_a")),
            d.catch("czekaj_b", "f_b", "f_b2", d.message_definition("wiadomosc_b", "tresc_b")),
            d.catch("czekaj_t", "f_t", "f_t2", d.timer_definition("'P1D'", "czekaj_t")),
            d.script("st_a", "f_a2", "f_a3", "wynik = 'a'"),
            d.script("st_b", "f_b2", "f_b3", "wynik = 'b'"),
            d.script("st_t", "f_t2", "f_t3", "wynik = 'timer'"),
            d.ends("f_a3", "f_b3", "f_t3"),
            flow("f_start", "start", "ut"),
            flow("f1", "ut", "eg"),
            flow("f_a", "eg", "czekaj_a"),
            flow("f_b", "eg", "czekaj_b"),
            flow("f_t", "eg", "czekaj_t"),
            flow("f_a2", "czekaj_a", "st_a"),
            flow("f_b2", "czekaj_b", "st_b"),
            flow("f_t2", "czekaj_t", "st_t"),
            flow("f_a3", "st_a", "end"),
            flow("f_b3", "st_b", "end"),
            flow("f_t3", "st_t", "end"),
        ],
        roots=[d.message("wiadomosc_a"), d.message("wiadomosc_b")],
    )


def _await_gateway(run, people) -> None:
    run.do(people.ops, "ut", {"uwagi": "czekamy"})
    assert run.waiting() == (["wiadomosc_a", "wiadomosc_b"], 1)


def event_gateway_message_a() -> Construct:
    def play(run, people, clock):
        _await_gateway(run, people)
        run.message(people.ops, "wiadomosc_a", {"od": "sad"})
        assert run.waiting() == ([], 0)
        return {"wynik": "a", "tresc_a": {"od": "sad"}}

    return Construct(_event_gateway_diagram(), play)


def event_gateway_message_b() -> Construct:
    def play(run, people, clock):
        _await_gateway(run, people)
        run.message(people.ops, "wiadomosc_b", {"od": "pup"})
        return {"wynik": "b", "tresc_b": {"od": "pup"}}

    return Construct(_event_gateway_diagram(), play)


def event_gateway_timer() -> Construct:
    def play(run, people, clock):
        _await_gateway(run, people)
        clock.advance(LATER)
        assert run.fire_timers().fired == 1
        return {"wynik": "timer"}

    return Construct(_event_gateway_diagram(), play)


def timer_catch() -> Construct:
    bpmn = d.document(
        around(
            [
                d.task("ut", "f_start", "f1"),
                d.catch("czekaj", "f1", "f2", d.timer_definition("'P1D'", "czekaj")),
                d.script("st", "f2", "f_end", "po_czasie = True"),
                flow("f1", "ut", "czekaj"),
                flow("f2", "czekaj", "st"),
            ],
            "ut",
            "st",
        )
    )

    def play(run, people, clock):
        run.do(people.ops, "ut", {"uwagi": "x"})
        assert run.waiting() == ([], 1)
        clock.advance(LATER)
        assert run.fire_timers().fired == 1
        return {"po_czasie": True}

    return Construct(bpmn, play)


def _with_boundary(definition: str, interrupting: bool, roots: list[str] = ()) -> bytes:
    return d.document(
        [
            d.start(),
            d.task("ut", "f_start", "f_main"),
            d.boundary("be", "ut", "f_be", definition, interrupting),
            d.script("st_be", "f_be", "f_be2", "z_brzegu = True"),
            d.end("f_main", "end_main"),
            d.end("f_be2", "end_be"),
            flow("f_start", "start", "ut"),
            flow("f_main", "ut", "end_main"),
            flow("f_be", "be", "st_be"),
            flow("f_be2", "st_be", "end_be"),
        ],
        roots=roots,
    )


def timer_boundary_interrupting() -> Construct:
    def play(run, people, clock):
        clock.advance(LATER)
        run.fire_timers()
        assert run.open_tasks(people.ops) == []
        return {"z_brzegu": True}

    return Construct(_with_boundary(d.timer_definition("'P1D'", "be"), True), play)


def timer_boundary_non_interrupting() -> Construct:
    def play(run, people, clock):
        clock.advance(LATER)
        run.fire_timers()
        run.do(people.ops, "ut", {"uwagi": "po przypomnieniu"})
        return {"uwagi": "po przypomnieniu"}

    return Construct(_with_boundary(d.timer_definition("'P1D'", "be"), False), play)


def message_boundary_on_task() -> Construct:
    def play(run, people, clock):
        assert run.waiting()[0] == ["przerwij"]
        run.message(people.ops, "przerwij", {"powod": "rezygnacja"})
        assert run.open_tasks(people.ops) == []
        return {"z_brzegu": True}

    bpmn = _with_boundary(d.message_definition("przerwij", "przerwanie"), True, [d.message("przerwij")])
    return Construct(bpmn, play)


def message_catch() -> Construct:
    bpmn = d.document(
        around(
            [
                d.catch("czekaj", "f_start", "f2", d.message_definition("raport", "raport")),
                d.script("st", "f2", "f_end", "ocena = raport['ocena']"),
                flow("f2", "czekaj", "st"),
            ],
            "czekaj",
            "st",
        ),
        roots=[d.message("raport")],
    )

    def play(run, people, clock):
        run.message(people.ops, "raport", {"ocena": 5})
        return {"ocena": 5}

    return Construct(bpmn, play)


def receive_task() -> Construct:
    receive = (
        '<bpmn:receiveTask id="odbierz" messageRef="Message_raport"><bpmn:extensionElements>'
        "<spiffworkflow:messageVariable>raport</spiffworkflow:messageVariable></bpmn:extensionElements>"
        "<bpmn:incoming>f_start</bpmn:incoming><bpmn:outgoing>f_end</bpmn:outgoing></bpmn:receiveTask>"
    )

    def play(run, people, clock):
        run.message(people.ops, "raport", {"ocena": 4})
        return {"raport": {"ocena": 4}}

    return Construct(d.document(around([receive], "odbierz", "odbierz"), roots=[d.message("raport")]), play)


def message_throw() -> Construct:
    send = (
        '<bpmn:sendTask id="wyslij" messageRef="Message_zgloszenie"><bpmn:extensionElements>'
        "<spiffworkflow:messagePayload>{'kto': uwagi}</spiffworkflow:messagePayload></bpmn:extensionElements>"
        "<bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:sendTask>"
    )
    bpmn = d.document(
        [
            d.start(),
            d.task("ut", "f_start", "f1"),
            d.throw("powiadom", "f1", "f2", d.throw_definition("powiadomienie", "{'uwagi': uwagi}")),
            send,
            d.end("f3", definition=d.throw_definition("koniec", "{'koniec': True}")),
            flow("f_start", "start", "ut"),
            flow("f1", "ut", "powiadom"),
            flow("f2", "powiadom", "wyslij"),
            flow("f3", "wyslij", "end"),
        ],
        roots=[d.message("powiadomienie"), d.message("zgloszenie"), d.message("koniec")],
    )

    def play(run, people, clock):
        run.do(people.ops, "ut", {"uwagi": "x"})
        thrown = [e.detail for e in run.engine.history.events(ADMIN, run.case.id) if e.kind == "message_thrown"]
        assert thrown == [
            {"message": "powiadomienie", "payload": {"uwagi": "x"}},
            {"message": "zgloszenie", "payload": {"kto": "x"}},
            {"message": "koniec", "payload": {"koniec": True}},
        ]
        return {"uwagi": "x"}

    return Construct(bpmn, play)


def error_boundary_on_subprocess() -> Construct:
    error_root = '<bpmn:error id="Error_brak" name="brak" errorCode="brak" />'
    inner = [
        d.start("f_in1", "sp_start"),
        d.task("ut_sp", "f_in1", "f_in2"),
        d.end("f_in2", "sp_blad", '<bpmn:errorEventDefinition id="def_blad" errorRef="Error_brak" />'),
        flow("f_in1", "sp_start", "ut_sp"),
        flow("f_in2", "ut_sp", "sp_blad"),
    ]
    bpmn = d.document(
        [
            d.start(),
            d.sub_process("sp", "f_start", "f_main", inner),
            d.boundary("be_blad", "sp", "f_be", '<bpmn:errorEventDefinition id="def_be" errorRef="Error_brak" />'),
            d.script("st_blad", "f_be", "f_be2", "obsluzony_blad = True"),
            d.end("f_main", "end_main"),
            d.end("f_be2", "end_be"),
            flow("f_start", "start", "sp"),
            flow("f_main", "sp", "end_main"),
            flow("f_be", "be_blad", "st_blad"),
            flow("f_be2", "st_blad", "end_be"),
        ],
        roots=[error_root],
    )

    def play(run, people, clock):
        run.do(people.ops, "ut_sp", {"uwagi": "brak dokumentów"})
        return {"obsluzony_blad": True}

    return Construct(bpmn, play)


def terminate_end() -> Construct:
    bpmn = d.document(
        [
            d.start(),
            d.gateway("parallelGateway", "pg", ["f_start"], ["f_a", "f_b"]),
            d.task("ut_a", "f_a", "f_a2"),
            d.task("ut_b", "f_b", "f_b2"),
            d.end("f_a2", "end_a", '<bpmn:terminateEventDefinition id="def_term" />'),
            d.end("f_b2", "end_b"),
            flow("f_start", "start", "pg"),
            flow("f_a", "pg", "ut_a"),
            flow("f_b", "pg", "ut_b"),
            flow("f_a2", "ut_a", "end_a"),
            flow("f_b2", "ut_b", "end_b"),
        ]
    )

    def play(run, people, clock):
        run.do(people.ops, "ut_a", {"uwagi": "koniec"})
        assert run.open_tasks(people.ops) == []
        return {}

    return Construct(bpmn, play)
