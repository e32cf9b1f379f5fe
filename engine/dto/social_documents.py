"""The social-work documents of a case as plain data: the social contract (kontrakt socjalny, art. 108
of the social assistance act) and the social project (projekt socjalny).

A ``SocialProject`` is deliberately not tied to a family case: a family plan is turned into one
(``engine.services.documents.project``) and a group case can build one from its own data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from engine.dto.documents import Member, Recorded


@dataclass(frozen=True)
class Contract:
    """One contract the social worker concluded with a person (or the whole family)."""

    party: str  # the person's name, or "cała rodzina"
    people: tuple[Member, ...]  # who signs for the person's side
    concluded_on: date | None
    valid_from: date | None
    valid_to: date | None
    goals: tuple[str, ...]  # the plan's goals of that person (or of the family)
    person_obligations: str
    ops_obligations: str


@dataclass(frozen=True)
class ContractDocument:
    """The social contracts of a case, with the parties and the signature places."""

    case_id: str
    business_key: str
    family: str
    municipality: str | None
    ops: str | None  # the institution the social worker acts for
    social_worker: Recorded | None  # who recorded the contract
    contracts: tuple[Contract, ...]
    legal_basis: tuple[str, ...]
    generated_at: datetime
    generated_by: str


@dataclass(frozen=True)
class ProjectParticipant:
    name: str
    description: str  # relation in the family, or role in the group


@dataclass(frozen=True)
class ProjectAction:
    """One action of the project: what, for whom, who carries it out, when, with what."""

    name: str
    description: str | None
    participants: str
    responsible: str
    date_from: date | None
    date_to: date | None
    resources: str
    cost: float | None
    status: str | None


@dataclass(frozen=True)
class SocialProject:
    """A projekt socjalny: aim, participants, actions with their schedule, resources, expected results
    and how it will be evaluated; ``signatories`` name the signature places."""

    reference: str  # the case number the project belongs to
    title: str
    organiser: str | None
    team: str | None
    variant: str | None
    aim: str
    objectives: tuple[str, ...]
    participants: tuple[ProjectParticipant, ...]
    actions: tuple[ProjectAction, ...]
    period_from: date | None
    period_to: date | None
    resources: tuple[tuple[str, str], ...]  # (kind, what) lines
    expected_results: tuple[str, ...]
    evaluation: tuple[str, ...]
    signatories: tuple[str, ...]
    generated_at: datetime
    generated_by: str
