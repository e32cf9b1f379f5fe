"""The files of a deployment read safely: XML trees, JSON forms, and where each element id sits.

Reading never raises for a bad file: a file that cannot be read becomes a ``Problem`` with its file
and line, and the other files are still read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from lxml import etree

from engine.bpmn import form_checks
from engine.bpmn.wording import json_schema_message
from engine.errors import Problem

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMN_SUFFIXES = (".bpmn", ".bpmn20.xml", ".bpmn2")
DMN_SUFFIXES = (".dmn", ".dmn11.xml", ".dmn13.xml")


@dataclass(frozen=True)
class SourceFile:
    """One file of a deployment; ``path`` is relative, e.g. ``processes/rodzina.bpmn``."""

    path: str
    content: bytes

    @property
    def kind(self) -> str:
        return kind_of(self.path)

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


def kind_of(path: str) -> str:
    """``bpmn``, ``dmn``, ``json`` or ``other`` by the file name (``.bpmn20.xml`` is BPMN)."""
    name = path.lower()
    if name.endswith(BPMN_SUFFIXES):
        return "bpmn"
    if name.endswith(DMN_SUFFIXES):
        return "dmn"
    if name.endswith(".json"):
        return "json"
    return "other"


@dataclass
class FileSet:
    """Files split by kind, with the XML trees that parsed and the line of every element id."""

    trees: dict[str, etree._ElementTree] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    forms: dict[str, object] = field(default_factory=dict)
    unreadable_forms: set[str] = field(default_factory=set)  # present, but reported as broken
    problems: list[Problem] = field(default_factory=list)
    lines: dict[str, dict[str, int]] = field(default_factory=dict)  # path -> element id -> line
    owners: dict[str, str] = field(default_factory=dict)  # element id -> first path that has it

    def bpmn_trees(self) -> list[tuple[str, etree._ElementTree]]:
        return [(path, tree) for path, tree in self.trees.items() if self.kinds[path] == "bpmn"]

    def dmn_trees(self) -> list[tuple[str, etree._ElementTree]]:
        return [(path, tree) for path, tree in self.trees.items() if self.kinds[path] == "dmn"]

    def line_of(self, path: str | None, element_id: str | None) -> int | None:
        if not element_id:
            return None
        found = self.lines.get(path or "", {}).get(element_id)
        if found is None and element_id in self.owners:
            found = self.lines[self.owners[element_id]][element_id]
        return found

    def file_of(self, element_id: str | None) -> str | None:
        return self.owners.get(element_id) if element_id else None

    def problem(self, path: str | None, element_id: str | None, message: str, line: int | None = None) -> Problem:
        """A problem at an element: its file and line looked up when not given."""
        path = path or self.file_of(element_id) or self.any_path()
        return Problem(path, line or self.line_of(path, element_id) or 1, element_id or None, message)

    def any_path(self) -> str:
        return next(iter(self.trees), "-")


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
        result.problems.append(Problem(source.path, error.lineno or 1, None, f"Błąd składni XML: {error.msg}"))
        return
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        result.problems.append(Problem(source.path, 1, None, "Deklaracja DOCTYPE jest niedozwolona w plikach procesu."))
        return
    root_name = etree.QName(tree.getroot()).localname
    if root_name != "definitions":
        message = (
            f"Plik nie jest definicją {source.kind.upper()}: główny element to „{root_name}”, a nie „definitions”."
        )
        result.problems.append(Problem(source.path, tree.getroot().sourceline or 1, None, message))
        return
    result.trees[source.path] = tree
    result.kinds[source.path] = source.kind
    index = result.lines.setdefault(source.path, {})
    for element in tree.iter():
        element_id = element.get("id") if isinstance(element.tag, str) else None
        if element_id and element_id not in index:
            index[element_id] = element.sourceline or 1
            result.owners.setdefault(element_id, source.path)


def _read_json(source: SourceFile, result: FileSet) -> None:
    result.unreadable_forms.add(source.name)
    too_big = form_checks.text_problem(source.content)  # before parsing: a file nested 3,000 deep must not crash us
    if too_big:
        result.problems.append(Problem(source.path, too_big[1], None, too_big[0]))
        return
    try:
        document = json.loads(source.content.decode("utf-8"))
    except UnicodeDecodeError:
        result.problems.append(Problem(source.path, 1, None, "Plik JSON nie jest zapisany w UTF-8."))
        return
    except json.JSONDecodeError as error:
        result.problems.append(Problem(source.path, error.lineno, None, f"Niepoprawny JSON: {_json_message(error)}"))
        return
    if source.path.endswith(".schema.json") or not source.path.endswith(".uischema.json"):
        try:
            Draft202012Validator.check_schema(document)
        except SchemaError as error:
            parts = [str(p) for p in error.path]
            where = "/".join(parts) or None
            line = _json_line(source.content, parts)
            message = f"Niepoprawny JSON Schema: {json_schema_message(str(error.validator))}."
            result.problems.append(Problem(source.path, line, where, message))
            return
        unsafe = form_checks.schema_problems(document)  # $ref leaving the file, loops, risky patterns, sizes
        if unsafe:
            result.problems += [
                Problem(source.path, form_checks.line_of(source.content, at), None, t) for t, at in unsafe
            ]
            return
    result.forms[source.name] = document
    result.unreadable_forms.discard(source.name)


_JSON_MESSAGES = {
    "Expecting value": "oczekiwano wartości",
    "Expecting property name enclosed in double quotes": "oczekiwano nazwy pola w cudzysłowie",
    "Expecting ',' delimiter": "oczekiwano przecinka",
    "Expecting ':' delimiter": "oczekiwano dwukropka",
    "Extra data": "nadmiarowe dane po końcu dokumentu",
    "Unterminated string starting at": "niezamknięty tekst",
    "Invalid control character at": "niedozwolony znak sterujący",
}


def _json_message(error: json.JSONDecodeError) -> str:
    text = _JSON_MESSAGES.get(error.msg, "błąd składni")
    return f"{text} (kolumna {error.colno})"


def _json_line(content: bytes, parts: list[str]) -> int:
    """The line of the deepest key of a JSON path that occurs in the text (1 when none does)."""
    lines = content.decode("utf-8", "replace").splitlines()
    start = 0
    found = 1
    for part in parts:
        pattern = re.compile(r'"' + re.escape(part) + r'"\s*:')
        for number in range(start, len(lines)):
            if pattern.search(lines[number]):
                start, found = number, number + 1
                break
    return found
