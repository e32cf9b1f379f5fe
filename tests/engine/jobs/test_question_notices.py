"""E-mail about questions to the ROPS model team: the role asked is told of a new question (its deadline,
the case number, a link, never the question itself), the asker of the answer; a supervisor only of the
questions of cases in their scope."""

from __future__ import annotations

from engine.roles import ADVISER, LEGAL_CONSULTANT, SUPERVISOR
from tests.engine.jobs.cases import ROUTINE, start
from tests.factories import ADMIN, add_person, email_of


def _rops_team(engine):
    rops = engine.directory.add_institution(ADMIN, "ROPS w Brzozowej Woli", "ROPS").id
    adviser = add_person(engine, "m.doradczyni", rops, ADVISER, email="m.doradczyni@kooperacja.test")
    lawyer = add_person(engine, "a.prawnik", rops, LEGAL_CONSULTANT, email="a.prawnik@kooperacja.test")
    return adviser, lawyer


def test_the_adviser_is_mailed_a_new_question_and_the_asker_its_answer(engine, people, smtp):
    adviser, lawyer = _rops_team(engine)
    case = start(engine, people, ROUTINE)
    engine.worker.run_once("w1")
    smtp.messages.clear()

    question = engine.questions.ask(people.ops, case.id, ADVISER, "Rodzina w kryzysie: co najpierw?", urgent=True)
    engine.worker.run_once("w1")

    [mail] = smtp.wait_for(1)
    assert mail.to == ("m.doradczyni@kooperacja.test",)
    assert mail.subject == f"[Kooperacja] Pytanie do zespołu ROPS (pilne): sprawa {case.business_key}"
    assert "Termin odpowiedzi: 04.02.2026, godz. 10:00" in mail.body  # next working day, Warsaw time
    assert f"https://kooperacja.test/pytania/{question.id}" in mail.body
    assert "kryzysie" not in mail.body  # the question is read in the system only
    assert smtp.to(email_of(lawyer)) == []
    smtp.messages.clear()

    engine.questions.answer(adviser, question.id, "Najpierw bezpieczeństwo dzieci.")
    engine.worker.run_once("w1")

    [answer] = smtp.wait_for(1)
    assert answer.to == (email_of(people.ops),)
    assert answer.subject == f"[Kooperacja] Odpowiedź zespołu ROPS na Twoje pytanie: sprawa {case.business_key}"
    assert "Najpierw" not in answer.body


def test_a_question_for_the_supervisor_reaches_only_supervisors_whose_scope_holds_the_case(engine, people, smtp):
    elsewhere = engine.directory.add_institution(ADMIN, "GOPS Zielone Pole", "OPS", "Zielone Pole").id
    add_person(engine, "s.obcy", elsewhere, SUPERVISOR, email="s.obcy@kooperacja.test")
    case = start(engine, people, ROUTINE)
    engine.worker.run_once("w1")
    smtp.messages.clear()

    engine.questions.ask(people.ops, case.id, SUPERVISOR, "Czy przedłużyć termin?")
    engine.worker.run_once("w1")

    told = {address for mail in smtp.wait_for(1) for address in mail.to}
    assert told == {email_of(people.supervisor)}
