"""Play a demo case through the engine's services, each step done by the user of the role it belongs to.

A step names the role whose user completes it, so the seeded cases carry the same events, assignees
and audit entries a case worked in the browser would.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from engine import Engine
from engine.access.acting import acting
from engine.access.audit import audit
from engine.bpmn import steps
from engine.demo.directory import PS
from engine.dto import Actor, CaseInfo, TaskInfo
from engine.errors import NotFound
from engine.store.cases import checkout
from engine.store.context import after_commit

PROCESS_ID = "kooperacja_rodzina"


@dataclass(frozen=True)
class Task:
    """Complete the open task ``bpmn_id`` of ``role``; ``where`` picks one instance of a multi-instance task
    by its own data, e.g. ``{"czlonek_do_zgody": "robert"}`` or ``{"pozycja_do_zamowienia.id": "P1"}``."""

    role: str
    bpmn_id: str
    data: Mapping
    where: Mapping | None = None
    at_meeting: bool = False  # decided at a PZK meeting (a partnership task), not on the task's own page


@dataclass(frozen=True)
class Family:
    """One demo case: its number, title, where it is left (in Polish) and the steps that take it there."""

    business_key: str
    title: str
    description: str
    steps: tuple[Task, ...]
    # whom the case is for (a person's case is the family process with a household of one; None: the PZK's own)
    kind: str | None = "rodzina"
    process_id: str = PROCESS_ID  # a group's projekt socjalny and the setting up of the PZK have their own
    starter: str = PS  # the role whose user starts the case


class CasePlayer:
    """Starts one case and moves it step by step as the partnership's users.

    ``users`` maps each role to the user who acts in it; ``system`` finds the open tasks of the case
    (the system sees every case, so the search does not depend on who plays the step).
    """

    def __init__(
        self,
        engine: Engine,
        users: Mapping[str, Actor],
        system: Actor,
        meeting: Callable[[TaskInfo, Task], None] | None = None,
    ):
        self._engine = engine
        self._users = users
        self._system = system
        self._meeting = meeting  # holds the meeting that decides a step marked ``at_meeting``

    def start(
        self,
        starter: str,
        title: str,
        business_key: str,
        partnership_id: int,
        steps: list[Task],
        kind: str | None,
        process_id: str = PROCESS_ID,
    ) -> CaseInfo:
        case = self._engine.runtime.start(
            self._users[starter],
            process_id,
            {"rodzaj_sprawy": kind} if process_id == PROCESS_ID else None,
            title=title,
            partnership_id=partnership_id,
            business_key=business_key,
            kind=kind,
        )
        for step in steps:
            self.play(case.id, step)
        return self._engine.runtime.case(self._system, case.id)

    def play(self, case_id: str, step: Task) -> None:
        task = self._find(case_id, step)
        if step.at_meeting and self._meeting is not None:
            self._meeting(task, step)
            return
        self._engine.tasks.complete(self._users[step.role], task.id, copy.deepcopy(dict(step.data)), claim=True)

    def _find(self, case_id: str, step: Task) -> TaskInfo:
        tasks = [
            t
            for t in self._engine.tasks.of_case(self._system, case_id)
            if t.bpmn_id == step.bpmn_id and t.role == step.role
        ]
        if step.where:
            tasks = [t for t in tasks if _matches(self._task_data(t), step.where)]
        if len(tasks) != 1:
            raise NotFound(f"Dane demonstracyjne: {len(tasks)} otwartych zadań {step.bpmn_id} roli {step.role}.")
        return tasks[0]

    def _task_data(self, task: TaskInfo) -> dict:
        """The task's own data (which member's consent, which plan item), read from the stored case.

        ``tasks.get`` shows only the form's fields, which are the same for every instance of a
        multi-instance task; the read is audited like any other read of case data.
        """
        ctx = self._engine.context
        with ctx.transaction() as session:
            case = checkout(session, ctx, task.case_id)
            data = steps.task_data(case.workflow, task.id)
            audit(session, ctx.clock.now(), acting(session, self._system), "task.read_data", task.case_id, task.id)
            after_commit(session, lambda: ctx.workflows.put(case.id, case))
        return data


def _matches(data: Mapping, where: Mapping) -> bool:
    return all(_value(data, dotted) == expected for dotted, expected in where.items())


def _value(data, dotted: str):
    for part in dotted.split("."):
        data = data.get(part) if isinstance(data, Mapping) else None
    return data
