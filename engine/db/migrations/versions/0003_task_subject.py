"""task subject: what a multi-instance task is about

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 14:41:45.000000

``human_task.subject`` is a short label of a multi-instance task's item (the household member's
name, the invited role, the plan item), written with the row so task lists can tell the instances
apart without loading workflows. Tasks opened before this revision have none.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("human_task", sa.Column("subject", sa.String(length=200), nullable=True))


def downgrade() -> None:
    op.drop_column("human_task", "subject")
