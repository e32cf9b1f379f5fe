"""The runtime's reads and team changes: the case summary, the lists of cases, a case's data, who takes part."""

from __future__ import annotations

from sqlalchemy import delete

from engine.access.acting import Acting, acting, require_operation
from engine.access.audit import audit
from engine.access.visibility import require_supervisor, require_visible
from engine.bpmn import runner
from engine.db.models import CaseParticipant
from engine.dto import Actor, CaseInfo
from engine.errors import NotAllowed
from engine.roles import TEAM_EDITORS
from engine.store.case_rows import case_info
from engine.store.cases import checkout
from engine.store.context import EngineContext


class CaseReading:
    """Part of ``RuntimeService``: reading cases and changing who takes part in one."""

    _ctx: EngineContext

    def add_participant(self, actor: Actor, case_id: str, role: str, institution_id: int) -> CaseInfo:
        """Let ``institution_id`` play ``role`` in the case (an animator or supervisor decides)."""
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = _team_editor(session, actor, case_id)
            session.merge(
                CaseParticipant(instance_id=case_id, role=role, institution_id=institution_id, admitted_at=now)
            )
            audit(session, now, who, "case.participant", case_id, role=role, institution_id=institution_id)
            return case_info(session, case_id)

    def remove_participant(self, actor: Actor, case_id: str, role: str, institution_id: int) -> CaseInfo:
        """The institution no longer plays ``role`` in the case; without another role there, it loses access at once."""
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = _team_editor(session, actor, case_id)
            session.execute(
                delete(CaseParticipant).where(
                    CaseParticipant.instance_id == case_id,
                    CaseParticipant.role == role,
                    CaseParticipant.institution_id == institution_id,
                )
            )
            audit(session, now, who, "case.participant_removed", case_id, role=role, institution_id=institution_id)
            return case_info(session, case_id)

    def case(self, actor: Actor, case_id: str) -> CaseInfo:
        """The case summary, for its participants and supervisors (read is audited)."""
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            require_operation(who, "cases:read")
            require_visible(session, who, case_id)
            audit(session, now, who, "case.read", case_id)
            return case_info(session, case_id)

    def case_data(self, actor: Actor, case_id: str) -> dict:
        """The case's current data (supervisors and the system only; read is audited)."""
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            require_supervisor(who, "przeglądać pełne dane sprawy")
            require_visible(session, who, case_id, "case.read_data")
            case = checkout(session, self._ctx, case_id)
            audit(session, now, who, "case.read_data", case_id)
            data = runner.case_data(case.workflow)
            self._ctx.workflows.put(case.id, case)
            return data


def _team_editor(session, actor: Actor, case_id: str) -> Acting:
    """The acting user, if they may change who takes part in the case (its animator or a supervisor)."""
    who = acting(session, actor)
    require_visible(session, who, case_id)
    if not who.is_system and not who.roles & TEAM_EDITORS:
        raise NotAllowed("Tylko animator lub superwizor może zmieniać skład zespołu sprawy.")
    return who
