"""The case's stage (``Etap`` in lists and on the case page), from the tasks a step opened.

A process declares stages on its main tasks (``stage`` property: Zgłoszenie, Diagnoza, Plan …) and
leaves them off side tasks that run beside the main work: cancelling a member's services after a
withdrawal of consent, a referral to the Zespół Interdyscyplinarny, a crisis intervention. Such a
task says nothing about where the case stands, so it leaves the stage as it was. A process that
declares no stage at all names its stage after its newest task.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

_DECLARES: WeakKeyDictionary = WeakKeyDictionary()  # a process spec -> whether a task of it has a stage


def current_stage(workflow, opened: list) -> str | None:
    """The stage the tasks just ``opened`` (``ReadyTask``, oldest first) put the case in; None: unchanged."""
    for task in reversed(opened):
        if task.stage:
            return task.stage
    if not opened or declares_stages(workflow):
        return None
    return opened[-1].name


def declares_stages(workflow) -> bool:
    """Whether any task of the case's process, or of a process it calls, declares a stage."""
    return any(_spec_declares(spec) for spec in (workflow.spec, *workflow.subprocess_specs.values()))


def _spec_declares(spec) -> bool:
    declares = _DECLARES.get(spec)
    if declares is None:
        declares = _DECLARES[spec] = any(_stage_of(task_spec) for task_spec in spec.task_specs.values())
    return declares


def _stage_of(task_spec) -> str | None:
    extensions = getattr(task_spec, "extensions", None) or {}
    return (extensions.get("properties") or {}).get("stage")
