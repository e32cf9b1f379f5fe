"""Who may do what with a partnership's meetings, and the quorum its agreement sets.

Every institution of the partnership sees its meetings (its API tokens too, with ``meetings:read``); the
partnership's animator or PZK coordinator (a person holding "Animator" or "PZK" whose institution plays
that role in the partnership) schedules them and records attendance and decisions; closing completes the
cases' PZK tasks, so it needs a person who may do those tasks (the "PZK" role). Others get ``NotFound``:
they must not learn of it.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.access.acting import Acting
from engine.db.models import Meeting, MeetingItem, PartnershipMember
from engine.dto.meetings import Quorum
from engine.errors import NotAllowed, NotFound
from engine.roles import ANIMATOR
from engine.services.meetings.members import PzkMembers

#: The lane whose tasks are the partnership's decisions.
PZK = "PZK"
#: Who leads the partnership's meetings: the animator and the PZK coordinator.
MEETING_ROLES = frozenset({ANIMATOR, PZK})

_MEMBER = PartnershipMember.__table__


def partnerships_of(who: Acting):
    """The partnerships the actor's institution belongs to (a subquery)."""
    return select(_MEMBER.c.partnership_id).where(_MEMBER.c.institution_id == who.institution_id)


def is_member(session: Session, who: Acting, partnership_id: int) -> bool:
    """The reader's institution belongs to the partnership (a person of it, or its API token)."""
    if who.institution_id is None:
        return False
    found = select(_MEMBER.c.institution_id).where(
        _MEMBER.c.partnership_id == partnership_id, _MEMBER.c.institution_id == who.institution_id
    )
    return session.execute(found.limit(1)).first() is not None


def may_manage(session: Session, who: Acting, partnership_id: int) -> bool:
    """The person holds the animator's or the PZK role, and their institution plays it in the partnership."""
    held = who.roles & MEETING_ROLES
    if not held or who.institution_id is None or who.for_institution:
        return False
    found = select(_MEMBER.c.role).where(
        _MEMBER.c.partnership_id == partnership_id,
        _MEMBER.c.institution_id == who.institution_id,
        _MEMBER.c.role.in_(sorted(held)),
    )
    return session.execute(found.limit(1)).first() is not None


def may_close(session: Session, who: Acting, partnership_id: int) -> bool:
    return PZK in who.roles and may_manage(session, who, partnership_id)


def managed_partnerships(session: Session, who: Acting) -> list[int]:
    held = who.roles & MEETING_ROLES
    if not held or who.institution_id is None or who.for_institution:
        return []
    rows = session.execute(
        select(_MEMBER.c.partnership_id)
        .where(_MEMBER.c.institution_id == who.institution_id, _MEMBER.c.role.in_(sorted(held)))
        .distinct()
    )
    return sorted(rows.scalars())


def visible_meeting(session: Session, who: Acting, meeting_id: int) -> Meeting:
    """The meeting, for an institution of its partnership.

    Raises:
        NotFound: no such meeting, or the reader's institution is not in its partnership.
    """
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or not is_member(session, who, meeting.partnership_id):
        raise NotFound(f"Nie ma posiedzenia {meeting_id}.")
    return meeting


def managed_meeting(session: Session, who: Acting, meeting_id: int, open_only: bool = True) -> Meeting:
    meeting = visible_meeting(session, who, meeting_id)
    if not may_manage(session, who, meeting.partnership_id):
        raise NotAllowed("Posiedzenia PZK prowadzi animator lub koordynator PZK tego partnerstwa.")
    if open_only and meeting.status == "closed":
        raise NotAllowed("Posiedzenie jest zamknięte: jego zapisów nie można już zmienić.")
    return meeting


def quorum(members: PzkMembers, present: int) -> Quorum:
    """How many of the PZK's members must be present: the agreement's number, else more than half."""
    count = len(members.institutions)
    agreed = members.agreed_quorum
    required = agreed if agreed is not None else count // 2 + 1
    return Quorum(
        present=present,
        members=count,
        required=required,
        from_agreement=agreed is not None,
        members_from_process=members.from_process,
    )


def count_items(session: Session, meeting_ids: list[int]) -> dict[int, int]:
    if not meeting_ids:
        return {}
    rows = session.execute(
        select(MeetingItem.meeting_id, func.count())
        .where(MeetingItem.meeting_id.in_(meeting_ids))
        .group_by(MeetingItem.meeting_id)
    )
    return dict(rows.all())
