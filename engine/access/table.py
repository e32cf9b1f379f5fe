"""The visibility table: which role may see which section of a case file, and what each task shows.

It is a file of the model (``processes/widocznosc.json``), deployed and versioned with the diagrams,
so an analyst changes need-to-know by editing data, not code. ``check`` reports every problem of
the file as ``file:line: element: message`` lines, like the rest of ``kooperacja validate``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from lxml import etree

from engine.errors import Problem

EVERYTHING = "*"
_PATH = re.compile(r"[A-Za-z_]\w*(\[\])?(\.[A-Za-z_]\w*(\[\])?)*")
_BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"


@dataclass(frozen=True)
class Section:
    """One section of the case file: the completed tasks that make it up.

    ``own_only``: an institution sees only the entries of tasks of roles it plays (its own sectoral
    diagnosis, its own items), not the other institutions' entries.
    """

    id: str
    title: str
    tasks: tuple[str, ...]
    own_only: bool = False


@dataclass(frozen=True)
class Consent:
    """Where the case data says whose data may be shared: the household, statements, refusals, withdrawals."""

    members: str = "czlonkowie"
    statements: str = "zgody_czlonkow"
    refused: str = "czlonkowie_bez_zgody"
    withdrawals: str = "wycofania_czlonkow"
    excluded_roles: str = "instytucje_wylaczone"
    for_minors: str = "oswiadczenie_za_maloletnich"
    adult_age: int = 18
    member_keys: tuple[str, ...] = ("czlonek",)


@dataclass(frozen=True)
class VisibilityTable:
    """The parsed table. ``access`` maps a role to the ids of the sections it may read."""

    sections: tuple[Section, ...]
    access: dict[str, frozenset[str]]
    lead_roles: frozenset[str]
    admitting_paths: tuple[str, ...]
    consent: Consent
    task_context: dict[str, tuple[str, ...]] = field(default_factory=dict)
    waiting_labels: dict[str, str] = field(default_factory=dict)  # timer or message -> what it means, in words
    task_facts: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # task -> (title, data path)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def readable(self, roles: frozenset[str]) -> frozenset[str]:
        """The sections any of ``roles`` may read."""
        return frozenset().union(*(self.access.get(role, frozenset()) for role in roles)) if roles else frozenset()

    def section_of_task(self, bpmn_id: str) -> Section | None:
        return next((s for s in self.sections if bpmn_id in s.tasks), None)


def parse(document: dict) -> VisibilityTable:
    """The table from its JSON (already checked by ``check``)."""
    sections = tuple(
        Section(s["id"], s["tytul"], tuple(s.get("zadania", ())), bool(s.get("tylko_wlasne")))
        for s in document["sekcje"]
    )
    every = frozenset(s.id for s in sections)
    access = {
        role: every if allowed == EVERYTHING else frozenset(allowed) for role, allowed in document["dostep"].items()
    }
    consent_doc = document.get("zgody", {})
    consent = Consent(
        **{
            attribute: consent_doc[key] if not isinstance(consent_doc[key], list) else tuple(consent_doc[key])
            for key, attribute in _CONSENT_KEYS.items()
            if key in consent_doc
        }
    )
    return VisibilityTable(
        sections=sections,
        access=access,
        lead_roles=frozenset(document.get("role_prowadzace", ())),
        admitting_paths=tuple(document.get("role_dopuszczone_z_danych", ())),
        consent=consent,
        task_context={task: tuple(ids) for task, ids in document.get("kontekst_zadan", {}).items()},
        waiting_labels=dict(document.get("opisy_oczekiwan", {})),
        task_facts={
            task: tuple((fact["tytul"], fact["sciezka"]) for fact in facts)
            for task, facts in document.get("dane_kontekstu", {}).items()
        },
    )


_CONSENT_KEYS = {
    "czlonkowie": "members",
    "oswiadczenia": "statements",
    "bez_zgody": "refused",
    "wycofania": "withdrawals",
    "instytucje_wylaczone": "excluded_roles",
    "za_maloletnich": "for_minors",
    "wiek_pelnoletnosci": "adult_age",
    "klucze_czlonka": "member_keys",
}
_TOP_KEYS = {
    "opis",
    "role_prowadzace",
    "role_dopuszczone_z_danych",
    "zgody",
    "sekcje",
    "dostep",
    "kontekst_zadan",
    "opisy_oczekiwan",
    "dane_kontekstu",
}


def check(path: str, content: bytes, model: dict[str, bytes]) -> list[Problem]:
    """Every problem of the table, checked against the model's other files (path -> content).

    Sections name user tasks of the diagrams; roles are lanes, or roles the decision tables and
    forms spell out (the institutions a case invites).
    """
    try:
        document = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return [Problem(path, getattr(error, "lineno", None), None, f"Niepoprawny JSON: {error}")]
    if not isinstance(document, dict):
        return [Problem(path, 1, None, "Tabela widoczności musi być obiektem JSON.")]
    text = content.decode("utf-8")
    tasks, roles = _user_tasks_and_roles(model)
    found = _shape_problems(document)
    if not found:
        found = _reference_problems(document, tasks, roles)
    return [Problem(path, _line_of(text, where), where, message) for where, message in found]


def _shape_problems(document: dict) -> list[tuple[str | None, str]]:
    problems = [(key, f"Nieznany klucz „{key}” w tabeli widoczności.") for key in document if key not in _TOP_KEYS]
    sections = document.get("sekcje")
    if not isinstance(sections, list) or not sections:
        return [*problems, ("sekcje", "Tabela widoczności musi mieć listę sekcji („sekcje”).")]
    for index, section in enumerate(sections):
        if not isinstance(section, dict) or not isinstance(section.get("id"), str) or not section.get("tytul"):
            problems.append(("sekcje", f"Sekcja nr {index + 1} musi mieć „id” i „tytul”."))
        elif not isinstance(section.get("zadania", []), list):
            problems.append((section["id"], "„zadania” sekcji to lista identyfikatorów zadań."))
    if not isinstance(document.get("dostep"), dict):
        problems.append(("dostep", "Tabela widoczności musi mieć „dostep”: rola -> lista sekcji albo „*”."))
    paths = document.get("role_dopuszczone_z_danych", [])
    if not isinstance(paths, list) or not all(isinstance(p, str) and _PATH.fullmatch(p) for p in paths):
        problems.append(("role_dopuszczone_z_danych", "Oczekiwano listy ścieżek danych, np. „zaproszone_role”."))
    labels = document.get("opisy_oczekiwan", {})
    if not isinstance(labels, dict) or not all(isinstance(v, str) and v for v in labels.values()):
        problems.append(("opisy_oczekiwan", "„opisy_oczekiwan” to obiekt: zdarzenie -> opis słowami."))
    facts = document.get("dane_kontekstu", {})
    well_formed = isinstance(facts, dict) and all(
        isinstance(items, list)
        and all(isinstance(f, dict) and f.get("tytul") and _PATH.fullmatch(str(f.get("sciezka", ""))) for f in items)
        for items in facts.values()
    )
    if not well_formed:
        problems.append(("dane_kontekstu", "„dane_kontekstu”: zadanie -> lista {„tytul”, „sciezka”}."))
    if not isinstance(document.get("kontekst_zadan", {}), dict):
        problems.append(("kontekst_zadan", "„kontekst_zadan” to obiekt: zadanie -> lista sekcji."))
    unknown = set(document.get("zgody", {})) - set(_CONSENT_KEYS)
    problems += [("zgody", f"Nieznany klucz „{key}” w „zgody”.") for key in sorted(unknown)]
    return problems


def _reference_problems(document: dict, tasks: set[str], roles: set[str]) -> list[tuple[str | None, str]]:
    problems = []
    ids = [s["id"] for s in document["sekcje"]]
    problems += [(i, f"Sekcja „{i}” występuje więcej niż raz.") for i in sorted({i for i in ids if ids.count(i) > 1})]
    claimed: dict[str, str] = {}
    for section in document["sekcje"]:
        for task in section.get("zadania", []):
            if task not in tasks:
                problems.append((task, f"Sekcja „{section['id']}”: w diagramach nie ma zadania użytkownika „{task}”."))
            elif task in claimed:
                problems.append((task, f"Zadanie „{task}” należy już do sekcji „{claimed[task]}”."))
            claimed.setdefault(task, section["id"])
    for task in sorted(tasks - set(claimed)):
        problems.append((task, f"Zadanie „{task}” nie należy do żadnej sekcji teczki sprawy."))
    for role, allowed in document["dostep"].items():
        if role not in roles:
            problems.append((role, f"Rola „{role}” nie występuje w diagramach (tor ani candidateRole)."))
        if allowed != EVERYTHING:
            problems += _unknown_sections(role, allowed, ids)
    for role in document.get("role_prowadzace", []):
        if document["dostep"].get(role) != EVERYTHING:
            problems.append((role, f"Rola prowadząca „{role}” musi widzieć całą teczkę („*”)."))
    for task in document.get("dane_kontekstu", {}):
        if task not in tasks:
            problems.append((task, f"Dane kontekstu: w diagramach nie ma zadania użytkownika „{task}”."))
    for task, wanted in document.get("kontekst_zadan", {}).items():
        if task not in tasks:
            problems.append((task, f"Kontekst zadania: w diagramach nie ma zadania użytkownika „{task}”."))
        problems += _unknown_sections(task, wanted, ids)
    return problems


def _unknown_sections(owner: str, wanted, ids: list[str]) -> list[tuple[str, str]]:
    if not isinstance(wanted, list):
        return [(owner, f"„{owner}”: oczekiwano listy sekcji.")]
    return [(owner, f"„{owner}”: nie ma sekcji „{w}”.") for w in wanted if w not in ids]


def _user_tasks_and_roles(model: dict[str, bytes]) -> tuple[set[str], set[str]]:
    """The ids of the user tasks, and the names roles may have: lanes, quoted texts in decision tables
    and candidate roles, choices of forms."""
    tasks, roles = set(), set()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for path, content in model.items():
        if path.endswith(".json"):
            roles.update(_form_choices(content))
            continue
        try:
            root = etree.fromstring(content, parser)
        except etree.XMLSyntaxError:
            continue  # the diagram's own check reports it
        tasks.update(t.get("id") for t in root.iter(f"{{{_BPMN}}}userTask"))
        roles.update(lane.get("name") for lane in root.iter(f"{{{_BPMN}}}lane") if lane.get("name"))
        texts = [e.text or "" for e in root.iter("{*}text")]
        texts += [e.get("value", "") for e in root.iter("{*}property") if e.get("name") == "candidateRole"]
        roles.update(_quoted(text) for text in texts)
    return tasks, roles


def _quoted(text: str) -> str:
    return text.strip().strip("'\"")


def _form_choices(content: bytes) -> set[str]:
    try:
        document = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return set()
    found: set[str] = set()
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("const"), str):
                found.add(node["const"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def _line_of(text: str, where: str | None) -> int | None:
    if where is None:
        return None
    needle = json.dumps(where, ensure_ascii=False)
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return None


def table_of(definition) -> VisibilityTable | None:
    """The parsed visibility table of a deployed definition (None: its deployment has none), parsed once
    per definition object (definitions are immutable and cached by the engine)."""
    parsed = definition.__dict__.get("_visibility_table", _UNPARSED)
    if parsed is _UNPARSED:
        parsed = parse(definition.visibility) if definition.visibility is not None else None
        definition.__dict__["_visibility_table"] = parsed
    return parsed


_UNPARSED = object()


def values_at(data, path: str) -> list:
    """The values a path of the table (``a``, ``a.b``, ``a[].b``) reaches in ``data``; lists are flattened."""
    found = [data]
    for part in path.split("."):
        name, each = part.removesuffix("[]"), part.endswith("[]")
        found = [item.get(name) for item in found if isinstance(item, dict)]
        if each:
            found = [element for item in found if isinstance(item, list) for element in item]
    return [element for item in found for element in (item if isinstance(item, list) else [item])]
