"""What the data-protection officer gets: the cases of their scope, who read what, a person's
subject-access report (art. 15 GDPR) and the register of processing (art. 30 GDPR)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class OfficerCase:
    """A case as the officer's lists show it: its number, title, status and start."""

    id: str
    business_key: str
    title: str
    status: str
    created_at: datetime
    anonymized: bool = False


@dataclass(frozen=True)
class HouseholdMember:
    id: str
    name: str
    age: int | None
    relation: str | None


@dataclass(frozen=True)
class AccessEntry:
    """One audited read or write of the case: when, who, from which institution, what and why."""

    at: datetime
    user: str | None  # None: the system (worker, command line)
    institution: str | None
    action: str  # the audit code, e.g. ``casefile.read``
    label: str  # what it was, in Polish words
    purpose: str  # why such an access happens, in Polish words
    task: str | None = None  # the task's name, when the entry concerns one
    member: str | None = None  # the household member the entry names (a consent record), by name
    refused: bool = False
    write: bool = False


@dataclass(frozen=True)
class AccessFilter:
    """Filters of the who-read-what page; empty values filter nothing."""

    member: str | None = None
    since: date | None = None
    until: date | None = None
    institution: str | None = None
    kind: str | None = None  # "odczyt" or "zapis"


@dataclass(frozen=True)
class AccessLog:
    case: OfficerCase
    members: tuple[HouseholdMember, ...]
    member: HouseholdMember | None
    entries: tuple[AccessEntry, ...]
    institutions: tuple[str, ...]  # every institution in the unfiltered log, for the filter
    filters: AccessFilter = field(default_factory=AccessFilter)


@dataclass(frozen=True)
class RecordedItem:
    """One recorded fact about the person: the form field's label and its value in words."""

    label: str
    value: str


@dataclass(frozen=True)
class RecordedEntry:
    """One completed task of the case insofar as it holds data of the person."""

    task: str
    completed_at: datetime | None
    institution: str | None
    completed_by: str | None
    items: tuple[RecordedItem, ...]


@dataclass(frozen=True)
class RecordedSection:
    id: str
    title: str
    purpose: str
    legal_basis: tuple[str, ...]
    recipients: tuple[str, ...]  # the roles whose institutions may read the section
    entries: tuple[RecordedEntry, ...]


@dataclass(frozen=True)
class Recipient:
    """An institution that read or wrote the person's data: in which roles, when first and last, how often."""

    institution: str
    first_at: datetime
    last_at: datetime
    reads: int
    writes: int


@dataclass(frozen=True)
class SubjectAccess:
    """Everything the system holds about one household member of one case (art. 15 GDPR)."""

    generated_at: datetime
    generated_by: str
    controller: str | None
    case: OfficerCase
    member: HouseholdMember
    sections: tuple[RecordedSection, ...]
    recipients: tuple[Recipient, ...]
    accesses: tuple[AccessEntry, ...]
    consent: str  # the person's consent in words
    retention: str
    withheld: int  # texts left out because they name other members of the household
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegisterField:
    name: str
    label: str


@dataclass(frozen=True)
class RegisterEntry:
    """One processing step of the model: a user task, its form's fields, who collects and who receives them."""

    process: str
    task_id: str
    task: str
    collected_by: str | None  # the role (lane) that fills the form
    form: str
    section: str | None  # the case-file section (the purpose), None when the model's table has none for it
    purpose: str
    fields: tuple[RegisterField, ...]
    recipients: tuple[str, ...]
    legal_basis: tuple[str, ...]
    retention: str
    special_category: bool


@dataclass(frozen=True)
class ProcessingRegister:
    """The register of processing drawn from one deployed version of the model."""

    version_number: int
    deployed_at: datetime
    generated_at: datetime
    entries: tuple[RegisterEntry, ...]
    retention: str
    lead_roles: tuple[str, ...]
