"""Read a set of BPMN, DMN and form files: check them, and turn them into SpiffWorkflow specs.

``check`` never raises for a bad file: it returns every problem it finds, each with file, line and
element id, so an analyst can fix them all in one go. ``build`` parses a set that ``check`` found
clean.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser

from engine.bpmn.sandbox import compile_expression, compile_script
from engine.errors import Problem

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
FORM_PROPERTY = "formJsonSchemaFilename"
UI_FORM_PROPERTY = "formUiSchemaFilename"
EXPRESSION_PROPERTIES = ("dueIn", "candidateRole")


@dataclass(frozen=True)
class SourceFile:
    """One file of a deployment; ``path`` is relative, e.g. ``processes/rodzina.bpmn``."""

    path: str
    content: bytes

    @property
    def kind(self) -> str:
        name = self.path.lower()
        if name.endswith(".bpmn"):
            return "bpmn"
        if name.endswith(".dmn"):
            return "dmn"
        if name.endswith(".json"):
            return "json"
        return "other"

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass
class ParsedProcess:
    process_id: str
    name: str
    spec: object
    subprocess_specs: dict
    start_role: str | None


@dataclass
class FileSet:
    """Files split by kind, with the XML trees that parsed."""

    trees: dict[str, etree._ElementTree] = field(default_factory=dict)
    forms: dict[str, object] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _hardened_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def read_files(files: list[SourceFile]) -> FileSet:
    """Parse XML and JSON safely; refuse DTDs (entity expansion, external entities)."""
    result = FileSet()
    for source in files:
        if source.kind in ("bpmn", "dmn"):
            _read_xml(source, result)
        elif source.kind == "json":
            _read_json(source, result)
    return result


def _read_xml(source: SourceFile, result: FileSet) -> None:
    try:
        tree = etree.ElementTree(etree.fromstring(source.content, _hardened_parser()))
    except etree.XMLSyntaxError as error:
        result.problems.append(Problem(source.path, error.lineno, None, f"Błąd składni XML: {error.msg}"))
        return
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        result.problems.append(Problem(source.path, 1, None, "Deklaracja DOCTYPE jest niedozwolona w plikach procesu."))
        return
    result.trees[source.path] = tree


def _read_json(source: SourceFile, result: FileSet) -> None:
    try:
        document = json.loads(source.content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", None)
        result.problems.append(Problem(source.path, line, None, f"Niepoprawny JSON: {error}"))
        return
    if source.path.endswith(".schema.json") or not source.path.endswith(".uischema.json"):
        try:
            Draft202012Validator.check_schema(document)
        except SchemaError as error:
            where = "/".join(str(p) for p in error.path) or None
            message = error.message if len(error.message) <= 200 else error.message[:199] + "…"
            result.problems.append(Problem(source.path, None, where, f"Niepoprawny JSON Schema: {message}"))
            return
    result.forms[source.name] = document


def check(files: list[SourceFile]) -> list[Problem]:
    """Every problem in the file set: syntax, XSD, BPMN semantics, our conventions, scripts, forms."""
    file_set = read_files(files)
    problems = list(file_set.problems)
    problems += _check_xsd(file_set)
    if problems:
        return problems
    parser, parse_problems = _load_parser(file_set)
    if parse_problems:
        return parse_problems
    call_problems = _check_calls(parser, file_set)
    if call_problems:
        return call_problems
    processes, build_problems = _build_all(parser, file_set)
    problems += build_problems
    for process in processes:
        problems += _check_conventions(process, file_set)
    return _unique(problems)


def build(files: list[SourceFile]) -> tuple[list[ParsedProcess], dict[str, object]]:
    """Specs of every executable process and the forms, for a file set ``check`` found clean."""
    file_set = read_files(files)
    parser, problems = _load_parser(file_set)
    processes, more = _build_all(parser, file_set) if not problems else ([], [])
    if problems or more:
        from engine.errors import DefinitionError

        raise DefinitionError(problems + more)
    return processes, file_set.forms


def _check_xsd(file_set: FileSet) -> list[Problem]:
    problems = []
    schema = VALIDATOR.validator
    for path, tree in file_set.trees.items():
        if not path.lower().endswith(".bpmn"):
            continue
        checked = copy.deepcopy(tree)  # keeps source lines; a re-parsed copy would lose the XML declaration line
        VALIDATOR.preprocess(checked)
        if schema.validate(checked):
            continue
        for entry in schema.error_log:
            element_id = _id_at_line(tree, entry.line)
            problems.append(Problem(path, entry.line, element_id, f"Niezgodność ze schematem BPMN: {entry.message}"))
    return problems


def _check_calls(parser: SpiffBpmnParser, file_set: FileSet) -> list[Problem]:
    """Call activities naming a process that is not in the file set (SpiffWorkflow reports no element)."""
    known = set(parser.get_process_ids())
    problems = []
    for path, tree in file_set.trees.items():
        for call in tree.getroot().iter(f"{{{BPMN_NS}}}callActivity"):
            called = call.get("calledElement")
            if called not in known:
                message = f"Wywoływany proces „{called}” nie istnieje w tym wdrożeniu."
                if not called:
                    message = "Wywołanie procesu nie wskazuje procesu (calledElement)."
                problems.append(Problem(path, call.sourceline, call.get("id"), message))
    return problems


def _id_at_line(tree, line: int) -> str | None:
    """The innermost element with an id on that line (XSD errors carry a line, not an element)."""
    found = None
    for element in tree.iter():
        if element.sourceline == line and isinstance(element.tag, str) and element.get("id"):
            found = element.get("id")
    return found


def _load_parser(file_set: FileSet) -> tuple[SpiffBpmnParser, list[Problem]]:
    parser = SpiffBpmnParser()
    problems = []
    for path, tree in file_set.trees.items():
        try:
            if path.lower().endswith(".dmn"):
                parser.add_dmn_xml(tree.getroot(), filename=path)
            else:
                parser.add_bpmn_xml(tree, filename=path)
        except ValidationException as error:
            problems.append(_problem_from(error, file_set, path))
        except Exception as error:  # noqa: BLE001 - a hostile file may break the parser anywhere
            problems.append(Problem(path, None, None, f"Nie można odczytać pliku: {error}"))
    return parser, problems


def _build_all(parser: SpiffBpmnParser, file_set: FileSet) -> tuple[list[ParsedProcess], list[Problem]]:
    processes, problems = [], []
    for process_id in _executable_process_ids(file_set):
        try:
            spec = parser.get_spec(process_id)
            subprocess_specs = parser.get_subprocess_specs(process_id)
        except ValidationException as error:
            problems.append(_problem_from(error, file_set, None))
            continue
        except Exception as error:  # noqa: BLE001 - report, never crash validation
            path = _file_of_process(file_set, process_id)
            problems.append(Problem(path or "?", None, process_id, f"Nie można zbudować procesu: {error}"))
            continue
        processes.append(
            ParsedProcess(process_id, spec.description or process_id, spec, subprocess_specs, _start_role(spec))
        )
    return processes, problems


def _executable_process_ids(file_set: FileSet) -> list[str]:
    ids = []
    for path, tree in file_set.trees.items():
        if path.lower().endswith(".bpmn"):
            for process in tree.getroot().iter(f"{{{BPMN_NS}}}process"):
                if process.get("isExecutable", "true").lower() == "true" and process.get("id"):
                    ids.append(process.get("id"))
    return ids


def _file_of_process(file_set: FileSet, process_id: str) -> str | None:
    for path, tree in file_set.trees.items():
        for process in tree.getroot().iter(f"{{{BPMN_NS}}}process"):
            if process.get("id") == process_id:
                return path
    return None


def _start_role(spec) -> str | None:
    for task_spec in spec.task_specs.values():
        if type(task_spec).__name__ == "StartEvent" and task_spec.lane:
            return task_spec.lane
    return None


def _problem_from(error: ValidationException, file_set: FileSet, fallback_path: str | None) -> Problem:
    path = error.file_name or fallback_path or "?"
    element_id = error.id or None
    line = error.line_number if isinstance(error.line_number, int) and error.line_number else None
    if line is None and element_id:
        line = _line_of(file_set, path, element_id)
    message = str(error).split("\n")[0]
    return Problem(path, line, element_id, f"Błąd definicji procesu: {message}")


def _line_of(file_set: FileSet, path: str, element_id: str) -> int | None:
    tree = file_set.trees.get(path)
    trees = [tree] if tree is not None else list(file_set.trees.values())
    for candidate in trees:
        for element in candidate.iter():
            if isinstance(element.tag, str) and element.get("id") == element_id:
                return element.sourceline
    return None


def _check_conventions(process: ParsedProcess, file_set: FileSet) -> list[Problem]:
    problems = []
    specs = [process.spec, *process.subprocess_specs.values()]
    for spec in specs:
        for task_spec in spec.task_specs.values():
            if task_spec.bpmn_id is None:
                continue
            for message in _task_problems(task_spec, file_set):
                path = spec.file or "?"
                problems.append(Problem(path, _line_of(file_set, path, task_spec.bpmn_id), task_spec.bpmn_id, message))
    return problems


def _task_problems(task_spec, file_set: FileSet) -> list[str]:
    problems = []
    extensions = getattr(task_spec, "extensions", None) or {}
    properties = extensions.get("properties", {}) or {}
    if task_spec.manual:
        problems += _human_task_problems(task_spec, properties, file_set)
    for name in EXPRESSION_PROPERTIES:
        if name in properties:
            problems += _compile_problems(properties[name], compile_expression, f"właściwość {name}")
    for attribute, label in (("script", "skrypt"), ("prescript", "skrypt wstępny"), ("postscript", "skrypt końcowy")):
        source = getattr(task_spec, attribute, None)
        if source:
            problems += _compile_problems(source, compile_script, label)
    for condition, _target in getattr(task_spec, "cond_task_specs", []) or []:
        if condition is not None:
            problems += _compile_problems(condition.args[0], compile_expression, "warunek przepływu")
    definition = getattr(task_spec, "event_definition", None)
    if isinstance(definition, TimerEventDefinition):
        problems += _compile_problems(definition.expression, compile_expression, "wyrażenie timera")
    return problems


def _human_task_problems(task_spec, properties: dict, file_set: FileSet) -> list[str]:
    problems = []
    if not task_spec.lane and "candidateRole" not in properties:
        problems.append("Zadanie użytkownika musi leżeć w torze (lane), którego nazwa jest rolą.")
    form = properties.get(FORM_PROPERTY)
    if not form:
        problems.append(f"Zadanie użytkownika nie wskazuje formularza ({FORM_PROPERTY}).")
    elif form not in file_set.forms:
        problems.append(f"Brak pliku formularza {form} w katalogu forms/.")
    ui_form = properties.get(UI_FORM_PROPERTY)
    if ui_form and ui_form not in file_set.forms:
        problems.append(f"Brak pliku układu formularza {ui_form} w katalogu forms/.")
    return problems


def _compile_problems(source: str, compiler, label: str) -> list[str]:
    try:
        compiler(source)
    except SyntaxError as error:
        return [f"Niedozwolony lub błędny kod ({label}): {error.msg or error}"]
    return []


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, result = set(), []
    for problem in problems:
        if problem not in seen:
            seen.add(problem)
            result.append(problem)
    return result
