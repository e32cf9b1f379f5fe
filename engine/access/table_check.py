"""Checking the visibility table against the model it belongs to, for ``kooperacja validate``.

Every problem is one line ``file:line: element: message``, like the rest of the validation.
"""

from __future__ import annotations

import json

from lxml import etree

from engine.access.table import CONSENT_KEYS, EVERYTHING, PATH, TOP_KEYS
from engine.errors import Problem

_BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"


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
    tasks, roles, lanes = _user_tasks_and_roles(model)
    found = _shape_problems(document)
    if not found:
        found = _reference_problems(document, tasks, roles) + _context_problems(document, lanes)
    return [Problem(path, _line_of(text, where), where, message) for where, message in found]


def _shape_problems(document: dict) -> list[tuple[str | None, str]]:
    problems = [(key, f"Nieznany klucz „{key}” w tabeli widoczności.") for key in document if key not in TOP_KEYS]
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
    if not isinstance(paths, list) or not all(isinstance(p, str) and PATH.fullmatch(p) for p in paths):
        problems.append(("role_dopuszczone_z_danych", "Oczekiwano listy ścieżek danych, np. „zaproszone_role”."))
    labels = document.get("opisy_oczekiwan", {})
    if not isinstance(labels, dict) or not all(isinstance(v, str) and v for v in labels.values()):
        problems.append(("opisy_oczekiwan", "„opisy_oczekiwan” to obiekt: zdarzenie -> opis słowami."))
    facts = document.get("dane_kontekstu", {})
    well_formed = isinstance(facts, dict) and all(
        isinstance(items, list)
        and all(isinstance(f, dict) and f.get("tytul") and PATH.fullmatch(str(f.get("sciezka", ""))) for f in items)
        for items in facts.values()
    )
    if not well_formed:
        problems.append(("dane_kontekstu", "„dane_kontekstu”: zadanie -> lista {„tytul”, „sciezka”}."))
    if not isinstance(document.get("kontekst_zadan", {}), dict):
        problems.append(("kontekst_zadan", "„kontekst_zadan” to obiekt: zadanie -> lista sekcji."))
    unknown = set(document.get("zgody", {})) - set(CONSENT_KEYS)
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


def _context_problems(document: dict, lanes: dict[str, str]) -> list[tuple[str, str]]:
    """A task's context must be readable by the role of its lane, or its worker would see nothing of it."""
    problems = []
    for task, wanted in document.get("kontekst_zadan", {}).items():
        role = lanes.get(task)
        allowed = document["dostep"].get(role) if role else None
        if role is None or allowed == EVERYTHING:
            continue
        for section in wanted:
            if section not in (allowed or ()):
                problems.append(
                    (task, f"Kontekst zadania „{task}”: rola „{role}” nie ma dostępu do sekcji „{section}”.")
                )
    return problems


def _user_tasks_and_roles(model: dict[str, bytes]) -> tuple[set[str], set[str], dict[str, str]]:
    """The ids of the user tasks; the names roles may have (lanes, quoted texts in decision tables and
    candidate roles, choices of forms); and the lane role of each task that has no candidate role."""
    tasks, roles, lanes = set(), set(), {}
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
        lanes.update(_lanes_of_fixed_tasks(root))
        texts = [e.text or "" for e in root.iter("{*}text")]
        texts += [e.get("value", "") for e in root.iter("{*}property") if e.get("name") == "candidateRole"]
        roles.update(_quoted(text) for text in texts)
    return tasks, roles, lanes


def _lanes_of_fixed_tasks(root) -> dict[str, str]:
    candidates = {
        task.get("id")
        for task in root.iter(f"{{{_BPMN}}}userTask")
        if any(p.get("name") == "candidateRole" for p in task.iter("{*}property"))
    }
    return {
        ref.text: lane.get("name")
        for lane in root.iter(f"{{{_BPMN}}}lane")
        for ref in lane.iter(f"{{{_BPMN}}}flowNodeRef")
        if ref.text and ref.text not in candidates and lane.get("name")
    }


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
