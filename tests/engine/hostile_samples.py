"""Diagrams that put one analyst expression where the engine evaluates it: a gateway and a DMN cell.

Together with ``bpmn_samples.script_process`` and ``bpmn_samples.timer_process`` they cover every
place diagram code runs, for the sandbox battery.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from engine.bpmn.definitions import SourceFile
from tests.engine.bpmn_samples import FORM_NAME, deployment, flow, form_json, process, user_task

GATEWAY_NAME = "Rozstaj próbny"
RULE_TASK_NAME = "Reguła próbna"
TIMER_NAME = "Czekaj"


def gateway_process(condition: str) -> bytes:
    """Start -> ``ut_dane`` -> exclusive gateway: ``condition`` to ``ut_tak``, otherwise ``ut_nie``."""
    return process(
        [
            '<bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>',
            user_task("ut_dane", "Dane wejściowe", "f1", "f2"),
            f'<bpmn:exclusiveGateway id="gw" name="{GATEWAY_NAME}" default="f_nie"><bpmn:incoming>f2</bpmn:incoming>'
            "<bpmn:outgoing>f_tak</bpmn:outgoing><bpmn:outgoing>f_nie</bpmn:outgoing></bpmn:exclusiveGateway>",
            user_task("ut_tak", "Tak", "f_tak", "f3"),
            user_task("ut_nie", "Nie", "f_nie", "f4"),
            '<bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming>'
            "<bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>",
            flow("f1", "start", "ut_dane"),
            flow("f2", "ut_dane", "gw"),
            flow("f_tak", "gw", "ut_tak", condition),
            flow("f_nie", "gw", "ut_nie"),
            flow("f3", "ut_tak", "end"),
            flow("f4", "ut_nie", "end"),
        ],
        in_lane=["start", "ut_dane", "gw", "ut_tak", "ut_nie", "end"],
    )


def rule_process() -> bytes:
    """Start -> ``ut_dane`` -> business rule task calling decision ``regula`` -> end."""
    rule = (
        f'<bpmn:businessRuleTask id="brt" name="{RULE_TASK_NAME}"><bpmn:extensionElements>'
        "<spiffworkflow:calledDecisionId>regula</spiffworkflow:calledDecisionId></bpmn:extensionElements>"
        "<bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:businessRuleTask>"
    )
    return process(
        [
            '<bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>',
            user_task("ut_dane", "Dane wejściowe", "f1", "f2"),
            rule,
            '<bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>',
            flow("f1", "start", "ut_dane"),
            flow("f2", "ut_dane", "brt"),
            flow("f3", "brt", "end"),
        ],
        in_lane=["start", "ut_dane", "brt", "end"],
    )


def decision(input_expression: str = "uwagi", output_cell: str = "'ok'") -> bytes:
    """Decision ``regula``: output ``wynik`` = ``output_cell``, one input, two rules.

    The first rule compares the input (so the input expression is evaluated), the second matches anything.
    """
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_regula" name="Reguła"'
        ' namespace="http://kooperacja.example/proba">\n'
        '<decision id="regula" name="Reguła"><decisionTable id="dt" hitPolicy="UNIQUE">\n'
        '<input id="in1" label="Wejście"><inputExpression id="ie1" typeRef="string">'
        f"<text>{escape(input_expression)}</text></inputExpression></input>\n"
        '<output id="out1" label="Wynik" name="wynik" typeRef="string" />\n'
        '<rule id="r1"><inputEntry id="e1"><text>"nigdy"</text></inputEntry>'
        f'<outputEntry id="o1"><text>{escape(output_cell)}</text></outputEntry></rule>\n'
        '<rule id="r2"><inputEntry id="e2"><text>-</text></inputEntry>'
        f'<outputEntry id="o2"><text>{escape(output_cell)}</text></outputEntry></rule>\n'
        "</decisionTable></decision>\n</definitions>\n"
    ).encode()


def rule_deployment(input_expression: str = "uwagi", output_cell: str = "'ok'") -> list[SourceFile]:
    files = deployment(rule_process(), {FORM_NAME: form_json()})
    return [*files, SourceFile("processes/regula.dmn", decision(input_expression, output_cell))]
