"""Our conventions on built task specs: lanes and forms of human tasks, and every piece of diagram code
compiled in the sandbox (scripts, conditions, timer expressions, ``dueIn``, ``candidateRole``,
``candidateInstitution``)."""

from __future__ import annotations

from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

from engine.bpmn import bounds
from engine.bpmn.sandbox import compile_expression, compile_script
from engine.bpmn.sources import FileSet
from engine.bpmn.wording import compile_error
from engine.errors import Problem

FORM_PROPERTY = "formJsonSchemaFilename"
UI_FORM_PROPERTY = "formUiSchemaFilename"
EXPRESSION_PROPERTIES = ("dueIn", "candidateRole", "candidateInstitution")


def check_conventions(specs: list, file_set: FileSet) -> list[Problem]:
    problems = []
    for spec in specs:
        for task_spec in spec.task_specs.values():
            if task_spec.bpmn_id is None:
                continue
            for message in _task_problems(task_spec, file_set):
                problems.append(file_set.problem(spec.file, task_spec.bpmn_id, message))
    return problems


def _task_problems(task_spec, file_set: FileSet) -> list[str]:
    problems = []
    extensions = getattr(task_spec, "extensions", None) or {}
    properties = extensions.get("properties", {}) or {}
    if task_spec.manual:
        problems += _human_task_problems(task_spec, properties, file_set)
    for name in EXPRESSION_PROPERTIES:
        if name in properties:
            problems += compile_problems(properties[name], compile_expression, f"właściwość {name}")
    for attribute, label in (("script", "skrypt"), ("prescript", "skrypt wstępny"), ("postscript", "skrypt końcowy")):
        source = getattr(task_spec, attribute, None)
        if source:
            problems += compile_problems(source, compile_script, label)
    for condition, _target in getattr(task_spec, "cond_task_specs", []) or []:
        if condition is not None:
            problems += compile_problems(condition.args[0], compile_expression, "warunek przepływu")
    for definition in _event_definitions(task_spec):
        if isinstance(definition, TimerEventDefinition):
            problems += compile_problems(definition.expression, compile_expression, "wyrażenie timera")
            problems += bounds.literal_timer_problems(definition.expression)
    return problems


def _event_definitions(task_spec) -> list:
    definition = getattr(task_spec, "event_definition", None)
    if isinstance(definition, MultipleEventDefinition):  # an event-based gateway holds its events
        return list(definition.event_definitions)
    return [definition] if definition is not None else []


def _human_task_problems(task_spec, properties: dict, file_set: FileSet) -> list[str]:
    problems = []
    if not task_spec.lane and "candidateRole" not in properties:
        problems.append("Zadanie użytkownika musi leżeć w torze (lane), którego nazwa jest rolą.")
    form = properties.get(FORM_PROPERTY)
    if not form:
        problems.append(f"Zadanie użytkownika nie wskazuje formularza ({FORM_PROPERTY}).")
    elif form not in file_set.forms and form not in file_set.unreadable_forms:
        problems.append(f"Brak pliku formularza {form} w katalogu forms/.")
    ui_form = properties.get(UI_FORM_PROPERTY)
    if ui_form and ui_form not in file_set.forms and ui_form not in file_set.unreadable_forms:
        problems.append(f"Brak pliku układu formularza {ui_form} w katalogu forms/.")
    return problems


def compile_problems(source: str, compiler, label: str) -> list[str]:
    if not isinstance(source, str) or not source.strip():
        return [f"Pusty kod ({label})."]
    try:
        compiler(source)
    except SyntaxError as error:
        return [f"Niedozwolony lub błędny kod ({label}): {compile_error(error)}."]
    return []
