"""Questions to the ROPS model team: from a task or a case a worker asks the adviser, the legal consultant
or the supervisor, urgent or not; the question waits in that role's queue with its deadline, and the
answer comes back into the case, shown to those who may see the task it was asked from.

The question and the answer are case data: every read and write is audited (``question.*``).

    asked = engine.questions.ask(actor, case_id, "Doradca", "Jak zaplanować wsparcie?", urgent=True, task_id=t)
    waiting = engine.questions.queue(adviser, "overdue")
    engine.questions.answer(adviser, asked.id, "Proponuję ...")
    engine.questions.of_case(actor, case_id)
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from engine.access.acting import Acting, acting
from engine.access.audit import audit
from engine.access.need_to_know import reader_of
from engine.access.table import table_of
from engine.access.visibility import institution_scope, require_visible, roles_in_case
from engine.dto import Actor
from engine.dto.questions import OPEN, QUEUE_STATES, Question
from engine.errors import Conflict, InvalidFormData, NotAllowed, NotFound, NotVisible
from engine.jobs import question_notices
from engine.jobs.queue import enqueue
from engine.roles import ADVICE_ROLES, SUPERVISOR
from engine.services import question_rules as rules
from engine.services.task_guards import require_task_visible
from engine.store import questions as rows
from engine.store.context import EngineContext
from engine.store.task_rows import load


class QuestionService:
    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def ask(
        self, actor: Actor, case_id: str, to_role: str, text: str, urgent: bool = False, task_id: str | None = None
    ) -> Question:
        """Queue a question for ``to_role`` (one of ``roles.ADVICE_ROLES``) about the case, from one of its
        tasks when ``task_id`` is given; due in 1 working day when urgent, else 5. Audited as ``question.ask``.

        Raises:
            NotFound: no such case or task, or the actor may not see it.
            NotAllowed: not a person (the system, an API token).
            InvalidFormData: no such team role, or no question.
        """
        now = self._ctx.clock.now()
        text = (text or "").strip()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            if who.is_system or who.for_institution:
                raise NotAllowed("Pytanie do zespołu ROPS zadaje pracownik instytucji.")
            require_visible(session, who, case_id, "question.ask")
            if task_id is not None:
                task = load(session, task_id)
                if task.instance_id != case_id:
                    raise NotFound(f"W tej sprawie nie ma zadania {task_id}.")
                require_task_visible(session, who, task, "question.ask")
            problems = rules.role_problems(to_role) + rules.text_problems("tresc", text, "Wpisz pytanie.")
            if problems:
                raise InvalidFormData(problems)
            question_id = rows.add(
                session,
                {
                    "instance_id": case_id,
                    "task_id": task_id,
                    "to_role": to_role,
                    "urgent": bool(urgent),
                    "question": text,
                    "asked_by": who.id,
                    "asked_institution_id": who.institution_id,
                    "asked_at": now,
                    "due_at": rules.due_at(now, bool(urgent)),
                },
            )
            audit(session, now, who, "question.ask", case_id, task_id, pytanie=question_id, do=to_role, pilne=urgent)
            enqueue(session, [question_notices.new_question_job(question_id, case_id, now)], now)
            return rules.question_of(rows.one(session, question_id))

    def queue(self, actor: Actor, state: str = OPEN) -> tuple[Question, ...]:
        """The questions for the team roles the actor holds (a supervisor: in the cases of their scope), in
        ``state`` (``open``, ``answered``, ``overdue``), the nearest deadline first. Audited per question.

        Raises:
            NotAllowed: the actor holds no team role.
        """
        if state not in QUEUE_STATES:
            raise NotFound(f"Nieznany stan pytań: {state}.")
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            held = who.roles & set(ADVICE_ROLES)
            if not held or who.is_system:
                raise NotAllowed("Pytania do zespołu ROPS czytają doradcy, konsultanci prawni i superwizorzy.")
            supervised = institution_scope(who) if SUPERVISOR in held else None
            found = rows.queue(session, frozenset(held), supervised, state, now)
            return tuple(self._for_team(session, who, row, now) for row in found)

    def question(self, actor: Actor, question_id: int) -> Question:
        """One question, for the team member it is for, or a reader of the case who may see it there (its
        asker among them, while their institution sees the case). Audited as ``question.read``.

        Raises:
            NotFound: no such question, or the actor may not see it.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            row = rows.one(session, question_id)
            if row is None:
                raise NotFound(f"Nie ma pytania {question_id}.")
            if rules.answers(session, who, row):
                return self._for_team(session, who, row, now)
            if not rules.sees_case(session, who, row.instance_id) or not self._shown(session, who, row):
                raise NotVisible(f"Nie ma pytania {question_id}.", who.id, row.instance_id, "question.read", who.token)
            audit(session, now, who, "question.read", row.instance_id, row.task_id, pytanie=row.id)
            return rules.question_of(row, may_open_case=True)

    def answer(self, actor: Actor, question_id: int, text: str) -> Question:
        """Answer a question of one's team role; the asker is told by e-mail. Audited as ``question.answer``.

        Raises:
            NotFound: no such question.
            NotAllowed: the question is for another role (or a case outside a supervisor's scope).
            InvalidFormData: no answer.
            Conflict: it has been answered already.
        """
        now = self._ctx.clock.now()
        text = (text or "").strip()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            row = rows.one(session, question_id)
            if row is None:
                raise NotFound(f"Nie ma pytania {question_id}.")
            if not rules.answers(session, who, row):
                raise NotAllowed(f"Na to pytanie odpowiada rola „{row.to_role}”.")
            problems = rules.text_problems("odpowiedz", text, "Wpisz odpowiedź.")
            if problems:
                raise InvalidFormData(problems)
            if not rows.answer(session, question_id, text, who.id, now):
                raise Conflict("Na to pytanie już odpowiedziano.")
            audit(session, now, who, "question.answer", row.instance_id, row.task_id, pytanie=question_id)
            enqueue(session, [question_notices.answered_job(question_id, row.instance_id, now)], now)
            opens = rules.sees_case(session, who, row.instance_id)
            return rules.question_of(rows.one(session, question_id), may_open_case=opens)

    def of_case(self, actor: Actor, case_id: str) -> tuple[Question, ...]:
        """The questions asked in the case that the actor may see, oldest first. Audited as ``question.read``.

        Raises:
            NotFound: no such case, or the actor may not see it.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            require_visible(session, who, case_id, "question.read")
            shown = [row for row in rows.of_case(session, case_id) if self._shown(session, who, row)]
            if shown:
                audit(session, now, who, "question.read", case_id, pytania=[row.id for row in shown])
            return tuple(rules.question_of(row, rules.answers(session, who, row), True) for row in shown)

    def mine(self, actor: Actor) -> tuple[Question, ...]:
        """The questions the actor asked in the cases they still see, newest first, with their answers.
        Audited per question."""
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            if who.id is None:
                return ()
            found = rows.asked_by(session, who.id)
            sees = {case_id: rules.sees_case(session, who, case_id) for case_id in {row.instance_id for row in found}}
            found = [row for row in found if sees[row.instance_id]]  # an institution that left the case reads no answer
            for row in found:
                audit(session, now, who, "question.read", row.instance_id, row.task_id, pytanie=row.id)
            return tuple(rules.question_of(row, may_open_case=True) for row in found)

    def _for_team(self, session: Session, who: Acting, row, now) -> Question:
        audit(session, now, who, "question.read", row.instance_id, row.task_id, pytanie=row.id)
        return rules.question_of(row, rules.answers(session, who, row), rules.sees_case(session, who, row.instance_id))

    def _shown(self, session: Session, who: Acting, row) -> bool:
        roles = who.own(roles_in_case(session, row.instance_id, who.institution_id))
        table = table_of(self._ctx.definitions.get(session, row.definition_id))
        return rules.shown_to(reader_of(who, roles, table, {}), row, table)
