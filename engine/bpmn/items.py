"""What one instance of a multi-instance activity is about: its input item, and a short label for lists.

One rule for every diagram (no per-task code):

- The item is the input data item (``inputDataItem``) of the nearest multi-instance activity around
  the task: the user task itself, the subprocess it runs in, or the call activity that called its
  process. E.g. ``czlonek_do_zgody`` (one consent per adult), ``zaproszona_rola`` (one sectoral
  diagnosis per invited institution), ``pozycja`` (one delivery per plan item).
- A text item that is the ``id`` of exactly one object in a list of the task's data stands for that
  object: ``"anna"`` becomes the household member ``{"id": "anna", "imie": "Anna", ...}`` of
  ``czlonkowie``.
- The label (the task's ``subject``) of an object is its ``imie`` or ``nazwa``; without those, its
  ``id``, ``usluga`` and ``rola`` joined by " – " (``P2 – rehabilitacja``). A text or number is its
  own label.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import MultiInstanceTask
from SpiffWorkflow.exceptions import TaskNotFoundException

NAME_KEYS = ("imie", "nazwa")
PART_KEYS = ("id", "usluga", "rola")
MAX_SUBJECT = 200


@dataclass(frozen=True)
class Item:
    """The input item of a multi-instance instance: the variable it is bound to and its (resolved) value."""

    variable: str
    value: object

    def as_dict(self) -> dict:
        """An object item as it is; anything else as ``{variable: value}``."""
        value = copy.deepcopy(self.value)
        return value if isinstance(value, dict) else {self.variable: value}

    @property
    def subject(self) -> str | None:
        return label(self.value)


def item_of(task) -> Item | None:
    """The item the READY (or finished) SpiffWorkflow task is about, or None outside multi-instance activities."""
    child, current = task, _up(task)
    while current is not None:
        spec = current.task_spec
        if _is_instance_of(child, spec):
            variable = spec.input_item.bpmn_id
            return Item(variable, _resolve(spec.input_item.get(child), task.data))
        child, current = current, _up(current)
    return None


def _is_instance_of(child, spec) -> bool:
    """Whether ``child`` is one instance of the multi-instance ``spec`` (not a task after it, which inherits
    the last instance's data when the activity has no output)."""
    return (
        isinstance(spec, MultiInstanceTask)
        and spec.input_item is not None
        and child.task_spec.name == spec.task_spec
        and spec.input_item.exists(child)
    )


def label(value) -> str | None:
    """A short text naming the item (see the module docstring), cut to ``MAX_SUBJECT`` characters."""
    if isinstance(value, dict):
        names = [value[key] for key in NAME_KEYS if _present(value.get(key))]
        parts = names[:1] or [value[key] for key in PART_KEYS if _present(value.get(key))]
        text = " – ".join(str(part).strip() for part in parts)
    elif isinstance(value, str | int | float) and not isinstance(value, bool):
        text = str(value).strip()
    else:
        text = ""
    return text[:MAX_SUBJECT] or None


def _up(task):
    """The task's parent; at the top of a subprocess or called process, the task that runs it."""
    if task.parent is not None:
        return task.parent
    parent_id = getattr(task.workflow, "parent_task_id", None)
    if parent_id is None:
        return None
    try:
        return task.workflow.top_workflow.get_task_from_id(parent_id)
    except TaskNotFoundException:  # a cancelled subprocess's parent may be gone; then nothing encloses it
        return None


def _resolve(value, data: dict):
    """A text item naming exactly one object of a list in ``data`` (by its ``id``) stands for that object."""
    if not isinstance(value, str):
        return value
    found = [
        element
        for key in sorted(data)
        if isinstance(data[key], list)
        for element in data[key]
        if isinstance(element, dict) and element.get("id") == value
    ]
    distinct = [element for index, element in enumerate(found) if element not in found[:index]]
    return distinct[0] if len(distinct) == 1 else value


def _present(value) -> bool:
    return value is not None and str(value).strip() != ""
