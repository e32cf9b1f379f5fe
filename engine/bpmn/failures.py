"""What went wrong while a case ran, in one Polish sentence that names the element.

SpiffWorkflow's exceptions carry the failing task only sometimes, and some carry no text at all
(a bare ``TypeError()``, a ``RecursionError`` from deep nesting). ``describe`` finds the element
(the exception's task, else the task in ERROR state) and never returns an empty message.
"""

from __future__ import annotations

from dataclasses import dataclass

from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState

from engine.bpmn.limits import ScriptLimitExceeded

_KINDS = {
    RecursionError: "zbyt głębokie zagnieżdżenie (np. proces wywołujący sam siebie)",
    ZeroDivisionError: "dzielenie przez zero",
    NameError: "nieznana nazwa",
    KeyError: "brak klucza w danych",
    IndexError: "indeks poza listą",
    TypeError: "niezgodny typ danych",
    ValueError: "niepoprawna wartość",
    AttributeError: "nieznany atrybut",
    ScriptLimitExceeded: "przekroczony limit skryptu",
    MemoryError: "brak pamięci",
}


@dataclass(frozen=True)
class Failure:
    task: object | None
    task_name: str | None
    line: int | None
    message: str


def describe(error: BaseException, workflow=None) -> Failure:
    task = getattr(error, "task", None) or _failed_task(workflow)
    spec = task.task_spec if task is not None else None
    task_name = (spec.bpmn_name or spec.bpmn_id or spec.name) if spec is not None else None
    line = getattr(error, "line_number", None) or None
    where = f"Błąd w zadaniu „{task_name}”" if task_name else "Błąd wykonania procesu"
    if line:
        where += f" (linia {line})"
    return Failure(task, task_name, line, f"{where}: {_what(error)}")


def _what(error: BaseException) -> str:
    """SpiffWorkflow wraps a script's exception (``ValueError.``, ``KeyError:brak.``); the original says more."""
    original = error.__cause__ or error.__context__ if isinstance(error, SpiffWorkflowException) else None
    cause = original if isinstance(original, BaseException) else error
    text = str(cause).strip()
    if isinstance(cause, KeyError) and len(text) > 2 and text[0] == text[-1] == '"':
        text = text[1:-1]  # a KeyError rebuilt from the sandbox worker's message quotes it once more
    kind = next((label for cls, label in _KINDS.items() if isinstance(cause, cls)), None)
    if isinstance(cause, RecursionError):
        return kind
    if not text or text in ("None", "''"):
        return kind or f"nieoczekiwany błąd ({type(cause).__name__})"
    return f"{kind}: {text}" if kind and cause is original else text


def _failed_task(workflow):
    if workflow is None:
        return None
    try:
        failed = workflow.get_tasks(state=TaskState.ERROR)
    except Exception:  # noqa: BLE001 - a broken tree must not hide the original error
        return None
    return failed[0] if failed else None
