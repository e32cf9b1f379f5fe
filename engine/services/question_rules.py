"""What the questions to the ROPS model team follow: their deadlines in working days, who answers them,
and who sees them in the case (the need-to-know rules of the task they were asked from)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from engine.access.acting import Acting
from engine.access.need_to_know import Reader
from engine.access.table import VisibilityTable
from engine.access.visibility import roles_in_case, supervises_case
from engine.dto.questions import Question
from engine.errors import FieldError
from engine.jobs.mail_templates import LOCAL
from engine.roles import ADVICE_ROLES, SUPERVISOR

#: Working days the team has to answer: an urgent question (a crisis) by the next working day.
URGENT_DAYS, NORMAL_DAYS = 1, 5
MAX_TEXT = 5000


def due_at(asked_at: datetime, urgent: bool) -> datetime:
    return add_working_days(asked_at, URGENT_DAYS if urgent else NORMAL_DAYS)


def add_working_days(moment: datetime, days: int) -> datetime:
    """``moment`` moved on by ``days`` working days (Monday to Friday, Polish time; public holidays are
    not known here), at the same hour of the day."""
    local = moment.astimezone(LOCAL)
    while days > 0:
        local += timedelta(days=1)  # aware arithmetic keeps the wall-clock hour across a DST change
        if local.weekday() < 5:
            days -= 1
    return local.astimezone(UTC)


def text_problems(field: str, text: str, empty: str) -> list[FieldError]:
    if not text:
        return [FieldError(field, empty)]
    if len(text) > MAX_TEXT:
        return [FieldError(field, f"Tekst może mieć najwyżej {MAX_TEXT} znaków.")]
    return []


def role_problems(role: str) -> list[FieldError]:
    if role in ADVICE_ROLES:
        return []
    return [FieldError("adresat", "Wybierz, kogo pytasz: doradcę, konsultanta prawnego albo superwizora.")]


def answers(session: Session, who: Acting, row) -> bool:
    """Whether ``who`` is on the team the question is for: holds its role and, for the supervisor role,
    supervises its case."""
    if row.to_role not in who.roles:
        return False
    return row.to_role != SUPERVISOR or supervises_case(session, who, row.instance_id)


def sees_case(session: Session, who: Acting, case_id: str) -> bool:
    """Whether ``who`` may open the case file (in a role of their own, or as its supervisor)."""
    return bool(who.own(roles_in_case(session, case_id, who.institution_id))) or supervises_case(session, who, case_id)


def shown_to(reader: Reader, row, table: VisibilityTable | None) -> bool:
    """Whether the case file shows the question to ``reader``: the asker, those who read the whole file,
    and those who may read the entries of the task it was asked from."""
    if row.asked_by == reader.who.id or reader.whole_file:
        return True
    if row.task_bpmn_id is None or table is None:
        return False
    section = table.section_of_task(row.task_bpmn_id)
    return (
        section is not None
        and reader.may_read(section.id)
        and reader.sees_entry(section, row.task_role)
        and reader.who.may_see_task_of(row.task_role, row.task_meant_for)
    )


def question_of(row, may_answer: bool = False, may_open_case: bool = False) -> Question:
    return Question(
        id=row.id,
        case_id=row.instance_id,
        business_key=row.business_key,
        stage=row.stage,
        task_id=row.task_id,
        task_name=row.task_name,
        to_role=row.to_role,
        urgent=bool(row.urgent),
        question=row.question,
        asked_by=row.asker_name,
        institution=row.institution_name,
        asked_at=row.asked_at,
        due_at=row.due_at,
        answer=row.answer,
        answered_by=row.answerer_name,
        answered_at=row.answered_at,
        may_answer=may_answer and row.answered_at is None,
        may_open_case=may_open_case,
    )
