"""Rows of the ``advice_question`` table: questions to the ROPS model team and their answers."""

from __future__ import annotations

from sqlalchemy import and_, false, insert, or_, select, update
from sqlalchemy.orm import Session, aliased

from engine.db.models import AdviceQuestion, HumanTask, Institution, ProcessInstance, User
from engine.dto.questions import ANSWERED, OVERDUE
from engine.roles import SUPERVISOR

_QUESTION, _INSTANCE, _HUMAN = AdviceQuestion.__table__, ProcessInstance.__table__, HumanTask.__table__
_INSTITUTION = Institution.__table__
_ASKER, _ANSWERER = aliased(User), aliased(User)
_ROWS = (
    select(
        _QUESTION,
        _INSTANCE.c.business_key,
        _INSTANCE.c.stage,
        _INSTANCE.c.definition_id,
        _INSTANCE.c.partnership_id,
        _HUMAN.c.name.label("task_name"),
        _HUMAN.c.bpmn_id.label("task_bpmn_id"),
        _HUMAN.c.role.label("task_role"),
        _HUMAN.c.institution.label("task_meant_for"),
        _ASKER.display_name.label("asker_name"),
        _INSTITUTION.c.name.label("institution_name"),
        _ANSWERER.display_name.label("answerer_name"),
    )
    .join(_INSTANCE, _INSTANCE.c.id == _QUESTION.c.instance_id)
    .outerjoin(_HUMAN, _HUMAN.c.id == _QUESTION.c.task_id)
    .outerjoin(_ASKER, _ASKER.id == _QUESTION.c.asked_by)
    .outerjoin(_INSTITUTION, _INSTITUTION.c.id == _QUESTION.c.asked_institution_id)
    .outerjoin(_ANSWERER, _ANSWERER.id == _QUESTION.c.answered_by)
)
#: How many questions one list shows at most (the oldest deadlines first, for a queue).
LIMIT = 200


def add(session: Session, values: dict) -> int:
    return session.execute(insert(_QUESTION).values(**values)).inserted_primary_key[0]


def one(session: Session, question_id: int):
    return session.execute(_ROWS.where(_QUESTION.c.id == question_id)).first()


def of_case(session: Session, case_id: str) -> list:
    rows = session.execute(_ROWS.where(_QUESTION.c.instance_id == case_id).order_by(_QUESTION.c.id))
    return list(rows)


def asked_by(session: Session, user_id: int) -> list:
    query = _ROWS.where(_QUESTION.c.asked_by == user_id).order_by(_QUESTION.c.id.desc()).limit(LIMIT)
    return list(session.execute(query))


def queue(session: Session, roles: frozenset[str], supervised, state: str, now) -> list:
    """Questions for ``roles`` (held outright), and for the supervisor role in the cases ``supervised``
    selects (a condition on ``process_instance``; None: the actor supervises no case), in ``state``."""
    mine = [_QUESTION.c.to_role.in_(sorted(roles - {SUPERVISOR}))]
    if supervised is not None:
        mine.append(and_(_QUESTION.c.to_role == SUPERVISOR, supervised))
    query = _ROWS.where(or_(*mine) if mine else false())
    if state == ANSWERED:
        query = query.where(_QUESTION.c.answered_at.is_not(None)).order_by(_QUESTION.c.answered_at.desc())
    else:
        query = query.where(_QUESTION.c.answered_at.is_(None))
        if state == OVERDUE:
            query = query.where(_QUESTION.c.due_at < now)
        query = query.order_by(_QUESTION.c.due_at, _QUESTION.c.id)
    return list(session.execute(query.limit(LIMIT)))


def answer(session: Session, question_id: int, text: str, by: int | None, at) -> bool:
    """Write the answer unless someone answered first; whether this one was written."""
    done = session.execute(
        update(_QUESTION)
        .where(_QUESTION.c.id == question_id, _QUESTION.c.answered_at.is_(None))
        .values(answer=text, answered_by=by, answered_at=at)
    )
    return done.rowcount == 1
