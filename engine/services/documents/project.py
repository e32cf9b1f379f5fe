"""The social project (projekt socjalny) of a family case: its agreed plan seen as a project.

The plan's goals are the project's objectives and their measures its expected results, the basket's
items its actions and schedule, their sources and costs its resources. The result is a plain
``SocialProject``, the same a group case can fill from its own data.
"""

from __future__ import annotations

from collections import defaultdict

from engine.dto.documents import PlanDocument, PlanItem
from engine.dto.social_documents import ProjectAction, ProjectParticipant, SocialProject

CANCELLED = "anulowana"
EVALUATION = (
    "Monitoring: comiesięczna notatka pracownika socjalnego z przebiegu współpracy z rodziną.",
    "Ocena śródokresowa po każdym okresie realizacji – zespół sprawy, z możliwością korekty planu.",
    "Ocena końcowa z udziałem rodziny: osiągnięcie każdego celu (tak / częściowo / nie) i opinia rodziny.",
    "Wnioski i rekomendacje dla ROPS po zamknięciu sprawy.",
)


def project_from_plan(plan: PlanDocument, organiser: str | None) -> SocialProject:
    """The plan as a project; cancelled items are left out of its actions and resources."""
    actions = [item for item in plan.items if item.status != CANCELLED]
    starts = [i.date_from for i in actions if i.date_from]
    ends = [i.date_to for i in actions if i.date_to]
    taking_part = [m for m in plan.members if not m.adult or (m.consent and m.withdrawn_on is None)]
    left_out = {m.name for m in plan.members} - {m.name for m in taking_part}
    goals = [g for g in plan.goals if g.member not in left_out]  # as their items, cancelled
    return SocialProject(
        reference=plan.business_key,
        title=f"Projekt socjalny – rodzina {plan.family}",
        organiser=organiser,
        team=plan.team,
        variant=plan.variant,
        aim=(
            # the title names the family (as the nominative 'Nowakowscy', which no genitive here could take)
            "Wzmocnienie rodziny w rozwiązaniu jej trudnej sytuacji życiowej przez skoordynowane "
            "wsparcie instytucji Partnerskiego Zespołu Kooperacji (Indywidualny Program Współpracy, "
            f"wersja {plan.version})."
        ),
        objectives=tuple(f"{g.member}: {g.goal}" for g in goals),
        participants=tuple(ProjectParticipant(m.name, m.relation) for m in taking_part),
        actions=tuple(_action(item) for item in sorted(actions, key=_when)),
        period_from=min(starts) if starts else None,
        period_to=max(ends) if ends else None,
        resources=_resources(actions, plan.purchase_budget),
        expected_results=tuple(f"{g.member}: {g.measure or g.goal}" for g in goals),
        evaluation=EVALUATION,
        signatories=("Pracownik socjalny prowadzący sprawę", "Kierownik ośrodka pomocy społecznej"),
        generated_at=plan.generated_at,
        generated_by=plan.generated_by,
    )


def _when(item: PlanItem):
    return (item.date_from is None, item.date_from, item.number)


def _action(item: PlanItem) -> ProjectAction:
    responsible = ", ".join((item.owner, *item.owner_institutions))
    if item.provider:
        responsible += f"; realizator: {item.provider}"
    units = f", {item.units} jedn." if item.units is not None else ""
    return ProjectAction(
        name=item.service,
        description=item.description,
        participants=item.member,
        responsible=responsible,
        date_from=item.date_from,
        date_to=item.date_to,
        resources=item.source + units,
        cost=item.estimated_cost,
        status=item.status,
    )


def _resources(items: list[PlanItem], budget: float | None) -> tuple[tuple[str, str], ...]:
    """One line per source of the actions (how many, their estimated cost), then the approved budget."""
    by_source: dict[str, list[PlanItem]] = defaultdict(list)
    for item in items:
        by_source[item.source].append(item)
    lines = []
    for source, grouped in by_source.items():
        cost = sum(i.estimated_cost or 0 for i in grouped)
        lines.append(
            (source, f"liczba działań: {len(grouped)}" + (f", koszt szacunkowy {_amount(cost)} zł" if cost else ""))
        )
    institutions = sorted({name for item in items for name in item.owner_institutions})
    if institutions:
        lines.append(("Instytucje zaangażowane", ", ".join(institutions)))
    if budget is not None:
        lines.append(("Budżet zakupów zatwierdzony przez PZK", f"{_amount(budget)} zł"))
    return tuple(lines)


def _amount(value: float) -> str:
    whole, _, cents = f"{value:,.2f}".partition(".")
    return f"{whole.replace(',', ' ')},{cents}"
