"""The social contract (kontrakt socjalny, art. 108 u.p.s.) of a family case: what the social worker and
the person agreed in ``ut_kontrakt`` of ``processes/kooperacja_rodzina.bpmn``, with the plan's goals of
that person."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from engine.access.need_to_know import Reader
from engine.dto import CaseInfo
from engine.dto.documents import Member
from engine.dto.social_documents import Contract, ContractDocument
from engine.errors import InvalidState
from engine.services.documents import reading
from engine.services.documents.consent import NOMINATION_FORM, statements
from engine.store import corrections

CONTRACT_TASK = "ut_kontrakt"
SOCIAL_WORKER = "Pracownik socjalny OPS"
NOT_CONCLUDED = (
    "Kontrakt socjalny nie został jeszcze zawarty: dokument powstaje po zapisaniu zadania "
    "„Zawarcie kontraktu socjalnego”."
)
LEGAL_BASIS = (
    "art. 108 ust. 1 ustawy z dnia 12 marca 2004 r. o pomocy społecznej – w celu określenia sposobu "
    "współdziałania w rozwiązywaniu problemów osoby lub rodziny znajdującej się w trudnej sytuacji życiowej "
    "pracownik socjalny może zawrzeć z nią kontrakt socjalny",
    "art. 11 ust. 2 tej ustawy – odmowa zawarcia kontraktu socjalnego lub niedotrzymywanie jego postanowień "
    "mogą stanowić podstawę do odmowy przyznania świadczenia, uchylenia decyzji lub wstrzymania świadczeń "
    "pieniężnych z pomocy społecznej",
    "Treść kontraktu ustalono wspólnie z osobą; każda ze stron otrzymuje jeden egzemplarz.",
)


def build_contract(session, case: CaseInfo, workflow, now: datetime, by: str, forms: dict) -> ContractDocument:
    """The contracts recorded by the newest ``ut_kontrakt`` of the case.

    Raises:
        InvalidState: no contract has been concluded in the case yet.
    """
    tasks = reading.case_tasks(workflow, corrections.of_case(session, case.id))
    done = reading.completed(tasks, CONTRACT_TASK, lambda data: bool(data.get("kontrakty")))
    if not done:
        raise InvalidState(NOT_CONCLUDED)
    task = done[-1]
    household = _household(workflow, tasks, task.data, forms)
    goals = [g for g in task.data.get("cele_planu") or [] if isinstance(g, dict)]
    contracts = [_contract(entry, household, goals) for entry in task.values.get("kontrakty") or []]
    return ContractDocument(
        case_id=case.id,
        business_key=case.business_key,
        family=str(task.data.get("rodzina_nazwa") or case.title),
        municipality=reading.text(task.data.get("gmina")),
        ops=next((name for role, name in case.participant_names if role == SOCIAL_WORKER), None),
        social_worker=reading.recorded(session, [task]).get(str(task.id)),
        contracts=tuple(c for c in contracts if c is not None),
        legal_basis=LEGAL_BASIS,
        generated_at=now,
        generated_by=by,
    )


def _household(workflow, tasks: list, data: dict, forms: dict) -> tuple[Member, ...]:
    said = {member: task.values for member, task in statements(tasks).items()}
    withdrawn = reading.withdrawals(workflow, tasks)
    dates = {member: when for member, (when, _reason) in withdrawn.items() if member != "*"}
    relations = reading.option_titles(forms, NOMINATION_FORM, "czlonkowie", "pokrewienstwo")
    return reading.members(data, said, dates, relations)


def _contract(entry, household: tuple[Member, ...], goals: list[dict]) -> Contract | None:
    if not isinstance(entry, dict):
        return None
    member = entry.get("czlonek")
    family = member == reading.WHOLE_FAMILY
    if family:  # the adults who take part sign for the family
        people = tuple(m for m in household if m.adult and m.consent and m.withdrawn_on is None)
    else:
        people = tuple(m for m in household if m.id == member)
    names = {m.id: m.name for m in household}
    return Contract(
        party=reading.member_label(names, member),
        people=people,
        concluded_on=reading.as_date(entry.get("data_zawarcia")),
        valid_from=reading.as_date(entry.get("okres_od")),
        valid_to=reading.as_date(entry.get("okres_do")),
        goals=tuple(str(g.get("cel") or "") for g in goals if family or g.get("czlonek") in (member, "rodzina")),
        person_obligations=str(entry.get("zobowiazania_osoby") or ""),
        ops_obligations=str(entry.get("zobowiazania_ops") or ""),
    )


def contract_for_reader(document: ContractDocument, reader: Reader) -> ContractDocument:
    """Without the contracts (and signatories) of members whose consent does not reach the reader."""
    if reader.covered is None:
        return document
    kept = []
    for contract in document.contracts:
        people = tuple(m for m in contract.people if m.id in reader.covered)
        if people or contract.party == "cała rodzina":
            kept.append(replace(contract, people=people))
    return replace(document, contracts=tuple(kept))
