"""Supported tasks, gateways, subprocesses, call activities, multi-instance and DMN: diagram and play."""

from __future__ import annotations

from tests.engine.bpmn_samples import FORM_NAME, properties
from tests.engine.conformance import diagrams as d
from tests.engine.conformance.base import Construct, around
from tests.engine.conformance.diagrams import flow


def user_task() -> Construct:
    bpmn = d.document(
        [d.start(), d.task("ut", "f_start", "f1"), d.end("f1"), flow("f_start", "start", "ut"), flow("f1", "ut", "end")]
    )

    def play(run, people, clock):
        run.do(people.ops, "ut", {"uwagi": "zrobione"})
        return {"uwagi": "zrobione"}

    return Construct(bpmn, play)


def script_task() -> Construct:
    bpmn = d.document(
        around(
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
    bpmn = d.document(around([manual], "mt", "mt"))

    def play(run, people, clock):
        run.do(people.ops, "mt", {"uwagi": "rozmowa odbyta"})
        return {"uwagi": "rozmowa odbyta"}

    return Construct(bpmn, play)


def plain_task() -> Construct:
    plain = (
        f'<bpmn:task id="zadanie" name="Zadanie">{properties(formJsonSchemaFilename=FORM_NAME)}'
        "<bpmn:incoming>f_start</bpmn:incoming><bpmn:outgoing>f_end</bpmn:outgoing></bpmn:task>"
    )

    def play(run, people, clock):
        run.do(people.ops, "zadanie", {"uwagi": "gotowe"})
        return {"uwagi": "gotowe"}

    return Construct(d.document(around([plain], "zadanie", "zadanie")), play)


def exclusive_gateway() -> Construct:
    bpmn = d.document(
        around(
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
        around(
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
        around(
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


def embedded_subprocess() -> Construct:
    inner = [
        d.start("f_in1", "sp_start"),
        d.task("ut_sp", "f_in1", "f_in2"),
        d.end("f_in2", "sp_end"),
        flow("f_in1", "sp_start", "ut_sp"),
        flow("f_in2", "ut_sp", "sp_end"),
    ]
    bpmn = d.document(around([d.sub_process("sp", "f_start", "f_end", inner)], "sp", "sp"))

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

    return Construct(d.document(around([call], "ca", "ca")), play, (("processes/wywolany.bpmn", called),))


def multi_instance(sequential: bool) -> str:
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
        f"{multi_instance(False)}</bpmn:userTask>"
    )
    bpmn = d.document(
        around(
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
        f"<bpmn:outgoing>f_end</bpmn:outgoing>{multi_instance(True)}<bpmn:script>wynik = osoba.upper()</bpmn:script>"
        "</bpmn:scriptTask>"
    )
    bpmn = d.document(around([d.task("ut", "f_start", "f1"), task, flow("f1", "ut", "st_mi")], "ut", "st_mi"))

    def play(run, people, clock):
        run.do(people.ops, "ut", {"osoby": ["anna", "jan"]})
        return {"wyniki": ["ANNA", "JAN"]}

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
    bpmn = d.document(around([d.task("ut", "f_start", "f1"), rule, flow("f1", "ut", "brt")], "ut", "brt"))

    def play(run, people, clock):
        run.do(people.ops, "ut", {"wiek": 12})
        return {"grupa": "dziecko"}

    return Construct(bpmn, play, (("processes/progi.dmn", DMN),))
