"""What one reader may see of one case: which sections of its file, whose members' data.

Built from the model's visibility table (``access.table``), the roles the reader's institution is
admitted to in the case (``access.visibility``) and the members' consent (``access.consent``).
Supervisors and the leading roles (the OPS worker, the animator) see the whole file; a deployment
without a visibility table shows the whole file to everyone admitted to the case.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.access.acting import Acting
from engine.access.consent import covered_members, without_uncovered
from engine.access.table import Section, VisibilityTable
from engine.errors import NotAllowed


@dataclass(frozen=True)
class Reader:
    """One reader of one case. ``sections`` None: every section; ``covered`` None: every member."""

    who: Acting
    roles: frozenset[str]
    table: VisibilityTable | None
    sections: frozenset[str] | None
    covered: frozenset[str] | None
    members: frozenset[str]

    @property
    def whole_file(self) -> bool:
        return self.sections is None

    def may_read(self, section_id: str) -> bool:
        return self.sections is None or section_id in self.sections

    def require(self, section_id: str, what: str) -> None:
        """Raises NotAllowed unless the reader may read the section."""
        if not self.may_read(section_id):
            raise NotAllowed(f"Twoja rola w tej sprawie nie obejmuje dostępu do: {what}.")

    def sees_entry(self, section: Section, role: str) -> bool:
        """An entry of ``section`` made in ``role``: in an own-only section, only that role's institutions see it."""
        return self.sections is None or not section.own_only or role in self.roles

    def filtered(self, value):
        """``value`` without the data of members whose consent does not reach this reader."""
        if self.covered is None or self.table is None:
            return value
        return without_uncovered(value, self.covered, self.table.consent, self.members)


def reader_of(who: Acting, roles: frozenset[str], table: VisibilityTable | None, data: dict) -> Reader:
    """The reader ``who`` (whose institution is admitted to the case in ``roles``) of a case whose current
    data is ``data``. A person reads in the roles they hold themselves: a GOPS clerk of the case team does
    not read as the GOPS social worker. An API token reads for its institution, in every role it is in."""
    roles = who.own(roles)
    members = _member_ids(data, table)
    if who.is_system or who.supervises or table is None or roles & table.lead_roles:
        return Reader(who, roles, table, None, None, members)
    return Reader(who, roles, table, table.readable(roles), covered_members(data, table.consent, roles), members)


def _member_ids(data: dict, table: VisibilityTable | None) -> frozenset[str]:
    if table is None:
        return frozenset()
    household = data.get(table.consent.members)
    if not isinstance(household, list):
        return frozenset()
    return frozenset(m["id"] for m in household if isinstance(m, dict) and isinstance(m.get("id"), str))
