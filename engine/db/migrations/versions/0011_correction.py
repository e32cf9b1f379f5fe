"""corrections: a recorded fact of a completed task corrected (art. 16 GDPR), with the old value kept

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 14:30:00.000000

The task's data is not rewritten: the old value stays where the workflow recorded it (the history),
and the case file and the documents show the newest correction of each field over it.
"""

import sqlalchemy as sa
from alembic import op

import engine.db.types

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.String(length=36), nullable=False),
        sa.Column("task_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=120), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("corrected_by", sa.Integer(), nullable=True),
        sa.Column("corrected_at", engine.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["corrected_by"], ["app_user.id"], name=op.f("fk_correction_corrected_by_app_user")),
        sa.ForeignKeyConstraint(
            ["instance_id"],
            ["process_instance.id"],
            name=op.f("fk_correction_instance_id_process_instance"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_correction")),
    )
    op.create_index(op.f("ix_correction_instance_id"), "correction", ["instance_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_correction_instance_id"), table_name="correction")
    op.drop_table("correction")
