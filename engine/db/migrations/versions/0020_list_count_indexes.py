"""list count indexes: the counts of the queue, the escalations and a worker's case list read no rows

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 20:30:00.000000

A list's honest count walks up to 1,001 index entries. Where an entry lacks a column the count tests
(the task's case and institution in the queue, its case in the escalations, the admission of a
participation), each entry cost a read of its row: at 100,000 cases a random page of a large table.
These indexes gain those columns at their end (the orders they serve are unchanged), so the counts
read the index alone. ``ix_process_instance_probe`` answers a count's question about a task's case
(is it running, is it in the supervisor's partnership) without its row: PostgreSQL probes it
index-only (the queue's count, the supervisor's "at a step"); unique, as its first column is.
"""

from alembic import op
from sqlalchemy import text

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

PROBE = "ix_process_instance_probe"
QUEUE, ESCALATED, PARTICIPANT = (
    "ix_human_task_queue_created",
    "ix_human_task_escalated",
    "ix_case_participant_institution",
)
_ESCALATED = text("escalated_at IS NOT NULL")


def _replace(name: str, table: str, columns: list[str], partial: bool = False) -> None:
    op.drop_index(name, table_name=table)
    where = {"sqlite_where": _ESCALATED, "postgresql_where": _ESCALATED} if partial else {}
    op.create_index(name, table, columns, **where)


def upgrade() -> None:
    _replace(QUEUE, "human_task", ["role", "status", "assignee_id", "created_at", "id", "instance_id", "institution"])
    _replace(ESCALATED, "human_task", ["status", "due_at", "created_at", "id", "instance_id", "escalated_at"], True)
    _replace(PARTICIPANT, "case_participant", ["institution_id", "instance_id", "role", "admitted_at"])
    op.create_index(PROBE, "process_instance", ["id", "status", "partnership_id"], unique=True)


def downgrade() -> None:
    op.drop_index(PROBE, table_name="process_instance")
    _replace(PARTICIPANT, "case_participant", ["institution_id", "instance_id", "role"])
    _replace(ESCALATED, "human_task", ["status", "due_at", "created_at", "id"], True)
    _replace(QUEUE, "human_task", ["role", "status", "assignee_id", "created_at", "id"])
