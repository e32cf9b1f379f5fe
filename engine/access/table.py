"""The visibility table: which role may see which section of a case file, and what each task shows.

It is a file of the model (``processes/widocznosc.json``), deployed and versioned with the diagrams,
so an analyst changes need-to-know by editing data, not code. ``check`` reports every problem of
the file as ``file:line: element: message`` lines, like the rest of ``kooperacja validate``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

EVERYTHING = "*"
PATH = re.compile(r"[A-Za-z_]\w*(\[\])?(\.[A-Za-z_]\w*(\[\])?)*")


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
            for key, attribute in CONSENT_KEYS.items()
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


CONSENT_KEYS = {
    "czlonkowie": "members",
    "oswiadczenia": "statements",
    "bez_zgody": "refused",
    "wycofania": "withdrawals",
    "instytucje_wylaczone": "excluded_roles",
    "za_maloletnich": "for_minors",
    "wiek_pelnoletnosci": "adult_age",
    "klucze_czlonka": "member_keys",
}
TOP_KEYS = {
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


def values_at(data, path: str) -> list:
    """The values a path of the table (``a``, ``a.b``, ``a[].b``) reaches in ``data``; lists are flattened."""
    found = [data]
    for part in path.split("."):
        name, each = part.removesuffix("[]"), part.endswith("[]")
        found = [item.get(name) for item in found if isinstance(item, dict)]
        if each:
            found = [element for item in found if isinstance(item, list) for element in item]
    return [element for item in found for element in (item if isinstance(item, list) else [item])]


def table_of(definition) -> VisibilityTable | None:
    """The parsed visibility table of a deployed definition (None: its deployment has none), parsed once
    per definition object (definitions are immutable and cached by the engine)."""
    parsed = definition.__dict__.get("_visibility_table", _UNPARSED)
    if parsed is _UNPARSED:
        parsed = parse(definition.visibility) if definition.visibility is not None else None
        definition.__dict__["_visibility_table"] = parsed
    return parsed


_UNPARSED = object()
