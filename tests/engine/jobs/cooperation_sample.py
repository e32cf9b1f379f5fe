"""A small process for the multi-process worker test, built in code.

Three branches start together: a timer at the moment ``termin`` (data), a message ``odpowiedz`` from
an external system, and a user task ``ut_kontakt`` due ``termin_zadania`` after it opens. The timer
and the message join and end; the task keeps the case open (it is reminded, then escalated).
"""

from __future__ import annotations

from tests.engine.bpmn_samples import FORM_NAME, LANE, deployment, flow, properties

PROCESS_ID = "proba_wspolpraca"
MESSAGE = "odpowiedz"

_ELEMENTS = [
    '<bpmn:startEvent id="start"><bpmn:outgoing>f_start</bpmn:outgoing></bpmn:startEvent>',
    '<bpmn:parallelGateway id="gw_split"><bpmn:incoming>f_start</bpmn:incoming><bpmn:outgoing>f_timer</bpmn:outgoing>'
    "<bpmn:outgoing>f_msg</bpmn:outgoing><bpmn:outgoing>f_task</bpmn:outgoing></bpmn:parallelGateway>",
    '<bpmn:intermediateCatchEvent id="ice_termin" name="Termin sądu"><bpmn:incoming>f_timer</bpmn:incoming>'
    '<bpmn:outgoing>f_timer_done</bpmn:outgoing><bpmn:timerEventDefinition id="ted_termin">'
    "<bpmn:timeDate>termin</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>",
    '<bpmn:intermediateCatchEvent id="ice_odpowiedz" name="Odpowiedź sądu"><bpmn:incoming>f_msg</bpmn:incoming>'
    "<bpmn:outgoing>f_msg_done</bpmn:outgoing>"
    '<bpmn:messageEventDefinition id="med_odpowiedz" messageRef="msg_odpowiedz">'
    "<bpmn:extensionElements><spiffworkflow:messageVariable>odpowiedz</spiffworkflow:messageVariable>"
    "</bpmn:extensionElements></bpmn:messageEventDefinition></bpmn:intermediateCatchEvent>",
    '<bpmn:userTask id="ut_kontakt" name="Kontakt z rodziną">'
    + properties(formJsonSchemaFilename=FORM_NAME, dueIn="termin_zadania")
    + "<bpmn:incoming>f_task</bpmn:incoming><bpmn:outgoing>f_task_done</bpmn:outgoing></bpmn:userTask>",
    '<bpmn:parallelGateway id="gw_join"><bpmn:incoming>f_timer_done</bpmn:incoming>'
    "<bpmn:incoming>f_msg_done</bpmn:incoming><bpmn:outgoing>f_end</bpmn:outgoing></bpmn:parallelGateway>",
    '<bpmn:endEvent id="end"><bpmn:incoming>f_end</bpmn:incoming></bpmn:endEvent>',
    '<bpmn:endEvent id="end_kontakt"><bpmn:incoming>f_task_done</bpmn:incoming></bpmn:endEvent>',
    flow("f_start", "start", "gw_split"),
    flow("f_timer", "gw_split", "ice_termin"),
    flow("f_msg", "gw_split", "ice_odpowiedz"),
    flow("f_task", "gw_split", "ut_kontakt"),
    flow("f_timer_done", "ice_termin", "gw_join"),
    flow("f_msg_done", "ice_odpowiedz", "gw_join"),
    flow("f_task_done", "ut_kontakt", "end_kontakt"),
    flow("f_end", "gw_join", "end"),
]
_NODES = ["start", "gw_split", "ice_termin", "ice_odpowiedz", "ut_kontakt", "gw_join", "end", "end_kontakt"]


def cooperation_files():
    refs = "".join(f"<bpmn:flowNodeRef>{node}</bpmn:flowNodeRef>" for node in _NODES)
    document = "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"'
            ' xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"'
            ' id="Definitions_wspolpraca" targetNamespace="http://kooperacja.example/wspolpraca">',
            f'<bpmn:message id="msg_{MESSAGE}" name="{MESSAGE}" />',
            f'<bpmn:process id="{PROCESS_ID}" name="Współpraca z sądem" isExecutable="true">',
            f'<bpmn:laneSet id="LaneSet_w"><bpmn:lane id="Lane_w" name="{LANE}">{refs}</bpmn:lane></bpmn:laneSet>',
            *_ELEMENTS,
            "</bpmn:process>",
            "</bpmn:definitions>",
        ]
    )
    return deployment(document.encode(), name="wspolpraca.bpmn")
