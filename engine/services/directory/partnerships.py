"""Partnerships (PZK): which institution plays which role; a new case copies its partnership's members.

Changing a partnership changes the cases started afterwards; a running case keeps the participants it
was started with (``runtime.add_participant`` changes those).
"""

from __future__ import annotations

from sqlalchemy import delete, select

from engine.db.models import CaseParticipant, Institution, Partnership, PartnershipMember, ProcessInstance
from engine.dto import Actor, PartnershipInfo
from engine.errors import NotFound
from engine.services.directory.common import DirectoryPart, Fields, flush_unique, get, partnership_info


class Partnerships(DirectoryPart):
    def add_partnership(
        self, actor: Actor, name: str, gmina: str | None, members: list[tuple[int, str]]
    ) -> PartnershipInfo:
        """A PZK with its members: (institution id, the role that institution plays) (administrators only;
        audited as ``partnership.add``).

        Raises:
            NotAllowed: the actor is not an administrator.
            NotFound: a member institution does not exist.
            InvalidFormData: empty name or role.
            Conflict: another partnership has this name.
        """
        with self._ctx.transaction() as session:
            who = self._admin(session, actor, "zarządzać partnerstwami")
            name, gmina, members = _checked(session, name, gmina, members)
            row = Partnership(name=name, gmina=gmina, created_at=self._ctx.clock.now())
            session.add(row)
            flush_unique(session, f"Partnerstwo {name} już istnieje.")
            _add_members(session, row.id, members)
            self._audit(session, who, "partnership.add", partnership_id=row.id, name=name, members=members)
            return partnership_info(session, row)

    def update_partnership(
        self, actor: Actor, partnership_id: int, name: str, gmina: str | None, members: list[tuple[int, str]]
    ) -> PartnershipInfo:
        """Rename a PZK and replace its members (administrators only; audited as ``partnership.update``).

        A member that no longer plays a role in the PZK stops playing it in the PZK's cases at once
        (existing cases too): it loses access unless it plays another role there.

        Raises:
            NotAllowed: the actor is not an administrator.
            NotFound: no such partnership, or a member institution does not exist.
            InvalidFormData: empty name or role.
            Conflict: another partnership has this name.
        """
        with self._ctx.transaction() as session:
            who = self._admin(session, actor, "zarządzać partnerstwami")
            row = get(session, Partnership, partnership_id, "partnerstwa")
            name, gmina, members = _checked(session, name, gmina, members)
            row.name, row.gmina = name, gmina  # after _checked's query: its autoflush must not meet a taken name
            flush_unique(session, f"Partnerstwo {row.name} już istnieje.")
            before = _member_pairs(session, partnership_id)
            session.execute(delete(PartnershipMember).where(PartnershipMember.partnership_id == partnership_id))
            _add_members(session, partnership_id, members)
            _revoke_from_cases(session, partnership_id, before - {(i, r) for i, r in members})
            self._audit(
                session, who, "partnership.update", partnership_id=partnership_id, name=row.name, members=members
            )
            return partnership_info(session, row)

    def partnership(self, partnership_id: int) -> PartnershipInfo:
        """One partnership with its members.

        Raises:
            NotFound: no such partnership.
        """
        with self._ctx.transaction(write=False) as session:
            return partnership_info(session, get(session, Partnership, partnership_id, "partnerstwa"))

    def partnerships(self) -> list[PartnershipInfo]:
        """Every partnership, by name."""
        with self._ctx.transaction(write=False) as session:
            rows = session.execute(select(Partnership).order_by(Partnership.name)).scalars().all()
            return [partnership_info(session, row) for row in rows]

    def partnerships_of(self, institution_id: int) -> list[PartnershipInfo]:
        """The partnerships the institution is a member of (in any role), by name: where its people may
        start a case.

        Raises:
            NotFound: no such institution.
        """
        with self._ctx.transaction(write=False) as session:
            get(session, Institution, institution_id, "instytucji")
            member_of = select(PartnershipMember.partnership_id).where(
                PartnershipMember.institution_id == institution_id
            )
            rows = session.execute(
                select(Partnership).where(Partnership.id.in_(member_of)).order_by(Partnership.name)
            ).scalars()
            return [partnership_info(session, row) for row in rows.all()]


def _checked(session, name: str, gmina: str | None, members: list[tuple[int, str]]):
    """The cleaned name, gmina and members (sorted, without repeats); member institutions must exist."""
    fields = Fields()
    name = fields.text("name", name, "Podaj nazwę partnerstwa.", 200)
    gmina = fields.optional("gmina", gmina, 120)
    fields.roles("members", [role for _institution, role in members])
    fields.check()
    cleaned = sorted({(int(institution_id), role.strip()) for institution_id, role in members})
    wanted = {institution_id for institution_id, _role in cleaned}
    known = session.execute(select(Institution.id).where(Institution.id.in_(wanted))).scalars() if wanted else []
    missing = sorted(wanted - set(known))
    if missing:
        raise NotFound(f"Nie ma instytucji o identyfikatorze {missing[0]}.")
    return name, gmina, cleaned


def _add_members(session, partnership_id: int, members: list[tuple[int, str]]) -> None:
    session.add_all(
        PartnershipMember(partnership_id=partnership_id, institution_id=institution_id, role=role)
        for institution_id, role in members
    )
    session.flush()


def _member_pairs(session, partnership_id: int) -> set[tuple[int, str]]:
    rows = session.execute(
        select(PartnershipMember.institution_id, PartnershipMember.role).where(
            PartnershipMember.partnership_id == partnership_id
        )
    )
    return {(row.institution_id, row.role) for row in rows}


def _revoke_from_cases(session, partnership_id: int, removed: set[tuple[int, str]]) -> None:
    cases = select(ProcessInstance.id).where(ProcessInstance.partnership_id == partnership_id)
    for institution_id, role in removed:
        session.execute(
            delete(CaseParticipant).where(
                CaseParticipant.instance_id.in_(cases),
                CaseParticipant.institution_id == institution_id,
                CaseParticipant.role == role,
            )
        )
