"""The supported constructs: for each, a diagram and how a case on it is played to its end.

A play function gets the scenario driver (``run``), the people and the clock, drives the case with
the engine's API only, and returns data the finished case must hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from tests.engine.bpmn_samples import FORM_NAME, properties
from tests.engine.conformance import diagrams as d
from tests.engine.conformance.diagrams import flow
from tests.factories import ADMIN

LATER = timedelta(days=1, minutes=1)
#: The one form of every diagram here: the fields the plays submit.
FORM = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "uwagi": {"type": "string"},
        "wiek": {"type": "integer"},
        "wynik": {"type": "string"},
        "osoby": {"type": "array", "items": {"type": "string"}},
    },
}


@dataclass(frozen=True)
class Construct:
    bpmn: bytes
    play: Callable
    extra: tuple = ()  # more (path, content) files of the deployment


def user_task() -> Construct:
    bpmn = d.document(
        [d.start(), d.task("ut", "f_start", "f1"), d.end("f1"), flow("f_start", "start", "ut"), flow("f1", "ut", "end")]
    )

    def play(run, people, clock):
        run.do(people.ops, "ut", {"uwagi": "zrobione"})
        return {"uwagi": "zrobione"}

    return Construct(bpmn, play)


def _around(middle: list[str], first: str, last: str) -> list[str]:
    """start -> ``first`` ... ``last`` -> end; ``middle`` holds the nodes and inner flows."""
    return [d.start(), *middle, d.end("f_end"), flow("f_start", "start", first), flow("f_end", last, "end")]


def script_task() -> Construct:
    bpmn = d.document(
        _around(
            [
                d.task("ut", "f_start", "f1"),
                d.script("st", "f1", "f_end", "wynik = len(uwagi) * 2"),
                flow("f1", "ut", "st"),
            ],
            "ut",
            "st",
        )
    )

    def play(run, people, clock):
        run.do(people.ops, "ut", {"uwagi": "abc"})
        return {"wynik": 6}

    return Construct(bpmn, play)


def manual_task() -> Construct:
    manual = (
        f'<bpmn:manualTask id="mt" name="Rozmowa">{properties(formJsonSchemaFilename=FORM_NAME)}'
        "<bpmn:incoming>f_start</bpmn:incoming><bpmn:outgoing>f_end</bpmn:outgoing></bpmn:manualTask>"
    )
    bpmn = d.document(_around([manual], "mt", "mt"))

    def play(run, people, clock):
        run.do(people.ops, "mt", {"uwagi": "rozmowa odbyta"})
        return {"uwagi": "rozmowa odbyta"}

    return Construct(bpmn, play)


def exclusive_gateway() -> Construct:
    bpmn = d.document(
        _around(
            [
                d.task("ut", "f_start", "f1"),
                d.gateway("exclusiveGateway", "xg", ["f1"], ["f_tak", "f_nie"], default="f_nie"),
                d.script("st_tak", "f_tak", "f_tak2", "droga = 'tak'"),
                d.script("st_nie", "f_nie", "f_nie2", "droga = 'nie'"),
                d.gateway("exclusiveGateway", "xg_join", ["f_tak2", "f_nie2"], ["f_end"]),
                flow("f1", "ut", "xg"),
                flow("f_tak", "xg", "st_tak", condition="uwagi == 'tak'"),
                flow("f_nie", "xg", "st_nie"),
                flow("f_tak2", "st_tak", "xg_join"),
                flow("f_nie2", "st_nie", "xg_join"),
            ],
            "ut",
            "xg_join",
        )
    )

    def play(run, people, clock):
        run.do(people.ops, "ut", {"uwagi": "tak"})
        return {"droga": "tak"}

    return Construct(bpmn, play)


def parallel_gateway() -> Construct:
    bpmn = d.document(
        _around(
            [
                d.gateway("parallelGateway", "pg", ["f_start"], ["f_a", "f_b"]),
                d.task("ut_a", "f_a", "f_a2"),
                d.script("st_b", "f_b", "f_b2", "b = 1"),
                d.gateway("parallelGateway", "pg_join", ["f_a2", "f_b2"], ["f_end"]),
                flow("f_a", "pg", "ut_a"),
                flow("f_b", "pg", "st_b"),
                flow("f_a2", "ut_a", "pg_join"),
                flow("f_b2", "st_b", "pg_join"),
            ],
            "pg",
            "pg_join",
        )
    )

    def play(run, people, clock):
        run.do(people.ops, "ut_a", {"uwagi": "a"})
        return {"uwagi": "a"}

    return Construct(bpmn, play)


def inclusive_gateway() -> Construct:
    bpmn = d.document(
        _around(
            [
                d.task("ut", "f_start", "f1"),
                d.gateway("inclusiveGateway", "ig", ["f1"], ["f_a", "f_b", "f_c"], default="f_c"),
                d.script("st_a", "f_a", "f_a2", "a = 1"),
                d.script("st_b", "f_b", "f_b2", "b = 2"),
                d.script("st_c", "f_c", "f_c2", "c = 3"),
                d.gateway("inclusiveGateway", "ig_join", ["f_a2", "f_b2", "f_c2"], ["f_end"]),
                flow("f1", "ut", "ig"),
                flow("f_a", "ig", "st_a", condition="'a' in uwagi"),
                flow("f_b", "ig", "st_b", condition="'b' in uwagi"),
                flow("f_c", "ig", "st_c"),
                flow("f_a2", "st_a", "ig_join"),
                flow("f_b2", "st_b", "ig_join"),
                flow("f_c2", "st_c", "ig_join"),
            ],
            "ut",
            "ig_join",
        )
    )

    def play(run, people, clock):
        run.do(people.ops, "ut", {"uwagi": "ab"})
        return {"a": 1, "b": 2}

    return Construct(bpmn, play)


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


def plain_task() -> Construct:
    plain = (
        f'<bpmn:task id="zadanie" name="Zadanie">{properties(formJsonSchemaFilename=FORM_NAME)}'
        "<bpmn:incoming>f_start</bpmn:incoming><bpmn:outgoing>f_end</bpmn:outgoing></bpmn:task>"
    )

    def play(run, people, clock):
        run.do(people.ops, "zadanie", {"uwagi": "gotowe"})
        return {"uwagi": "gotowe"}

    return Construct(d.document(_around([plain], "zadanie", "zadanie")), play)


def embedded_subprocess() -> Construct:
    inner = [
        d.start("f_in1", "sp_start"),
        d.task("ut_sp", "f_in1", "f_in2"),
        d.end("f_in2", "sp_end"),
        flow("f_in1", "sp_start", "ut_sp"),
        flow("f_in2", "ut_sp", "sp_end"),
    ]
    bpmn = d.document(_around([d.sub_process("sp", "f_start", "f_end", inner)], "sp", "sp"))

    def play(run, people, clock):
        run.do(people.ops, "ut_sp", {"uwagi": "w podprocesie"})
        return {"uwagi": "w podprocesie"}

    return Construct(bpmn, play)


def call_activity() -> Construct:
    call = (
        '<bpmn:callActivity id="ca" calledElement="wywolany"><bpmn:incoming>f_start</bpmn:incoming>'
        "<bpmn:outgoing>f_end</bpmn:outgoing></bpmn:callActivity>"
    )
    called = d.document(
        [
            d.start("f_c1", "c_start"),
            d.task("ut_wywolany", "f_c1", "f_c2"),
            d.script("st_wywolany", "f_c2", "f_c3", "z_wywolania = uwagi.upper()"),
            d.end("f_c3", "c_end"),
            flow("f_c1", "c_start", "ut_wywolany"),
            flow("f_c2", "ut_wywolany", "st_wywolany"),
            flow("f_c3", "st_wywolany", "c_end"),
        ],
        process_id="wywolany",
    )

    def play(run, people, clock):
        run.do(people.ops, "ut_wywolany", {"uwagi": "abc"})
        return {"z_wywolania": "ABC"}

    return Construct(d.document(_around([call], "ca", "ca")), play, (("processes/wywolany.bpmn", called),))


def _multi_instance(sequential: bool) -> str:
    return (
        f'<bpmn:multiInstanceLoopCharacteristics isSequential="{str(sequential).lower()}">'
        "<bpmn:loopDataInputRef>osoby</bpmn:loopDataInputRef><bpmn:loopDataOutputRef>wyniki</bpmn:loopDataOutputRef>"
        '<bpmn:inputDataItem id="osoba" name="osoba" /><bpmn:outputDataItem id="wynik" name="wynik" />'
        "</bpmn:multiInstanceLoopCharacteristics>"
    )


def multi_instance_user_task() -> Construct:
    task = (
        f'<bpmn:userTask id="ut_mi" name="Dla każdej osoby">{properties(formJsonSchemaFilename=FORM_NAME)}'
        "<bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f_end</bpmn:outgoing>"
        f"{_multi_instance(False)}</bpmn:userTask>"
    )
    bpmn = d.document(
        _around(
            [d.script("st", "f_start", "f1", "osoby = ['anna', 'jan']"), task, flow("f1", "st", "ut_mi")], "st", "ut_mi"
        )
    )

    def play(run, people, clock):
        run.do(people.ops, "ut_mi", {"wynik": "pierwszy"})
        run.do(people.ops, "ut_mi", {"wynik": "drugi"})
        return {"osoby": ["anna", "jan"]}

    return Construct(bpmn, play)


def multi_instance_sequential_script() -> Construct:
    task = (
        '<bpmn:scriptTask id="st_mi" name="Po kolei"><bpmn:incoming>f1</bpmn:incoming>'
        f"<bpmn:outgoing>f_end</bpmn:outgoing>{_multi_instance(True)}<bpmn:script>wynik = osoba.upper()</bpmn:script>"
        "</bpmn:scriptTask>"
    )
    bpmn = d.document(_around([d.task("ut", "f_start", "f1"), task, flow("f1", "ut", "st_mi")], "ut", "st_mi"))

    def play(run, people, clock):
        run.do(people.ops, "ut", {"osoby": ["anna", "jan"]})
        return {"wyniki": ["ANNA", "JAN"]}

    return Construct(bpmn, play)


def timer_catch() -> Construct:
    bpmn = d.document(
        _around(
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
        _around(
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

    return Construct(d.document(_around([receive], "odbierz", "odbierz"), roots=[d.message("raport")]), play)


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


DMN = b"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_progi" name="Progi"
 namespace="http://kooperacja.example/test">
<decision id="progi" name="Progi">
<decisionTable id="tabela" hitPolicy="UNIQUE">
<input id="wejscie_wiek" label="Wiek">
<inputExpression id="wyrazenie_wiek" typeRef="number"><text>wiek</text></inputExpression>
</input>
<output id="wyjscie_grupa" label="Grupa" name="grupa" typeRef="string" />
<rule id="r1">
<inputEntry id="r1_we"><text>&lt; 18</text></inputEntry>
<outputEntry id="r1_wy"><text>'dziecko'</text></outputEntry>
</rule>
<rule id="r2">
<inputEntry id="r2_we"><text>-</text></inputEntry>
<outputEntry id="r2_wy"><text>'dorosly'</text></outputEntry>
</rule>
</decisionTable>
</decision>
</definitions>
"""


def business_rule_task() -> Construct:
    rule = (
        '<bpmn:businessRuleTask id="brt"><bpmn:extensionElements><spiffworkflow:calledDecisionId>progi'
        "</spiffworkflow:calledDecisionId></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming>"
        "<bpmn:outgoing>f_end</bpmn:outgoing></bpmn:businessRuleTask>"
    )
    bpmn = d.document(_around([d.task("ut", "f_start", "f1"), rule, flow("f1", "ut", "brt")], "ut", "brt"))

    def play(run, people, clock):
        run.do(people.ops, "ut", {"wiek": 12})
        return {"grupa": "dziecko"}

    return Construct(bpmn, play, (("processes/progi.dmn", DMN),))


ALL = {
    "user_task": user_task,
    "script_task": script_task,
    "manual_task": manual_task,
    "exclusive_gateway": exclusive_gateway,
    "parallel_gateway": parallel_gateway,
    "inclusive_gateway": inclusive_gateway,
    "event_gateway_message_a": event_gateway_message_a,
    "event_gateway_message_b": event_gateway_message_b,
    "event_gateway_timer": event_gateway_timer,
    "plain_task": plain_task,
    "embedded_subprocess": embedded_subprocess,
    "call_activity": call_activity,
    "multi_instance_user_task": multi_instance_user_task,
    "multi_instance_sequential_script": multi_instance_sequential_script,
    "timer_catch": timer_catch,
    "timer_boundary_interrupting": timer_boundary_interrupting,
    "timer_boundary_non_interrupting": timer_boundary_non_interrupting,
    "message_boundary_on_task": message_boundary_on_task,
    "message_catch": message_catch,
    "receive_task": receive_task,
    "message_throw": message_throw,
    "error_boundary_on_subprocess": error_boundary_on_subprocess,
    "terminate_end": terminate_end,
    "business_rule_task": business_rule_task,
}
