"""task institution: a task can be for one institution of its role (the provider ordered from)

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-03 14:30:00.000000

``human_task.institution`` holds the name the model's ``candidateInstitution`` gave the task; the
queue, the task page and the case file show such a task only to that institution of the role.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("human_task") as batch:
        batch.add_column(sa.Column("institution", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("human_task") as batch:
        batch.drop_column("institution")
