"""Who the quorum counts: the PZK's members as the partnership's own process records them.

The directory lists every institution working with the partnership, service providers and the ROPS
included; the PZK itself is smaller. The process ``kooperacja_pzk`` records who joined: the roles whose
declaration of accession said yes (``czlonkowie_pzk``), besides the gmina's institution that leads the
PZK under the agreement (it holds the "PZK" role and makes no declaration). When the partnership has no
such record yet (no process, or declarations still open), the directory's members are counted instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.bpmn import steps
from engine.db.models import PartnershipMember, ProcessInstance
from engine.errors import NotFound
from engine.store.cases import checkout
from engine.store.context import EngineContext

#: The process that makes the partnership's agreement, its quorum field and the roles that joined the PZK.
AGREEMENT_PROCESS, QUORUM_FIELD, JOINED_FIELD = "kooperacja_pzk", "kworum_posiedzen", "czlonkowie_pzk"
#: The role of the institution leading the PZK (the agreement's gmina party): a member without declaring.
LEADING_ROLE = "PZK"

_MEMBER = PartnershipMember.__table__


@dataclass(frozen=True)
class PzkMembers:
    """The institutions the quorum counts; ``from_process`` False: the directory's, for lack of a record."""

    institutions: list[int]
    from_process: bool
    agreed_quorum: int | None


def directory_members(session: Session, partnership_id: int) -> list[int]:
    rows = session.execute(
        select(_MEMBER.c.institution_id).where(_MEMBER.c.partnership_id == partnership_id).distinct()
    )
    return sorted(rows.scalars())


def pzk_members(session: Session, ctx: EngineContext, partnership_id: int) -> PzkMembers:
    data = _agreement_data(session, ctx, partnership_id)
    agreed = _positive_int(data.get(QUORUM_FIELD))
    joined = data.get(JOINED_FIELD)
    if not isinstance(joined, list):
        return PzkMembers(directory_members(session, partnership_id), False, agreed)
    roles = sorted({LEADING_ROLE, *(role for role in joined if isinstance(role, str))})
    rows = session.execute(
        select(_MEMBER.c.institution_id)
        .where(_MEMBER.c.partnership_id == partnership_id, _MEMBER.c.role.in_(roles))
        .distinct()
    )
    institutions = sorted(rows.scalars())
    if not institutions:  # no institution of the directory plays those roles: count by the directory
        return PzkMembers(directory_members(session, partnership_id), False, agreed)
    return PzkMembers(institutions, True, agreed)


def _agreement_data(session: Session, ctx: EngineContext, partnership_id: int) -> dict:
    """The data of the partnership's newest ``kooperacja_pzk`` case (empty when there is none)."""
    case_id = session.execute(
        select(ProcessInstance.id)
        .where(ProcessInstance.partnership_id == partnership_id, ProcessInstance.process_id == AGREEMENT_PROCESS)
        .order_by(ProcessInstance.created_at.desc(), ProcessInstance.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if case_id is None:
        return {}
    try:
        case = checkout(session, ctx, case_id)
    except NotFound:  # erased after its retention period
        return {}
    try:
        return dict(steps.current_data(case.workflow))
    finally:
        ctx.workflows.put(case.id, case)


def _positive_int(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None
