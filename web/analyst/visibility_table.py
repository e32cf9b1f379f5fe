"""The visibility table (``processes/widocznosc.json``) as the analyst's grid: sections by roles.

``grid`` reads who sees which section of the case file from the table's ``dostep`` (a role sees the
whole file, ``"*"``, or a list of section ids) and each section's ``tylko_wlasne`` (an institution
sees only its own entries). ``apply`` writes the grid's form back into the table and leaves every
other part as it was (a role's sections keep their order, new ones follow in the sections' order).
``dump`` writes the file in the layout it is kept in (one section, role or task per line), so a
saved grid changes only the lines it changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    own_only: bool


@dataclass(frozen=True)
class RoleAccess:
    index: int
    role: str
    whole_file: bool
    sections: frozenset[str]


@dataclass(frozen=True)
class Grid:
    sections: tuple[Section, ...]
    roles: tuple[RoleAccess, ...]


class TableUnreadable(ValueError):
    """The table is not a JSON object with sections and access: it is edited as text instead."""


def load(content: bytes) -> dict:
    try:
        document = json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TableUnreadable(str(error)) from error
    if not isinstance(document, dict) or not isinstance(document.get("sekcje"), list):
        raise TableUnreadable("sekcje")
    if not isinstance(document.get("dostep", {}), dict):
        raise TableUnreadable("dostep")
    return document


def grid(document: dict) -> Grid:
    sections = tuple(
        Section(str(s.get("id", "")), str(s.get("tytul") or s.get("id", "")), bool(s.get("tylko_wlasne")))
        for s in document["sekcje"]
        if isinstance(s, dict)
    )
    access = document.get("dostep", {})
    roles = tuple(
        RoleAccess(index, role, seen == "*", frozenset(seen) if isinstance(seen, list) else frozenset())
        for index, (role, seen) in enumerate(access.items())
    )
    return Grid(sections, roles)


def apply(document: dict, form) -> dict:
    """The table with ``dostep`` and ``tylko_wlasne`` taken from the grid's form (a MultiDict)."""
    current = grid(document)
    order = [s.id for s in current.sections]
    chosen = set(form.getlist("own"))
    sections = []
    for section in document["sekcje"]:
        section = dict(section)
        if section.get("id") in chosen:
            section["tylko_wlasne"] = True
        else:
            section.pop("tylko_wlasne", None)
        sections.append(section)
    access = {}
    for role in current.roles:
        if form.get(f"all-{role.index}"):
            access[role.role] = "*"
            continue
        seen = set(form.getlist(f"role-{role.index}")) & set(order)
        before = document["dostep"][role.role]
        kept = [ident for ident in before if ident in seen] if isinstance(before, list) else []
        access[role.role] = kept + [ident for ident in order if ident in seen and ident not in kept]
    return {**document, "sekcje": sections, "dostep": access}


def dump(document: dict) -> bytes:
    """The table as JSON in the layout of the file: top-level keys on their lines, entries one per line."""
    lines = ["{"]
    items = list(document.items())
    for position, (key, value) in enumerate(items):
        comma = "," if position < len(items) - 1 else ""
        if isinstance(value, dict) and value:
            entries = [f"    {_inline(k)}: {_inline(v)}" for k, v in value.items()]
            lines += [f"  {_inline(key)}: {{", ",\n".join(entries), "  }" + comma]
        elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            lines += [f"  {_inline(key)}: [", ",\n".join(f"    {_inline(item)}" for item in value), "  ]" + comma]
        else:
            lines.append(f"  {_inline(key)}: {_inline(value)}{comma}")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _inline(value) -> str:
    return json.dumps(value, ensure_ascii=False)
