"""The documents of a family case as plain data: the agreed plan (IPW) and one person's consent record.

Codes from the forms are already resolved to their Polish titles (from the forms deployed with the
case's version), so a renderer prints what it gets and never reads process files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Recorded:
    """Who entered a decision or statement into the system, and when."""

    name: str
    institution: str | None
    at: datetime | None


@dataclass(frozen=True)
class Member:
    """A member of the household, with where their consent stands.

    ``consent`` is None while no statement is recorded (children, or adults not yet asked);
    ``withdrawn_on`` is set once the person (or the whole family) withdrew it.
    """

    id: str
    name: str
    age: int | None
    relation: str
    adult: bool
    consent: bool | None
    withdrawn_on: date | None = None


@dataclass(frozen=True)
class Goal:
    member: str  # the member's name, or "cała rodzina"
    goal: str
    measure: str | None


@dataclass(frozen=True)
class PlanItem:
    """One position of the service basket."""

    number: str
    service: str
    description: str | None
    member: str
    owner: str  # the responsible role's title, e.g. "PPP – Poradnia Psychologiczno-Pedagogiczna"
    owner_institutions: tuple[str, ...]  # who plays that role in this case
    source: str
    provider: str | None  # the provider a purchased service was ordered from
    date_from: date | None
    date_to: date | None
    units: int | None
    estimated_cost: float | None
    status: str


@dataclass(frozen=True)
class PlanDocument:
    """The agreed Indywidualny Program Współpracy: the version the family accepted and the PZK approved.

    Items show where that version stands now (ordered from whom, for which dates, cancelled).
    """

    case_id: str
    business_key: str
    family: str
    municipality: str | None
    variant: str | None
    team: str | None
    social_contract: bool  # urban variant: the plan is the basis of a kontrakt socjalny
    version: int
    members: tuple[Member, ...]
    goals: tuple[Goal, ...]
    items: tuple[PlanItem, ...]
    family_accepted_on: date | None
    signed_by: str | None
    acceptance_recorded: Recorded | None
    approved_on: date | None
    approval_remarks: str | None
    purchase_budget: float | None
    approval_recorded: Recorded | None
    generated_at: datetime
    generated_by: str


@dataclass(frozen=True)
class ConsentDocument:
    """One adult's (or a group participant's) statement: consent to working with the Model and to sharing
    their data."""

    case_id: str
    business_key: str
    family: str
    municipality: str | None
    member: Member
    given: bool
    declared_on: date | None
    information_clause: bool
    on_behalf_of_minors: bool
    minors: tuple[str, ...]  # names of the household's children the statement also covers
    excluded_institutions: tuple[str, ...]  # institutions the person does not share data with
    remarks: str | None
    withdrawn_on: date | None
    withdrawal_reason: str | None
    recorded: Recorded | None
    purpose: str
    legal_basis: tuple[str, ...]
    generated_at: datetime
    generated_by: str
    kind: str = "rodzina"  # "grupa": a participant of a group's projekt socjalny ("family" is the group's name)
    declared_by: str | None = None  # a group's statement: "uczestnik" or "przedstawiciel ustawowy", in words
