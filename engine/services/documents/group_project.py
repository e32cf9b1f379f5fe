"""The social project (projekt socjalny) of a group case: the project the PZK approved.

Variables and task ids are those of ``processes/kooperacja_grupa.bpmn``: the team's form is kept in
``projekt`` (title, period, goals), the process keeps the package in ``pozycje_planu`` (with the
statuses, orders and cancellations of participants without consent), the statements in
``zgody_czlonkow``. The result is the same ``SocialProject`` a family plan gives.
"""

from __future__ import annotations

from engine.dto import CaseInfo
from engine.dto.social_documents import ProjectParticipant, SocialProject
from engine.errors import InvalidState
from engine.services.documents import reading
from engine.services.documents.plan import _item
from engine.services.documents.project import CANCELLED, _action, _resources, _when
from engine.store import corrections

GROUP_PROCESS = "kooperacja_grupa"
APPROVAL_TASK = "ut_grupa_zatwierdzenie_pzk"
PROJECT_FORM, NOMINATION_FORM = "projekt_socjalny.schema.json", "zgloszenie_grupy.schema.json"
WHOLE_GROUP, WHOLE_GROUP_LABEL = "grupa", "cała grupa"
NOT_AGREED = "Projekt socjalny grupy nie jest jeszcze zatwierdzony: dokument powstaje po zatwierdzeniu przez PZK."
EVALUATION = (
    "Monitoring: potwierdzenia realizacji każdej pozycji pakietu usług w każdym okresie realizacji.",
    "Ocena śródokresowa zespołu projektu z udziałem uczestników: kontynuacja albo zakończenie projektu.",
    "Ocena końcowa na posiedzeniu PZK z udziałem przedstawicieli grupy: osiągnięcie każdego celu "
    "(tak / częściowo / nie) i opinia uczestników.",
    "Wnioski i rekomendacje z projektu dla ROPS po zamknięciu sprawy.",
)


SIGNATORIES = ("Pracownik socjalny prowadzący sprawę", "Przedstawiciel grupy", "Kierownik ośrodka pomocy społecznej")


def build_group_project(
    session, case: CaseInfo, workflow, forms: dict, covered: frozenset[str] | None, organiser: str | None, now, by
) -> tuple[SocialProject, int]:
    """The approved project and its version; ``covered`` None: the reader may see every participant.

    Only participants who consented take part; a reader whose institution their consent does not
    reach sees neither them nor their services.

    Raises:
        InvalidState: the PZK has not approved any version of the project yet.
    """
    tasks = reading.case_tasks(workflow, corrections.of_case(session, case.id))
    approvals = reading.completed(tasks, APPROVAL_TASK, lambda data: data.get("decyzja_pzk") == "zatwierdzony")
    if not approvals:
        raise InvalidState(NOT_AGREED)
    approval = approvals[-1]
    version = approval.data.get("wersja_planu")
    data = reading.newest_data(tasks, lambda d: d.get("wersja_planu") == version) or approval.data
    project = data.get("projekt") if isinstance(data.get("projekt"), dict) else {}
    taking_part = _taking_part(data, covered)
    names = {**reading.names_of_members(data), WHOLE_GROUP: WHOLE_GROUP_LABEL}
    items = _actions(data, forms, names, {p["id"] for p in taking_part}, case)
    goals = [g for g in project.get("cele") or [] if isinstance(g, dict) and reading.text(g.get("cel"))]
    group = str(data.get("nazwa_grupy") or case.title)
    kinds = reading.option_titles(forms, NOMINATION_FORM, "rodzaj_grupy")
    kind = kinds.get(data.get("rodzaj_grupy"), reading.text(data.get("rodzaj_grupy")))
    document = SocialProject(
        reference=case.business_key,
        title=f"Projekt socjalny – {reading.text(project.get('tytul_projektu')) or group}",
        organiser=organiser,
        team=reading.text(data.get("nazwa_zespolu")),
        variant=None,
        aim=(
            f"Wsparcie grupy „{group}”" + (f" ({kind.lower()})" if kind else "") + " w rozwiązaniu jej wspólnych "
            "trudności przez działania zaplanowane z uczestnikami na podstawie diagnozy potrzeb grupy i "
            f"zrealizowane z instytucjami Partnerskiego Zespołu Kooperacji (projekt w wersji {int(version or 1)})."
        ),
        objectives=tuple(str(g["cel"]) for g in goals),
        participants=tuple(_participant(person) for person in taking_part),
        actions=tuple(_action(item) for item in sorted(items, key=_when)),
        period_from=reading.as_date(project.get("okres_od")),
        period_to=reading.as_date(project.get("okres_do")),
        resources=_resources(items, reading.as_number(approval.data.get("budzet_zakupow"))),
        expected_results=tuple(f"{g['cel']}: {reading.text(g.get('miernik')) or g['cel']}" for g in goals),
        evaluation=EVALUATION,
        signatories=SIGNATORIES,
        generated_at=now,
        generated_by=by,
    )
    return document, int(version or 1)


def _taking_part(data: dict, covered: frozenset[str] | None) -> list[dict]:
    said = data.get("zgody_czlonkow") if isinstance(data.get("zgody_czlonkow"), dict) else {}
    refused = set(data.get("czlonkowie_bez_zgody") or [])
    return [
        person
        for person in reading.household(data)
        if isinstance(said.get(person["id"]), dict)
        and said[person["id"]].get("zgoda_udzielona") is True
        and person["id"] not in refused
        and (covered is None or person["id"] in covered)
    ]


def _participant(person: dict) -> ProjectParticipant:
    age = person.get("wiek")
    aged = isinstance(age, int) and not isinstance(age, bool)
    described = f"uczestnik grupy, {age} l." if aged else "uczestnik grupy"
    return ProjectParticipant(str(person.get("imie") or person["id"]), described)


def _actions(data: dict, forms: dict, names: dict, taking_part: set, case: CaseInfo) -> list:
    """The package's positions for the whole group or a participant taking part, cancelled ones left out."""
    titles = {
        field: reading.option_titles(forms, PROJECT_FORM, "pozycje_planu", field)
        for field in ("usluga", "wlasciciel", "zrodlo")
    }
    institutions: dict[str, tuple[str, ...]] = {}
    for role, name in case.participant_names:
        institutions[role] = (*institutions.get(role, ()), name)
    items = [
        item
        for item in data.get("pozycje_planu") or []
        if isinstance(item, dict) and (item.get("czlonek") == WHOLE_GROUP or item.get("czlonek") in taking_part)
    ]
    built = [_item(item, names, titles, institutions, set()) for item in items]
    return [item for item in built if item.status != CANCELLED]
