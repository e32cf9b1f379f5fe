"""The consent record of one adult of the family, or of one participant of a group's projekt socjalny:
their statement as the social worker recorded it."""

from __future__ import annotations

from datetime import datetime

from engine.dto import CaseInfo
from engine.dto.documents import ConsentDocument, Member, Recorded
from engine.errors import NotFound
from engine.services.documents import reading
from engine.store import corrections

CONSENT_TASK = "ut_zgoda"  # one instance per adult (processes/kooperacja_rodzina.bpmn)
GROUP_CONSENT_TASK = "ut_zgoda_uczestnika"  # one instance per participant (processes/kooperacja_grupa.bpmn)
CONSENT_FORM, NOMINATION_FORM = "zgoda_czlonka.schema.json", "nominacja_rodziny.schema.json"
GROUP_CONSENT_FORM = "zgoda_uczestnika.schema.json"
GROUP_PURPOSE = (
    "Zgoda na udział w projekcie socjalnym grupy realizowanym Modelem Kooperacji oraz na udostępnianie danych "
    "osobowych, w tym danych szczególnych kategorii (np. o zdrowiu), instytucjom Partnerskiego Zespołu "
    "Kooperacji realizującym projekt – w celu opracowania i realizacji projektu socjalnego."
)
PURPOSE = (
    "Zgoda na pracę Modelem Kooperacji z rodziną oraz na udostępnianie danych osobowych, w tym danych "
    "szczególnych kategorii (np. o zdrowiu, uzależnieniach), instytucjom Partnerskiego Zespołu Kooperacji "
    "zaproszonym do sprawy – w celu opracowania i realizacji Indywidualnego Programu Współpracy (IPW)."
)
LEGAL_BASIS = (
    "art. 9 ust. 2 lit. a RODO – wyraźna zgoda na przetwarzanie danych szczególnych kategorii",
    "art. 6 ust. 1 lit. a RODO – zgoda na przetwarzanie danych osobowych",
    "art. 100 ustawy z dnia 12 marca 2004 r. o pomocy społecznej – poufność informacji uzyskanych przy "
    "realizacji zadań pomocy społecznej",
    "art. 7 ust. 3 RODO – zgodę można wycofać w każdej chwili; wycofanie nie wpływa na zgodność z prawem "
    "przetwarzania dokonanego przed jej wycofaniem",
)


def statements(tasks: list) -> dict[str, object]:
    """Member id -> the completed consent task holding that adult's latest statement."""
    found = {}
    for task in [*reading.completed(tasks, CONSENT_TASK), *reading.completed(tasks, GROUP_CONSENT_TASK)]:
        item = task.item
        if item is None:  # the multi-instance activity itself, not one person's statement
            continue
        member = item.value.get("id") if isinstance(item.value, dict) else item.value
        found[str(member)] = task
    return found


def build_consent(
    session, case: CaseInfo, workflow, forms: dict, member_id: str, now: datetime, by: str
) -> tuple[ConsentDocument, object]:
    """The consent record of ``member_id`` and the task it comes from.

    Raises:
        NotFound: the family has no such member, or no statement of theirs is recorded.
    """
    tasks = reading.case_tasks(workflow, corrections.of_case(session, case.id))
    task = statements(tasks).get(member_id)
    if task is None:
        data = reading.newest_data(tasks, lambda d: "czlonkowie" in d) or {}
        if member_id not in reading.names_of_members(data):
            whom = "uczestnika grupy" if "nazwa_grupy" in data else "członka rodziny"
            raise NotFound(f"W sprawie {case.business_key} nie ma {whom} „{member_id}”.")
        raise NotFound(f"W sprawie {case.business_key} nie zapisano oświadczenia tej osoby.")
    statement = task.values
    withdrawn = reading.withdrawals(workflow, tasks)
    withdrawal = withdrawn.get(member_id) or (withdrawn.get("*") if statement.get("zgoda_udzielona") else None)
    member = _member(task.data, member_id, statement, withdrawal, forms)
    group = task.bpmn_id == GROUP_CONSENT_TASK
    form = GROUP_CONSENT_FORM if group else CONSENT_FORM
    declared_by = reading.option_titles(forms, GROUP_CONSENT_FORM, "oswiadczenie_sklada")
    document = ConsentDocument(
        case_id=case.id,
        business_key=case.business_key,
        family=str(task.data.get("nazwa_grupy" if group else "rodzina_nazwa") or case.title),
        municipality=reading.text(task.data.get("gmina")),
        member=member,
        given=bool(statement.get("zgoda_udzielona")),
        declared_on=reading.as_date(statement.get("data_oswiadczenia")),
        information_clause=bool(statement.get("klauzula_informacyjna_przekazana")),
        on_behalf_of_minors=bool(statement.get("oswiadczenie_za_maloletnich")),
        minors=_minors(task.data) if statement.get("oswiadczenie_za_maloletnich") else (),
        excluded_institutions=_excluded(statement, forms, form),
        remarks=reading.text(statement.get("uwagi")),
        withdrawn_on=withdrawal[0] if withdrawal else None,
        withdrawal_reason=withdrawal[1] if withdrawal else None,
        recorded=_recorded(session, task),
        purpose=GROUP_PURPOSE if group else PURPOSE,
        legal_basis=LEGAL_BASIS,
        generated_at=now,
        generated_by=by,
        kind="grupa" if group else "rodzina",
        declared_by=declared_by.get(statement.get("oswiadczenie_sklada")) if group else None,
    )
    return document, task


def _member(data: dict, member_id: str, statement: dict, withdrawal, forms: dict) -> Member:
    relations = reading.option_titles(forms, NOMINATION_FORM, "czlonkowie", "pokrewienstwo")
    withdrawn = {member_id: withdrawal[0]} if withdrawal else {}
    household = reading.members(data, {member_id: statement}, withdrawn, relations)
    found = [m for m in household if m.id == member_id]
    return found[0] if found else Member(member_id, member_id, None, "—", True, bool(statement.get("zgoda_udzielona")))


def _minors(data: dict) -> tuple[str, ...]:
    children = [p for p in reading.household(data) if isinstance(p.get("wiek"), int) and p["wiek"] < 18]
    return tuple(str(p.get("imie") or p["id"]) for p in children)


def _excluded(statement: dict, forms: dict, form: str) -> tuple[str, ...]:
    titles = reading.option_titles(forms, form, "instytucje_wylaczone")
    chosen = statement.get("instytucje_wylaczone")
    return tuple(titles.get(code, str(code)) for code in chosen) if isinstance(chosen, list) else ()


def _recorded(session, task) -> Recorded | None:
    return reading.recorded(session, [task]).get(str(task.id))
