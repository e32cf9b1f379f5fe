"""A small draft for practice runs: a form, a seven-day timer, a message with a payload, a second form."""

from __future__ import annotations

import json

from engine.bpmn.definitions import SourceFile
from tests.engine.bpmn_samples import FORM_NAME, flow, form_json
from tests.engine.conformance import diagrams as d

PATH = "processes/proba.bpmn"
MESSAGE = "raport"


def message_root() -> str:
    return (
        f'<bpmn:message id="Message_{MESSAGE}" name="{MESSAGE}">\n<bpmn:extensionElements><spiffworkflow:properties>\n'
        '<spiffworkflow:property name="ocena" value="integer" />\n'
        "</spiffworkflow:properties></bpmn:extensionElements></bpmn:message>"
    )


def diagram() -> bytes:
    """start -> ``ut_dane`` -> ``czekaj`` (P7D) -> ``raport`` (message) -> ``ut_ocena`` -> end."""
    return d.document(
        [
            d.start(),
            d.task("ut_dane", "f_start", "f1"),
            d.catch("czekaj", "f1", "f2", d.timer_definition("'P7D'", "czekaj")),
            d.catch("na_raport", "f2", "f3", d.message_definition(MESSAGE, MESSAGE)),
            d.task("ut_ocena", "f3", "f_end"),
            d.end("f_end"),
            flow("f_start", "start", "ut_dane"),
            flow("f1", "ut_dane", "czekaj"),
            flow("f2", "czekaj", "na_raport"),
            flow("f3", "na_raport", "ut_ocena"),
            flow("f_end", "ut_ocena", "end"),
        ],
        roots=[message_root()],
    )


def files() -> list[SourceFile]:
    return [SourceFile(PATH, diagram()), SourceFile(f"forms/{FORM_NAME}", form_json())]


def table_with_sample(table: bytes) -> bytes:
    """The visibility table with the sample's tasks in its first section (every task must have one)."""
    content = json.loads(table)
    content["sekcje"][0]["zadania"] += ["ut_dane", "ut_ocena"]
    return json.dumps(content, ensure_ascii=False, indent=2).encode()
