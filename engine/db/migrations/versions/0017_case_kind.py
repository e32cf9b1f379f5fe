"""case kind: whom a case is for (a person, a family, a group)

Revision ID: 0017
Revises: 0018
Create Date: 2026-12-03 17:20:00.000000

Lists and the case page say "Sprawa grupowa: Seniorzy z Woli Rafałowskiej" without reading case
data, so the kind chosen at start is a column of the case row. Cases started before have none
(the web layer calls a family-process case without a kind a family case).
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("process_instance", sa.Column("kind", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("process_instance") as batch:
        batch.drop_column("kind")
