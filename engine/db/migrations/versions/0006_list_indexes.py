"""list indexes: one index per task list and order, and one for the case list

Revision ID: 0006
Revises: 0007
Create Date: 2026-12-03 12:00:00.000000

Task and case lists are keyset pages (about 50 rows) in an order an index gives, so a page reads
the same few index entries at 1,000 and at 100,000 cases (no full scan, no sort of every row).
The three older human_task indexes are prefixes of the new ones and go.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEXES = {
    "human_task": {
        "ix_human_task_inbox": ["assignee_id", "status", "due_at", "created_at", "id"],
        "ix_human_task_inbox_created": ["assignee_id", "status", "created_at", "id"],
        "ix_human_task_queue": ["role", "status", "assignee_id", "due_at", "created_at", "id"],
        "ix_human_task_queue_created": ["role", "status", "assignee_id", "created_at", "id"],
        "ix_human_task_archive": ["completed_by", "completed_at", "id"],
    },
    "process_instance": {
        "ix_process_instance_newest": ["created_at", "id"],
        "ix_process_instance_status_newest": ["status", "created_at", "id"],
    },
}
OLD = {
    "ix_human_task_role_status": ["role", "status"],
    "ix_human_task_assignee_status": ["assignee_id", "status"],
    "ix_human_task_completed_by": ["completed_by"],
}


def upgrade() -> None:
    for name in OLD:
        op.drop_index(name, table_name="human_task")
    for table, indexes in INDEXES.items():
        for name, columns in indexes.items():
            op.create_index(name, table, columns)
    escalated = sa.text("escalated_at IS NOT NULL")
    op.create_index(
        "ix_human_task_escalated",
        "human_task",
        ["status", "due_at", "created_at", "id"],
        sqlite_where=escalated,
        postgresql_where=escalated,
    )


def downgrade() -> None:
    op.drop_index("ix_human_task_escalated", table_name="human_task")
    for table, indexes in INDEXES.items():
        for name in indexes:
            op.drop_index(name, table_name=table)
    for name, columns in OLD.items():
        op.create_index(name, "human_task", columns)
