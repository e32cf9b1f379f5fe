"""case admission: which institutions of a case may see it yet

Revision ID: 0008
Revises: 0004
Create Date: 2026-12-03 11:00:00.000000

A case's participants are copied from its partnership when it starts, but an institution sees the
case only once it is admitted: the leading roles at the start, an invited role when the invitation
is decided, any role when a task of that role opens. Cases started before this revision keep what
their participants saw: every participant is admitted.
"""

import sqlalchemy as sa
from alembic import op

import engine.db.types

revision = "0008"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "case_participant", sa.Column("admitted_at", engine.db.types.UTCDateTime(timezone=True), nullable=True)
    )
    op.execute("UPDATE case_participant SET admitted_at = CURRENT_TIMESTAMP")
    op.create_index("ix_case_participant_institution", "case_participant", ["institution_id", "instance_id"])


def downgrade() -> None:
    op.drop_index("ix_case_participant_institution", table_name="case_participant")
    op.drop_column("case_participant", "admitted_at")
