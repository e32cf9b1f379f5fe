"""case facts: the variant, outcome and closing reason of each case, for the dashboards

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-03 12:00:00.000000

The dashboards filter by the model's variant and count outcomes (``wynik_sprawy``,
``powod_zamkniecia``) without loading workflows; a save keeps these three values in ``case_fact``.
Cases saved before this revision get their row at their next change.
"""

import sqlalchemy as sa
from alembic import op

import engine.db.types

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_fact",
        sa.Column("instance_id", sa.String(length=36), nullable=False),
        sa.Column("variant", sa.String(length=60), nullable=True),
        sa.Column("outcome", sa.String(length=60), nullable=True),
        sa.Column("close_reason", sa.String(length=120), nullable=True),
        sa.Column("updated_at", engine.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["instance_id"],
            ["process_instance.id"],
            name=op.f("fk_case_fact_instance_id_process_instance"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("instance_id", name=op.f("pk_case_fact")),
    )
    op.create_index(op.f("ix_case_fact_variant"), "case_fact", ["variant"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_case_fact_variant"), table_name="case_fact")
    op.drop_table("case_fact")
