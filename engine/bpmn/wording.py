"""Polish wording for what SpiffWorkflow, libxml2 and RestrictedPython report in English.

An analyst reads ``file:line: element: message``; the message must say what is wrong in Polish and
never carry a raw Python exception. Known messages are translated; anything else gets a Polish
sentence naming the kind of failure, never the exception's own text.
"""

from __future__ import annotations

import re

_RESTRICTED = [
    (
        re.compile(r'"(?P<name>[^"]+)" is an invalid variable name because it starts with "_"'),
        "nazwa „{name}” zaczyna się od podkreślenia, a takie nazwy są niedozwolone",
    ),
    (
        re.compile(r'"(?P<name>[^"]+)" is an invalid attribute name because it starts with "_"'),
        "atrybut „{name}” zaczyna się od podkreślenia, a takie atrybuty są niedozwolone",
    ),
    (re.compile(r"SyntaxError: .* at statement: '(?P<text>.*)'", re.S), "błąd składni w „{text}”"),
    (re.compile(r"SyntaxError: (?P<text>.*)", re.S), "błąd składni"),
    (re.compile(r'"(?P<name>[^"]+)" is a reserved name'), "nazwa „{name}” jest zastrzeżona"),
    (re.compile(r"(?P<text>.* jest .*)"), "{text}"),  # the sandbox's own policy already speaks Polish
]


def compile_error(error: SyntaxError) -> str:
    """One Polish phrase per refusal in a RestrictedPython compile error."""
    parts = []
    for raw in str(error.msg if error.msg else error).split("; "):
        line = re.match(r"^\s*Line (\d+):\s*", raw)
        text = raw[line.end() :].strip() if line else raw.strip()
        if not text:
            continue
        phrase = (_first_match(_RESTRICTED, text) or "niedozwolona konstrukcja").rstrip(".")
        parts.append(f"{phrase} (linia {line.group(1)})" if line else phrase)
    return "; ".join(dict.fromkeys(parts)) or "błąd składni"


_SPIFF = [
    (
        re.compile(r"RecursionError"),
        "Łańcuch elementów jest zbyt długi, by go zbudować (ponad około 9000 elementów jeden za drugim); "
        "podziel proces na podprocesy lub wywołania.",
    ),
    (re.compile(r"Process (?P<id>\S+) is not executable"), "Proces „{id}” nie jest wykonywalny (isExecutable)."),
    (re.compile(r"No start event found"), "Proces nie ma zdarzenia startowego."),
    (
        re.compile(r"There is no support implemented for this task type"),
        "Ten rodzaj elementu nie jest obsługiwany przez silnik.",
    ),
    (
        re.compile(r"Non-default exclusive outgoing sequence flow without condition"),
        "Przepływ wychodzący z bramki bez warunku, a nie jest przepływem domyślnym (default).",
    ),
    (
        re.compile(r"Exactly one start event is required in a SubWorkflow Task; found (?P<n>\d+)"),
        "Podproces musi mieć dokładnie jedno zdarzenie startowe (jest ich {n}).",
    ),
    (re.compile(r"A SubWorkflow Must contain an End event"), "Podproces musi mieć zdarzenie końcowe."),
    (re.compile(r'No "calledElement" attribute'), "Wywołanie procesu nie wskazuje procesu (calledElement)."),
    (re.compile(r"Invalid Script Task.\s+No Script Provided"), "Zadanie skryptowe nie zawiera skryptu."),
    (re.compile(r"Duplicate process ID: (?P<id>\S+)"), "Identyfikator procesu „{id}” występuje więcej niż raz."),
    (re.compile(r"The process '(?P<id>[^']+)' was not found"), "Proces „{id}” nie istnieje w tym wdrożeniu."),
    (
        re.compile(r"Could not find messageRef from message event definition: (?P<id>\S+)"),
        "Definicja zdarzenia wskazuje nieistniejącą wiadomość „{id}”.",
    ),
    (re.compile(r"(Message|Signal|Error|Escalation|Correlation) identifier is missing"), "Element nie ma atrybutu id."),
    (re.compile(r"Unknown Time Specification"), "Timer nie określa czasu (timeDate, timeDuration ani timeCycle)."),
    (re.compile(r"Time Specification Error"), "Niepoprawne wyrażenie czasu w timerze."),
    (re.compile(r"Cannot resolve data(Input|Output)Association (?P<id>\S*)"), "Nieznany obiekt danych „{id}”."),
    (re.compile(r"No decisions found"), "Plik DMN nie zawiera żadnej decyzji."),
    (re.compile(r"Multiple decision tables"), "Decyzja może mieć tylko jedną tabelę decyzyjną."),
    (re.compile(r"Unknown type in decision table"), "Nieznany element w tabeli decyzyjnej."),
    (re.compile(r"Malformed Output Expression"), "Błędne wyrażenie wyjścia w tabeli decyzyjnej."),
    (
        re.compile(r'No DMN Diagram available with id "(?P<id>[^"]*)"'),
        "Zadanie reguł biznesowych wskazuje decyzję „{id}”, której nie ma w plikach DMN.",
    ),
    (re.compile(r"A Service Task must have an operator"), "Zadanie usługowe nie jest obsługiwane."),
]


def spiff_message(text: str) -> str:
    """A SpiffWorkflow validation message in Polish (unknown ones described, not quoted)."""
    return _first_match(_SPIFF, text) or "Element nie daje się zbudować jako część procesu wykonywalnego."


_XSD = [
    (
        re.compile(r"Element '(?P<el>[^']+)', attribute '(?P<attr>[^']+)': The attribute '[^']+' is not allowed"),
        "Element „{el}” nie może mieć atrybutu „{attr}”.",
    ),
    (
        re.compile(r"Element '(?P<el>[^']+)': This element is not expected"),
        "Element „{el}” nie może wystąpić w tym miejscu.",
    ),
    (
        re.compile(r"Element '(?P<el>[^']+)': Missing child element"),
        "Elementowi „{el}” brakuje wymaganego elementu podrzędnego.",
    ),
    (
        re.compile(r"Element '(?P<el>[^']+)': The attribute '(?P<attr>[^']+)' is required but missing"),
        "Element „{el}” musi mieć atrybut „{attr}”.",
    ),
    (
        re.compile(r"Element '(?P<el>[^']+)', attribute '(?P<attr>[^']+)': '(?P<value>[^']*)' is not a valid value"),
        "Atrybut „{attr}” elementu „{el}” ma niepoprawną wartość „{value}”.",
    ),
    (
        re.compile(r"Element '(?P<el>[^']+)': No match found for key-sequence"),
        "Element „{el}” wskazuje nieistniejący identyfikator.",
    ),
    (
        re.compile(r"Element '(?P<el>[^']+)': Duplicate key-sequence"),
        "Element „{el}” ma identyfikator użyty już w pliku.",
    ),
    (re.compile(r"Element '(?P<el>[^']+)'"), "Element „{el}” jest niezgodny ze schematem."),
]


def xsd_message(text: str) -> str:
    found = _first_match(_XSD, _short_names(text))
    return f"Niezgodność ze schematem BPMN: {found or 'dokument niezgodny ze schematem.'}"


_JSON_SCHEMA = {
    "type": "niepoprawny typ",
    "enum": "wartość spoza dozwolonych",
    "anyOf": "wartość niezgodna z żadną z dozwolonych postaci",
    "oneOf": "wartość niezgodna z dokładnie jedną z dozwolonych postaci",
    "required": "brak wymaganego klucza",
    "format": "niepoprawny format",
    "pattern": "niepoprawny wzorzec",
    "minimum": "wartość za mała",
    "minLength": "wartość za krótka",
}


def json_schema_message(validator: str) -> str:
    """A JSON Schema meta-schema error (``jsonschema``'s validator keyword) in Polish."""
    return _JSON_SCHEMA.get(validator, f"naruszona reguła „{validator}” specyfikacji JSON Schema")


def _short_names(text: str) -> str:
    """``{http://...}userTask`` -> ``userTask`` in libxml2 messages."""
    return re.sub(r"\{[^}]+\}", "", text)


def _first_match(table, text: str) -> str | None:
    for pattern, template in table:
        found = pattern.search(text)
        if found:
            return template.format(**{k: (v or "")[:120] for k, v in found.groupdict().items()})
    return None
