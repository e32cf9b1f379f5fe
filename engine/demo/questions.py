"""Questions the demo families' workers asked the ROPS model team: one waiting in the legal consultant's
queue, one urgent question the adviser has answered. Asked only in cases this run created, so a second
run asks nothing."""

from __future__ import annotations

from dataclasses import dataclass

from engine import Engine
from engine.demo.directory import AN, PS
from engine.demo.report import DemoCase
from engine.dto import Actor
from engine.roles import ADVISER, LEGAL_CONSULTANT


@dataclass(frozen=True)
class DemoQuestion:
    business_key: str
    asker: str  # the role whose demo user asks
    to_role: str
    urgent: bool
    text: str
    answer: str | None  # given by the demo user holding ``to_role``


QUESTIONS = (
    DemoQuestion(
        "KOOP/2026/0002",
        PS,
        LEGAL_CONSULTANT,
        False,
        "Robert nie podpisał jeszcze oświadczenia o zgodzie. Czy szkoła może wziąć udział w diagnozie Oliwii "
        "na podstawie zgody samej Agnieszki?",
        None,
    ),
    DemoQuestion(
        "KOOP/2026/0003",
        AN,
        ADVISER,
        True,
        "Babcia Helena (79 lat) zostanie sama, gdy Beata pojedzie z Kubą na turnus. Jak zaplanować opiekę nad "
        "nią na ten czas?",
        "Proszę ująć w planie opiekę wytchnieniową z koszyka usług na czas turnusu i uzgodnić z GOPS usługi "
        "opiekuńcze; formę wsparcia warto omówić z rodziną na warsztacie diagnostycznym.",
    ),
)


def ensure_questions(engine: Engine, acting: dict[str, Actor], cases: tuple[DemoCase, ...]) -> None:
    new = {case.business_key: case.case_id for case in cases if case.new}
    for question in QUESTIONS:
        if question.business_key not in new:
            continue
        asked = engine.questions.ask(
            acting[question.asker], new[question.business_key], question.to_role, question.text, question.urgent
        )
        if question.answer is not None:
            engine.questions.answer(acting[question.to_role], asked.id, question.answer)
