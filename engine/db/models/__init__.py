"""SQLAlchemy tables of the engine.

The instance state is split in two: the workflow header (``process_instance.state``) and one row per
SpiffWorkflow task (``instance_task``), so a step rewrites only the tasks it changed. The query
tables (``human_task``, ``timer``, ``message_subscription``, ``case_event``) and the outbox (``job``)
are written in the same transaction as the state, so lists never disagree with the instances they
describe and no consequence of a change is lost or enqueued twice.
"""

from __future__ import annotations

from engine.db.models import indexes  # noqa: F401 - the list indexes join the metadata
from engine.db.models.base import Base
from engine.db.models.case_versions import CaseMigration
from engine.db.models.cases import (
    CaseEvent,
    CaseFact,
    CaseParticipant,
    Correction,
    HumanTask,
    InstanceTask,
    MessageReceipt,
    MessageSubscription,
    ProcessInstance,
    Timer,
)
from engine.db.models.definitions import Deployment, DeploymentFile, DeploymentNote, ModelDraft, ProcessDefinition
from engine.db.models.directory import (
    ApiToken,
    Institution,
    NotificationPreference,
    Partnership,
    PartnershipMember,
    User,
    UserRole,
)
from engine.db.models.meetings import Meeting, MeetingAttendance, MeetingItem
from engine.db.models.questions import AdviceQuestion
from engine.db.models.records import AuditChainHead, AuditEntry, Job, LoginFailure
from engine.db.models.report import CaseRecommendation, CaseReport

__all__ = [
    "Base",
    "AdviceQuestion",
    "ApiToken",
    "AuditChainHead",
    "AuditEntry",
    "Correction",
    "CaseEvent",
    "CaseMigration",
    "CaseFact",
    "CaseParticipant",
    "CaseRecommendation",
    "CaseReport",
    "Deployment",
    "DeploymentFile",
    "DeploymentNote",
    "HumanTask",
    "InstanceTask",
    "Institution",
    "Job",
    "LoginFailure",
    "Meeting",
    "MeetingAttendance",
    "MeetingItem",
    "MessageReceipt",
    "MessageSubscription",
    "ModelDraft",
    "NotificationPreference",
    "Partnership",
    "PartnershipMember",
    "ProcessDefinition",
    "ProcessInstance",
    "Timer",
    "User",
    "UserRole",
]
