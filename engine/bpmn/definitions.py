"""Read a set of BPMN, DMN and form files: check them, and turn them into SpiffWorkflow specs.

``check`` never raises for a bad file: it runs every stage (reading, BPMN schema, supported
constructs, calls, DMN cells, SpiffWorkflow's parser, our conventions) and returns every problem,
each one line ``file:line: element-id: message`` in Polish, so an analyst fixes them all in one go.
A later stage does not repeat a problem an earlier one found at the same element. ``build`` parses
a set that ``check`` found clean.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser

from engine.bpmn import deep, payloads
from engine.bpmn.calls import check_calls
from engine.bpmn.constructs import check_constructs, is_executable
from engine.bpmn.conventions import check_conventions
from engine.bpmn.dmn_cells import check_dmn
from engine.bpmn.sources import BPMN_NS, FileSet, SourceFile, read_files
from engine.bpmn.wording import spiff_message, xsd_message
from engine.errors import DefinitionError, Problem

__all__ = ["SourceFile", "ParsedProcess", "check", "build", "read_files"]


@dataclass
class ParsedProcess:
    process_id: str
    name: str
    spec: object
    subprocess_specs: dict
    start_role: str | None


def check(files: list[SourceFile]) -> list[Problem]:
    """Every problem in the file set, of every stage at once."""
    return deep.run(_check, files)


def _check(files: list[SourceFile]) -> list[Problem]:
    file_set = read_files(files)
    early = list(file_set.problems)
    early += _check_xsd(file_set)
    early += check_constructs(file_set)
    call_problems, unbuildable = check_calls(file_set)
    early += call_problems
    early += check_dmn(file_set)
    early += payloads.check_declarations(file_set)
    parser, late = _load_parser(file_set)
    processes, build_problems = _build_all(parser, file_set, skip=unbuildable)
    late += build_problems
    problems = _without_repeats(early, late)
    specs = [spec for p in processes for spec in (p.spec, *p.subprocess_specs.values())]
    return problems + [p for p in check_conventions(_unique_specs(specs), file_set) if p not in problems]


def build(files: list[SourceFile]) -> tuple[list[ParsedProcess], dict[str, object]]:
    """Specs of every executable process and the forms, for a file set ``check`` found clean."""
    return deep.run(_build, files)


def _build(files: list[SourceFile]) -> tuple[list[ParsedProcess], dict[str, object]]:
    file_set = read_files(files)
    parser, problems = _load_parser(file_set)
    processes, more = _build_all(parser, file_set, skip=set()) if not problems else ([], [])
    if problems or more:
        raise DefinitionError(problems + more)
    return processes, file_set.forms


def _check_xsd(file_set: FileSet) -> list[Problem]:
    problems = []
    schema = VALIDATOR.validator
    for path, tree in file_set.bpmn_trees():
        checked = copy.deepcopy(tree)  # keeps source lines; a re-parsed copy would lose the XML declaration line
        VALIDATOR.preprocess(checked)
        if schema.validate(checked):
            continue
        at_line = _ids_by_line(tree)
        for entry in schema.error_log:
            line = entry.line or 1
            problems.append(Problem(path, line, at_line.get(line), xsd_message(entry.message)))
    return problems


def _ids_by_line(tree) -> dict[int, str]:
    """The innermost element with an id on each line (XSD errors carry a line, not an element)."""
    found = {}
    for element in tree.iter():
        if isinstance(element.tag, str) and element.get("id") and element.sourceline:
            found[element.sourceline] = element.get("id")
    return found


def _load_parser(file_set: FileSet) -> tuple[SpiffBpmnParser, list[Problem]]:
    parser = SpiffBpmnParser()
    problems = []
    for path, tree in file_set.trees.items():
        try:
            if file_set.kinds[path] == "dmn":
                parser.add_dmn_xml(tree.getroot(), filename=path)
            else:
                parser.add_bpmn_xml(tree, filename=path)
        except ValidationException as error:
            problems.append(_problem_from(error, file_set, path))
        except Exception:  # noqa: BLE001 - a hostile file may break the parser anywhere
            message = (
                "Nie można odczytać pliku: jego struktura jest niespójna (brakujące identyfikatory lub odwołania)."
            )
            problems.append(Problem(path, 1, None, message))
    return parser, problems


def _build_all(parser: SpiffBpmnParser, file_set: FileSet, skip: set[str]) -> tuple[list[ParsedProcess], list[Problem]]:
    processes, problems = [], []
    known = set(parser.get_process_ids())
    for path, process_id in _executable_processes(file_set):
        if process_id in skip or process_id not in known:
            continue
        try:
            spec = parser.get_spec(process_id)
            subprocess_specs = parser.get_subprocess_specs(process_id)
        except ValidationException as error:
            problems.append(_problem_from(error, file_set, path, process_id))
            continue
        except RecursionError:
            message = "Proces jest zbyt głęboki, by go zbudować (zbyt długi łańcuch elementów)."
            problems.append(file_set.problem(path, process_id, message))
            continue
        except Exception:  # noqa: BLE001 - report, never crash validation
            message = "Nie można zbudować procesu: definicja jest niespójna."
            problems.append(file_set.problem(path, process_id, message))
            continue
        processes.append(
            ParsedProcess(process_id, spec.description or process_id, spec, subprocess_specs, _start_role(spec))
        )
    return processes, problems


def _executable_processes(file_set: FileSet) -> list[tuple[str, str]]:
    found = []
    for path, tree in file_set.bpmn_trees():
        for process in tree.getroot().iter(f"{{{BPMN_NS}}}process"):
            if is_executable(process) and process.get("id"):
                found.append((path, process.get("id")))
    return found


def _start_role(spec) -> str | None:
    for task_spec in spec.task_specs.values():
        if type(task_spec).__name__ == "StartEvent" and task_spec.lane:
            return task_spec.lane
    return None


def _problem_from(error: ValidationException, file_set: FileSet, path: str, element_id: str | None = None) -> Problem:
    element_id = error.id or element_id or None
    path = error.file_name if error.file_name in file_set.trees else (file_set.file_of(element_id) or path)
    line = error.line_number if isinstance(error.line_number, int) and error.line_number > 0 else None
    return file_set.problem(path, element_id, spiff_message(str(error).split("\n")[0]), line)


def _unique_specs(specs: list) -> list:
    seen, result = set(), []
    for spec in specs:
        if id(spec) not in seen:
            seen.add(id(spec))
            result.append(spec)
    return result


def _without_repeats(early: list[Problem], late: list[Problem]) -> list[Problem]:
    """Early problems, then the parser's where no early problem names the same element, nor (for a
    problem without element, e.g. the parser crashing on a file) the same file: its view of what was
    already refused is noise. Exact repeats dropped."""
    reported = {(p.file, p.element_id) for p in early}
    files = {p.file for p in early}
    late = [p for p in late if (p.file, p.element_id) not in reported and (p.element_id or p.file not in files)]
    result = []
    for problem in early + late:
        if problem not in result:
            result.append(problem)
    return result
