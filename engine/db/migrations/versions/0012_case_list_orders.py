"""case list orders: an index for the case list sorted by last change

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 15:10:00.000000

The supervisor sorts the case list by the newest, the oldest, the last change or the number; the
first two walk ``ix_process_instance_newest``, the number its unique index, the last change this one.
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_process_instance_changed", "process_instance", ["updated_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_process_instance_changed", table_name="process_instance")
