"""Cases of the test process at the points background work cares about."""

from __future__ import annotations

from engine import Engine
from engine.dto import CaseInfo, TaskInfo

URGENT = {"rodzina": "Nowakowscy", "czlonkowie": ["Marek"], "pilne": True}  # PCPR assessment, due in 3 days
ROUTINE = {"rodzina": "Kowalscy", "czlonkowie": ["Ala"], "pilne": False}  # OPS plan, then an interview due in 7


def start(engine: Engine, people, nomination: dict) -> CaseInfo:
    """Start a case and complete its nomination (the starter's own task: nobody is notified of it)."""
    case = engine.runtime.start(
        people.ops, "test_sprawa", title="Rodzina testowa", partnership_id=people.partnership_id
    )
    task = next(t for t in engine.tasks.inbox(people.ops) if t.case_id == case.id)
    engine.tasks.complete(people.ops, task.id, nomination)
    return case


def start_urgent(engine: Engine, people) -> CaseInfo:
    """Waiting at ``ut_pcpr``, whose interrupting boundary timer falls due in three days."""
    return start(engine, people, URGENT)


def to_interview(engine: Engine, people) -> tuple[CaseInfo, TaskInfo]:
    """A routine case at its interview (``dueIn`` P7D), queued for the OPS social workers."""
    case = start(engine, people, ROUTINE)
    plan = open_task(engine, people.ops, case.id, "ut_plan_ops")
    engine.tasks.complete(people.ops, plan.id, {"plan": "Wsparcie OPS"}, claim=True)
    return case, open_task(engine, people.ops, case.id, "ut_wywiad")


def to_documents(engine: Engine, people) -> CaseInfo:
    """A routine case waiting for the court's message ``dokumenty``."""
    case, interview = to_interview(engine, people)
    engine.tasks.complete(people.ops, interview.id, {"wywiad": "rozmowa"}, claim=True)
    return case


def open_task(engine: Engine, actor, case_id: str, bpmn_id: str) -> TaskInfo:
    tasks = engine.tasks.inbox(actor) + engine.tasks.queue(actor)
    return next(t for t in tasks if t.case_id == case_id and t.bpmn_id == bpmn_id)


def events(engine: Engine, people, case_id: str, kind: str) -> list:
    return [e for e in engine.history.events(people.supervisor, case_id) if e.kind == kind]


def fired(engine: Engine, people, case_id: str) -> list[str]:
    return [e.detail["timer"] for e in events(engine, people, case_id, "timer_fired")]
