"""model library: the analysts' working drafts and the comment of a deployed version

Revision ID: 0005
Revises: 0008
Create Date: 2026-12-03 11:45:00.000000

``model_draft`` holds the analysts' edited copies of model files (diagrams, decisions, forms) until
they are deployed; ``deployment_note`` the comment given with a deployment from the browser.
"""

import sqlalchemy as sa
from alembic import op

import engine.db.types

revision = "0005"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "model_draft",
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", engine.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("path", name=op.f("pk_model_draft")),
    )
    op.create_table(
        "deployment_note",
        sa.Column("deployment_id", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deployment_id"], ["deployment.id"], name=op.f("fk_deployment_note_deployment_id_deployment")
        ),
        sa.PrimaryKeyConstraint("deployment_id", name=op.f("pk_deployment_note")),
    )


def downgrade() -> None:
    op.drop_table("deployment_note")
    op.drop_table("model_draft")
