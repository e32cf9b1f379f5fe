"""Two versions of the test process for moving cases between them, and cases at every stage of it.

Version 2 renames ``ut_plan_ops`` ("Plan OPS" -> "Plan pomocy OPS") and adds ``ut_kontrola`` between
the summary and the closure: a case that has done its OPS plan may not move (that task changed), the
others may, and after moving they pass through the new check before the closure.
"""

from __future__ import annotations

from engine import Engine
from engine.bpmn.definitions import SourceFile
from engine.dto import Actor
from engine.services.repository import collect
from tests.engine.helpers import Driver
from tests.factories import DATA

NOMINATION = {"rodzina": "Nowakowscy", "czlonkowie": ["Marek", "Anna"], "pilne": True}
#: The stages a case is played to: what it waits for then.
STAGES = ("zgloszenie", "pcpr", "plan_ops", "po_planie", "wywiad", "dokumenty", "ocena")
#: Of those, the stages a case may not move from to version 2: it has done the OPS plan, which changed.
BLOCKED = ("po_planie",)
_CHECK = (
    '<bpmn:userTask id="ut_kontrola" name="Kontrola przed zamknięciem"><bpmn:extensionElements>'
    '<spiffworkflow:properties><spiffworkflow:property name="formJsonSchemaFilename" value="poprawki.schema.json" />'
    "</spiffworkflow:properties></bpmn:extensionElements><bpmn:incoming>f_pod</bpmn:incoming>"
    "<bpmn:outgoing>f_kon</bpmn:outgoing></bpmn:userTask>"
    '<bpmn:sequenceFlow id="f_kon" sourceRef="ut_kontrola" targetRef="ut_zamkniecie"></bpmn:sequenceFlow>'
)
_EDITS = (
    ('name="Plan OPS"', 'name="Plan pomocy OPS"'),
    ('sourceRef="st_podsumowanie" targetRef="ut_zamkniecie"', 'sourceRef="st_podsumowanie" targetRef="ut_kontrola"'),
    (
        "<bpmn:incoming>f_pod</bpmn:incoming><bpmn:outgoing>f_end",
        "<bpmn:incoming>f_kon</bpmn:incoming><bpmn:outgoing>f_end",
    ),
    (
        "<bpmn:flowNodeRef>end</bpmn:flowNodeRef>",
        "<bpmn:flowNodeRef>end</bpmn:flowNodeRef><bpmn:flowNodeRef>ut_kontrola</bpmn:flowNodeRef>",
    ),
    ('<bpmn:endEvent id="end"', _CHECK + '<bpmn:endEvent id="end"'),
)
ANSWERS = {
    "ut_zgloszenie": NOMINATION,
    "ut_pcpr": {"ocena_pcpr": "Kwalifikuje się"},
    "ut_plan_ops": {"plan": "Wsparcie OPS"},
    "ut_wywiad": {"wywiad": "rozmowa"},
    "ut_ocena": {"zatwierdzone": True},
    "ut_kontrola": {"poprawki": "Bez uwag"},
    "ut_zamkniecie": {"powod": "cel_osiagniety"},
}


def version_one() -> list[SourceFile]:
    return collect([DATA / "processes"])


def version_two(timer: str | None = None) -> list[SourceFile]:
    """Version 2; with ``timer`` (an expression) the PCPR deadline is counted anew too."""
    edits = _EDITS + ((("<bpmn:timeDuration>termin_pcpr<", f"<bpmn:timeDuration>{timer}<"),) if timer else ())
    changed = []
    for source in version_one():
        content = source.content
        if source.path.endswith("test_sprawa.bpmn"):
            text = content.decode()
            for old, new in edits:
                assert old in text, old
                text = text.replace(old, new, 1)
            content = text.encode()
        changed.append(SourceFile(source.path, content))
    return changed


def play(engine: Engine, people, stage: str, roundtrip: bool = False) -> Driver:
    """A case started on the current version and played until it waits at ``stage`` (one of ``STAGES``)."""
    driver = Driver(engine, roundtrip)
    driver.start(people.ops, title="Rodzina testowa", partnership_id=people.partnership_id)
    for bpmn_id, data in _STEPS[stage]:
        complete(driver, people, bpmn_id, data)
    if stage == "ocena":
        driver.message(people.ops, "dokumenty", {"sygnatura": "III RC 1/26"})
    return driver


_URGENT = [("ut_zgloszenie", {**NOMINATION, "pilne": True}), ("ut_pcpr", ANSWERS["ut_pcpr"])]
_STEPS = {
    "zgloszenie": [],
    "pcpr": _URGENT[:1],
    "plan_ops": [("ut_zgloszenie", {**NOMINATION, "pilne": False})],
    "po_planie": [("ut_zgloszenie", {**NOMINATION, "pilne": False}), ("ut_plan_ops", ANSWERS["ut_plan_ops"])],
    "wywiad": [*_URGENT, ("ut_wywiad", ANSWERS["ut_wywiad"])],
    "dokumenty": [*_URGENT, ("ut_wywiad", ANSWERS["ut_wywiad"]), ("ut_wywiad", ANSWERS["ut_wywiad"])],
}
_STEPS["ocena"] = _STEPS["dokumenty"]


def complete(driver: Driver, people, bpmn_id: str, data: dict) -> None:
    """Claim (if needed) and complete the case's open task ``bpmn_id``, found by the case: with many
    cases the actor's own lists are paged."""
    engine, actor = driver.engine, actor_for(people, bpmn_id)
    task = next(t for t in engine.tasks.of_case(people.supervisor, driver.case.id) if t.bpmn_id == bpmn_id)
    if task.assignee_id is None:
        engine.tasks.claim(actor, task.id)
    engine.tasks.complete(actor, task.id, data)
    driver.check()


def actor_for(people, bpmn_id: str) -> Actor:
    return {"ut_pcpr": people.pcpr, "ut_ocena": people.animator}.get(bpmn_id, people.ops)


def run_to_end(driver: Driver, people) -> list[str]:
    """Complete whatever the case waits for until it ends; the tasks done, in order."""
    done = []
    for _ in range(20):
        if driver.status(people.ops).status != "running":
            return done
        waiting = driver.engine.tasks.of_case(people.supervisor, driver.case.id)
        if not waiting:
            driver.message(people.ops, "dokumenty", {"sygnatura": "III RC 1/26"})
            continue
        complete(driver, people, waiting[0].bpmn_id, ANSWERS[waiting[0].bpmn_id])
        done.append(waiting[0].bpmn_id)
    raise AssertionError(f"the case did not end: {done}")
