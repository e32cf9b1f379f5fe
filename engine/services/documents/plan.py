"""The agreed plan (IPW) of a family case: the version the family accepted and the PZK approved.

Variables and task ids are those of ``processes/kooperacja_rodzina.bpmn`` (processes/README.md, "Dane").
"""

from __future__ import annotations

from datetime import datetime

from engine.dto import CaseInfo
from engine.dto.documents import Goal, PlanDocument, PlanItem
from engine.errors import InvalidState
from engine.services.documents import reading
from engine.services.documents.consent import NOMINATION_FORM, statements
from engine.store import corrections

APPROVAL_TASK, REVIEW_TASK = "ut_zatwierdzenie_pzk", "ut_przeglad_rodziny"
PLAN_FORM = "plan_ipw.schema.json"
ITEM_STATUS = {
    "zaplanowana": "zaplanowana",
    "zamowiona": "zamówiona",
    "niezamowiona": "niezamówiona",
    "w_trakcie": "w trakcie",
    "zrealizowana": "zrealizowana",
    "niezrealizowana": "niezrealizowana",
    "anulowana": "anulowana",
}
FINISHED = ("zrealizowana", "niezrealizowana", "anulowana")
NOT_AGREED = (
    "Plan nie jest jeszcze uzgodniony: dokument IPW powstaje, gdy rodzina zaakceptuje plan, "
    "a Partnerski Zespół Kooperacji go zatwierdzi."
)


def build_plan(session, case: CaseInfo, workflow, forms: dict, now: datetime, by: str) -> PlanDocument:
    """The case's agreed plan, as it stands now.

    The newest PZK approval names the agreed version; the items come from the newest data that still
    holds that version (dates moved to the orders, providers, cancellations), so a correction under
    review does not replace the agreed plan until it is approved in turn.

    Raises:
        InvalidState: no plan version has been accepted by the family and approved by the PZK yet.
    """
    tasks = reading.case_tasks(workflow, corrections.of_case(session, case.id))
    approvals = reading.completed(tasks, APPROVAL_TASK, lambda data: data.get("decyzja_pzk") == "zatwierdzony")
    if not approvals:
        raise InvalidState(NOT_AGREED)
    approval = approvals[-1]
    version = approval.data.get("wersja_planu")
    data = reading.newest_data(tasks, lambda d: d.get("wersja_planu") == version) or approval.data
    review = _acceptance(tasks, approval)
    accepted = review.data if review is not None else approval.data
    who = reading.recorded(session, [approval, review])
    names = reading.names_of_members(data)
    members = _members(workflow, tasks, data, forms)
    left_out = {m.id for m in members if m.consent is False or m.withdrawn_on is not None}
    variants = reading.option_titles(forms, NOMINATION_FORM, "wariant")
    return PlanDocument(
        case_id=case.id,
        business_key=case.business_key,
        family=str(data.get("rodzina_nazwa") or case.title),
        municipality=reading.text(data.get("gmina")),
        variant=variants.get(data.get("wariant"), reading.text(data.get("wariant"))),
        team=reading.text(data.get("nazwa_zespolu")),
        social_contract=data.get("typ_planu") == "kontrakt_socjalny",
        version=int(version or 1),
        members=members,
        goals=tuple(_goal(goal, names) for goal in data.get("cele_planu") or [] if isinstance(goal, dict)),
        items=_items(data, names, forms, _institutions(case), left_out),
        family_accepted_on=reading.as_date(accepted.get("data_przegladu")),
        signed_by=reading.text(accepted.get("podpisali")),
        acceptance_recorded=who.get(str(review.id)) if review is not None else None,
        approved_on=reading.as_date(approval.data.get("data_decyzji_pzk")),
        approval_remarks=reading.text(approval.data.get("uwagi_pzk")),
        purchase_budget=reading.as_number(approval.data.get("budzet_zakupow")),
        approval_recorded=who.get(str(approval.id)),
        generated_at=now,
        generated_by=by,
    )


def _acceptance(tasks: list, approval):
    """The family's acceptance the approval followed (the last accepting review before it)."""
    reviews = reading.completed(tasks, REVIEW_TASK, lambda data: data.get("decyzja_rodziny") == "akceptacja")
    earlier = [t for t in reviews if t.changed_at <= approval.changed_at]
    return earlier[-1] if earlier else None


def _members(workflow, tasks: list, data: dict, forms: dict) -> tuple:
    said = {member: task.values for member, task in statements(tasks).items()}
    withdrawn = reading.withdrawals(workflow, tasks)
    dates = {member: when for member, (when, _reason) in withdrawn.items() if member != "*"}
    if "*" in withdrawn:  # the whole family withdrew: everyone who had consented
        consented = [member for member, statement in said.items() if statement.get("zgoda_udzielona")]
        dates = {**dict.fromkeys(consented, withdrawn["*"][0]), **dates}
    relations = reading.option_titles(forms, NOMINATION_FORM, "czlonkowie", "pokrewienstwo")
    return reading.members(data, said, dates, relations)


def _goal(goal: dict, names: dict[str, str]) -> Goal:
    return Goal(
        member=reading.member_label(names, goal.get("czlonek")),
        goal=str(goal.get("cel") or ""),
        measure=reading.text(goal.get("miernik")),
    )


def _institutions(case: CaseInfo) -> dict[str, tuple[str, ...]]:
    playing: dict[str, tuple[str, ...]] = {}
    for role, name in case.participant_names:
        playing[role] = (*playing.get(role, ()), name)
    return playing


def _items(data: dict, names: dict[str, str], forms: dict, institutions: dict, left_out: set) -> tuple[PlanItem, ...]:
    """The basket's positions; those of a member without consent are cancelled, as the process cancels
    them at its next step (a withdrawal only reaches the items when the next period or order starts)."""
    titles = {
        field: reading.option_titles(forms, PLAN_FORM, "pozycje_planu", field)
        for field in ("usluga", "wlasciciel", "zrodlo")
    }
    items = [item for item in data.get("pozycje_planu") or [] if isinstance(item, dict)]
    return tuple(_item(item, names, titles, institutions, left_out) for item in items)


def _item(item: dict, names: dict[str, str], titles: dict, institutions: dict, left_out: set) -> PlanItem:
    def title(field: str) -> str:
        return titles[field].get(item.get(field), str(item.get(field) or "—"))

    order = item.get("zamowienie") if isinstance(item.get("zamowienie"), dict) else {}
    units = item.get("liczba_jednostek")
    return PlanItem(
        number=str(item.get("id") or ""),
        service=title("usluga"),
        description=reading.text(item.get("opis")),
        member=reading.member_label(names, item.get("czlonek")),
        owner=title("wlasciciel"),
        owner_institutions=institutions.get(item.get("wlasciciel"), ()),
        source=title("zrodlo"),
        provider=reading.text(order.get("realizator")) if order.get("status") == "zamowiona" else None,
        date_from=reading.as_date(item.get("data_od")),
        date_to=reading.as_date(item.get("data_do")),
        units=units if isinstance(units, int) and not isinstance(units, bool) else None,
        estimated_cost=reading.as_number(item.get("koszt_szacunkowy")),
        status=ITEM_STATUS.get(_status(item, left_out), str(item.get("status") or "zaplanowana")),
    )


def _status(item: dict, left_out: set) -> str | None:
    status = item.get("status")
    if item.get("czlonek") in left_out and status not in FINISHED:
        return "anulowana"
    return status
