"""A person's subject-access report (art. 15 GDPR): what the case file holds about one household member,
who received it and when, on what basis and for how long.

The case file is read as a reader whom only this member's consent reaches (``need_to_know.Reader``
with ``covered`` = the member): the filter that keeps an uncovered member's data from a partner keeps
every other member's data out of the report; free texts that name another member are withheld.
"""

from __future__ import annotations

from collections import OrderedDict

from engine.access.acting import Acting
from engine.access.consent import covered_members
from engine.access.need_to_know import Reader
from engine.access.table import VisibilityTable
from engine.dto.protection import HouseholdMember, Recipient, RecordedEntry, RecordedSection
from engine.roles import SOCIAL_WORKER
from engine.services.answer_words import Wording
from engine.services.casefile import file_sections
from engine.services.protection.wording import ASSUMED, legal_basis

SYSTEM = "System Kooperacja (czynności automatyczne)"


def household(data: dict, table: VisibilityTable | None) -> tuple[HouseholdMember, ...]:
    """The members of the household from the case's current data (the nomination's list)."""
    key = table.consent.members if table is not None else "czlonkowie"
    people = data.get(key) if isinstance(data.get(key), list) else []
    return tuple(
        HouseholdMember(
            str(p["id"]),
            str(p.get("imie") or p["id"]),
            p.get("wiek") if isinstance(p.get("wiek"), int) else None,
            p.get("pokrewienstwo") if isinstance(p.get("pokrewienstwo"), str) else None,
        )
        for p in people
        if isinstance(p, dict) and isinstance(p.get("id"), str)
    )


def recorded_sections(
    session, case, who: Acting, table: VisibilityTable | None, member: HouseholdMember, members
) -> tuple[tuple[RecordedSection, ...], int]:
    """The case-file sections with the member's data, and how many texts were withheld."""
    reader = Reader(who, frozenset(), table, None, frozenset({member.id}), frozenset(m.id for m in members))
    others = [m.name for m in members if m.id != member.id]
    wording = Wording({member.id: member.name, "rodzina": "cała rodzina"}, others)
    found = []
    for section in file_sections(session, case, reader, table):
        entries = []
        for entry in section.entries:
            items = wording.items(entry.schema, entry.values)
            if items:
                entries.append(
                    RecordedEntry(entry.task_name, entry.completed_at, entry.institution, entry.completed_by, items)
                )
        if entries:
            found.append(
                RecordedSection(
                    section.id,
                    section.title,
                    section.title,
                    legal_basis(section.id if table is not None else None),
                    recipients(table, section.id),
                    tuple(entries),
                )
            )
    return tuple(found), wording.withheld


def recipients(table: VisibilityTable | None, section_id: str) -> tuple[str, ...]:
    """The roles whose institutions may read a section: the leading roles first, then the others."""
    if table is None:
        return ()
    lead = sorted(table.lead_roles)
    others = sorted(role for role, ids in table.access.items() if section_id in ids and role not in table.lead_roles)
    return (*lead, *others)


def received_by(entries) -> tuple[Recipient, ...]:
    """The institutions whose users read or wrote the member's data, first one first (refusals and the
    data-protection officer's own reports left out: they are listed among the accesses)."""
    found: OrderedDict[str, list] = OrderedDict()
    for entry in entries:
        if entry.refused or entry.action.startswith("protection."):
            continue
        name = entry.institution or SYSTEM
        first, last, reads, writes = found.get(name, [entry.at, entry.at, 0, 0])
        found[name] = [min(first, entry.at), max(last, entry.at), reads + (not entry.write), writes + entry.write]
    return tuple(Recipient(name, *values) for name, values in found.items())


def consent_words(data: dict, table: VisibilityTable | None, member: HouseholdMember) -> str:
    """The member's consent to sharing their data with the case's institutions, in words."""
    if table is None:
        return "Model nie określa zgód członków rodziny."
    consent = table.consent
    statements = data.get(consent.statements) if isinstance(data.get(consent.statements), dict) else {}
    withdrawn = data.get(consent.withdrawals) if isinstance(data.get(consent.withdrawals), list) else []
    if any(isinstance(w, dict) and w.get("czlonek") == member.id for w in withdrawn):
        return "Zgoda wycofana: dane nie są już udostępniane instytucjom partnerskim."
    statement = statements.get(member.id)
    if isinstance(statement, dict):
        if statement.get("zgoda_udzielona") is not True:
            return "Brak zgody: dane nie są udostępniane instytucjom partnerskim (tylko OPS prowadzący sprawę)."
        excluded = statement.get(consent.excluded_roles) or []
        tail = f" z wyjątkiem: {', '.join(excluded)}" if excluded else ""
        return f"Zgoda udzielona na udostępnianie danych instytucjom partnerskim sprawy{tail}."
    if member.age is not None and member.age < consent.adult_age:
        if member.id in covered_members(data, consent, frozenset()):
            return "Osoba małoletnia: zgodę na udostępnianie jej danych wyraził rodzic lub opiekun."
        return "Osoba małoletnia: brak zgody rodzica lub opiekuna – dane nie są udostępniane instytucjom partnerskim."
    return "Brak oświadczenia o zgodzie: dane nie są udostępniane instytucjom partnerskim."


def controller(case_info) -> str | None:
    """The institution leading the case as the OPS (the controller of the family's data)."""
    return next((name for role, name in case_info.participant_names if role == SOCIAL_WORKER), None)


NOTES = (
    ASSUMED,
    "Instytucje wymienione jako odbiorcy odczytywały lub zapisywały dane sprawy w czasie, gdy dane tej osoby "
    "były dla nich dostępne (według obecnego stanu jej zgody).",
)
