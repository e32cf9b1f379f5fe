"""Institutions: the OPS, PCPR, police stations, schools… whose people work on cases."""

from __future__ import annotations

from sqlalchemy import select

from engine.db.models import Institution
from engine.dto import Actor, InstitutionInfo
from engine.roles import INSTITUTION_KINDS
from engine.services.directory.common import DirectoryPart, Fields, flush_unique, get, institution_info


class Institutions(DirectoryPart):
    def add_institution(self, actor: Actor, name: str, kind: str, gmina: str | None = None) -> InstitutionInfo:
        """A new institution (administrators only; audited as ``institution.add``).

        Raises:
            NotAllowed: the actor is not an administrator.
            InvalidFormData: empty name, or ``kind`` not one of ``INSTITUTION_KINDS``.
            Conflict: another institution has this name.
        """
        with self._ctx.transaction() as session:
            who = self._admin(session, actor, "zarządzać instytucjami")
            name, kind, gmina = _checked(name, kind, gmina)
            row = Institution(name=name, kind=kind, gmina=gmina, created_at=self._ctx.clock.now())
            session.add(row)
            flush_unique(session, f"Instytucja o nazwie {name} już istnieje.")
            self._audit(session, who, "institution.add", institution_id=row.id, name=name, kind=kind, gmina=gmina)
            return institution_info(row)

    def update_institution(
        self, actor: Actor, institution_id: int, name: str, kind: str, gmina: str | None
    ) -> InstitutionInfo:
        """Rename or reclassify an institution (administrators only; audited as ``institution.update``).

        Raises:
            NotAllowed: the actor is not an administrator.
            NotFound: no such institution.
            InvalidFormData: empty name or unknown kind.
            Conflict: another institution has this name.
        """
        with self._ctx.transaction() as session:
            who = self._admin(session, actor, "zarządzać instytucjami")
            row = get(session, Institution, institution_id, "instytucji")
            row.name, row.kind, row.gmina = _checked(name, kind, gmina)
            flush_unique(session, f"Instytucja o nazwie {row.name} już istnieje.")
            self._audit(
                session, who, "institution.update", institution_id=row.id, name=row.name, kind=row.kind, gmina=row.gmina
            )
            return institution_info(row)

    def institutions(self) -> list[InstitutionInfo]:
        """Every institution, by name."""
        with self._ctx.transaction(write=False) as session:
            rows = session.execute(select(Institution).order_by(Institution.name)).scalars()
            return [institution_info(row) for row in rows]

    def institution(self, institution_id: int) -> InstitutionInfo:
        """One institution.

        Raises:
            NotFound: no such institution.
        """
        with self._ctx.transaction(write=False) as session:
            return institution_info(get(session, Institution, institution_id, "instytucji"))


def _checked(name: str, kind: str, gmina: str | None) -> tuple[str, str, str | None]:
    fields = Fields()
    values = (
        fields.text("name", name, "Podaj nazwę instytucji.", 200),
        fields.kind("kind", kind, INSTITUTION_KINDS),
        fields.optional("gmina", gmina, 120),
    )
    fields.check()
    return values
