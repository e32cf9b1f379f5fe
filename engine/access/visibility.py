"""Who may see a case: need-to-know rules every service applies before it reads case data.

- An institution sees a case once it is *admitted* (``case_participant.admitted_at``): the leading
  roles (the nominating OPS and the animator) from the start; an invited role when the invitation is
  decided; any role when a task of that role opens. Being in the partnership is not enough.
- A person sees it in the roles they hold themselves: a PCPR specialist does not see the cases the
  PCPR takes part in only as the county animator.
- A supervisor sees the cases of the partnerships their institution belongs to; at a regional
  institution (ROPS), every case. The administrator reads no case data.
- Outsiders get ``NotVisible`` (a NotFound: they must not learn that the case exists), and the
  refusal is audited.
"""

from __future__ import annotations

from sqlalchemy import bindparam, exists, or_, select
from sqlalchemy.orm import Session

from engine.access.acting import Acting
from engine.db.models import CaseParticipant, PartnershipMember, ProcessInstance
from engine.errors import NotAllowed, NotVisible

_PARTICIPANT, _INSTANCE, _MEMBER = CaseParticipant.__table__, ProcessInstance.__table__, PartnershipMember.__table__
_ROLES_IN_CASE = select(_PARTICIPANT.c.role).where(
    _PARTICIPANT.c.instance_id == bindparam("case_id"),
    _PARTICIPANT.c.institution_id == bindparam("institution_id"),
    _PARTICIPANT.c.admitted_at.is_not(None),
)
_CASE_EXISTS = select(_INSTANCE.c.id).where(_INSTANCE.c.id == bindparam("case_id"))


def roles_in_case(session: Session, case_id: str, institution_id: int | None) -> frozenset[str]:
    """The roles the institution plays in the case and is admitted to (empty: it may not see the case)."""
    if institution_id is None:
        return frozenset()
    rows = session.execute(_ROLES_IN_CASE, {"case_id": case_id, "institution_id": institution_id})
    return frozenset(rows.scalars())


def participates(session: Session, case_id: str, institution_id: int | None) -> bool:
    return bool(roles_in_case(session, case_id, institution_id))


def visible_cases(who: Acting):
    """A condition on ``process_instance``: the cases ``who`` may see (for lists and counts).

    The one place that says which cases a list shows. A correlated ``EXISTS`` per case, so a list
    can walk its newest-first index and stop after a page instead of sorting every admitted case.
    """
    if who.is_system or (who.supervises and who.regional):
        return _INSTANCE.c.id.is_not(None)
    if who.for_institution:  # an API token: every case its institution is admitted to, in any role
        return exists().where(
            _PARTICIPANT.c.instance_id == _INSTANCE.c.id,
            _PARTICIPANT.c.institution_id == who.institution_id,
            _PARTICIPANT.c.admitted_at.is_not(None),
        )
    admitted = exists().where(
        _PARTICIPANT.c.instance_id == _INSTANCE.c.id,
        _PARTICIPANT.c.institution_id == who.institution_id,
        _PARTICIPANT.c.admitted_at.is_not(None),
        _PARTICIPANT.c.role.in_(sorted(who.roles)),
    )
    if not who.supervises:
        return admitted
    return institution_scope(who)


def visible_case_ids(who: Acting):
    """The ids of the cases ``who`` may see as a query of ``case_participant`` alone (a list's count walks
    its index and reads no case), or None when the scope is not the institution's participations only
    (the system, supervisors). Same rule as ``visible_cases``: ``id IN visible_case_ids(who)`` lets the
    same cases through (``tests/engine/test_list_counts.py``)."""
    if who.is_system or (who.supervises and who.regional):
        return None
    found = select(_PARTICIPANT.c.instance_id).where(
        _PARTICIPANT.c.institution_id == who.institution_id, _PARTICIPANT.c.admitted_at.is_not(None)
    )
    if who.for_institution:
        return found
    if who.supervises:
        return None
    return found.where(_PARTICIPANT.c.role.in_(sorted(who.roles)))


def institution_scope(who: Acting):
    """A condition on ``process_instance``: the cases in the scope of ``who``'s institution (see
    ``in_institution_scope``)."""
    if who.regional:
        return _INSTANCE.c.id.is_not(None)
    of_institution = exists().where(
        _PARTICIPANT.c.instance_id == _INSTANCE.c.id,
        _PARTICIPANT.c.institution_id == who.institution_id,
        _PARTICIPANT.c.admitted_at.is_not(None),
    )
    # the partnership first: read from the case row itself, it spares most cases the probe of participants
    return or_(_INSTANCE.c.partnership_id.in_(_partnerships_of(who)), of_institution)


def supervises_case(session: Session, who: Acting, case_id: str) -> bool:
    """Whether ``who`` is a supervisor whose scope holds the case."""
    return who.supervises and in_institution_scope(session, who, case_id)


def in_institution_scope(session: Session, who: Acting, case_id: str) -> bool:
    """Whether the case is in the scope of ``who``'s institution: a case of a partnership it belongs to
    or one it is admitted to; at a regional institution, every case (supervisors, the data-protection
    officer)."""
    if who.regional:
        return True
    in_scope = select(_INSTANCE.c.id).where(
        _INSTANCE.c.id == case_id,
        or_(_INSTANCE.c.partnership_id.in_(_partnerships_of(who)), _INSTANCE.c.id.in_(_of_institution(who))),
    )
    return session.execute(in_scope).first() is not None


def _of_institution(who: Acting):
    """The cases the supervisor's own institution is admitted to, in any role."""
    return select(_PARTICIPANT.c.instance_id).where(
        _PARTICIPANT.c.institution_id == who.institution_id, _PARTICIPANT.c.admitted_at.is_not(None)
    )


def _partnerships_of(who: Acting):
    return select(_MEMBER.c.partnership_id).where(_MEMBER.c.institution_id == who.institution_id)


def require_visible(
    session: Session, who: Acting, case_id: str, action: str = "case.read", admitted: frozenset[str] | None = None
) -> frozenset[str]:
    """The roles the actor holds and their institution plays (admitted) in the case; empty for the system
    and for supervisors who see the case through their scope. ``admitted``: the roles the institution is
    admitted to in the case, when the caller read them already (``roles_in_case``).

    Raises:
        NotVisible: no such case, or the actor may not see it (audited as ``<action>.refused``).
    """
    if who.is_system:
        if session.execute(_CASE_EXISTS, {"case_id": case_id}).first() is None:
            raise NotVisible(f"Nie ma sprawy {case_id}.", None, None, action)
        return frozenset()
    if admitted is None:
        admitted = roles_in_case(session, case_id, who.institution_id)
    roles = who.own(admitted)
    if not roles and not supervises_case(session, who, case_id):
        known = session.execute(_CASE_EXISTS, {"case_id": case_id}).first() is not None
        raise NotVisible(f"Nie ma sprawy {case_id}.", who.id, case_id if known else None, action, who.token)
    return roles


def require_supervisor(who: Acting, what: str) -> None:
    if not who.is_system and not who.supervises:
        raise NotAllowed(f"Tylko superwizor może {what}.")
