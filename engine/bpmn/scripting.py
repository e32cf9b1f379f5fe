"""The script engine SpiffWorkflow uses: diagram code in worker processes, limits in plain words.

Scripts, pre/post-scripts, gateway conditions, timer expressions, multi-instance expressions and
DMN cells all reach ``evaluate`` or ``execute`` of this engine, so all of them run in the isolated
sandbox (``engine.bpmn.isolation``). On top of that, a timer's value is checked before SpiffWorkflow
computes the date from it, and an exceeded limit becomes an error whose message says which limit.
"""

from __future__ import annotations

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.exceptions import SpiffWorkflowException

from engine.bpmn import bounds
from engine.bpmn.isolation import IsolatedEnvironment
from engine.bpmn.limits import ScriptLimitExceeded


class IsolatedScriptEngine(PythonScriptEngine):
    """SpiffWorkflow's engine over the isolated environment, with timer bounds and Polish limit messages."""

    def evaluate(self, task, expression, external_context=None):
        try:
            value = self.environment.evaluate(expression, task.data, external_context)
            if _is_timer_expression(task, expression):
                bounds.check_timer(value)
            return value
        except SpiffWorkflowException as error:
            error.add_note(f"Wyrażenie „{_short(expression)}”")
            raise
        except ScriptLimitExceeded as error:
            where = f"(wyrażenie „{_short(expression)}”)"
            raise WorkflowTaskException(f"{error} {where}", task=task, exception=error) from error
        except Exception as error:  # noqa: BLE001 - any failure of diagram code names the expression
            message = f"Błąd w wyrażeniu „{_short(expression)}” ({type(error).__name__}: {error})"
            raise WorkflowTaskException(message, task=task, exception=error) from error

    def get_error_line_number_and_content(self, script, err):
        line = getattr(err, "script_line", None)
        if line and 0 < line <= len(script.splitlines()):
            return line, script.splitlines()[line - 1]
        return super().get_error_line_number_and_content(script, err)


def _is_timer_expression(task, expression: str) -> bool:
    definition = getattr(task.task_spec, "event_definition", None)
    return isinstance(definition, TimerEventDefinition) and definition.expression == expression


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def make_script_engine() -> PythonScriptEngine:
    """A fresh SpiffWorkflow script engine bound to the isolated sandbox."""
    return IsolatedScriptEngine(environment=IsolatedEnvironment())
