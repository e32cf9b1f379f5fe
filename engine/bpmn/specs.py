"""What the parsed specs of a deployed process tell without running it."""

from __future__ import annotations

from collections.abc import Iterable


def lane_roles(specs: Iterable) -> set[str]:
    """The roles the lanes of these process specs name (tasks outside a lane name none)."""
    return {
        task_spec.lane for spec in specs for task_spec in spec.task_specs.values() if getattr(task_spec, "lane", None)
    }
