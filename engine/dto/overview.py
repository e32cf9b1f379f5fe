"""Where open cases wait, per deployed process version and element (the supervisor's heat map)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProcessVersion:
    definition_id: int
    process_id: str
    name: str
    version: int
    open_cases: int


@dataclass(frozen=True)
class HeatRow:
    """Open cases waiting at one element: at a person's task, a timer or for a message; how many overdue."""

    element_id: str
    name: str
    kind: str  # "task", "timer" or "message"
    waiting: int
    overdue: int
    at_task: str = ""  # a boundary event on a person's task: that task's name (two such events may share a name)


@dataclass(frozen=True)
class HeatMap:
    definition_id: int
    process_id: str  # the diagram shown: the case's process or a process it calls
    process_name: str
    version: int
    diagrams: tuple[tuple[str, str], ...]  # (process id, name) of the case's process and those it calls
    open_cases: int
    rows: tuple[HeatRow, ...]


@dataclass(frozen=True)
class WaitingCases:
    element_id: str
    name: str
    case_ids: frozenset[str]
