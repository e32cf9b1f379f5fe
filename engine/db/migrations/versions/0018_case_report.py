"""case report: form dates, plan services and recommendations of each case, for the Księga rekomendacji

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-03 17:00:00.000000

The recommendations report counts lead times between the dates workers entered, the services of the
plans and lists the recommendations written at the end of the cases, without loading workflows; a save
keeps ``case_report`` and ``case_recommendation`` in step. Cases saved before this revision get their
rows at their next change.
"""

import sqlalchemy as sa
from alembic import op

import engine.db.types

revision = "0018"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_report",
        sa.Column("instance_id", sa.String(length=36), nullable=False),
        sa.Column("nominated_on", sa.Date(), nullable=True),
        sa.Column("qualified_on", sa.Date(), nullable=True),
        sa.Column("plan_approved_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("services", sa.Text(), nullable=False),
        sa.Column("updated_at", engine.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["instance_id"],
            ["process_instance.id"],
            name=op.f("fk_case_report_instance_id_process_instance"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("instance_id", name=op.f("pk_case_report")),
    )
    op.create_table(
        "case_recommendation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("area", sa.String(length=60), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(length=200), nullable=True),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", engine.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["instance_id"],
            ["process_instance.id"],
            name=op.f("fk_case_recommendation_instance_id_process_instance"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_recommendation")),
    )
    op.create_index(op.f("ix_case_recommendation_instance_id"), "case_recommendation", ["instance_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_case_recommendation_instance_id"), table_name="case_recommendation")
    op.drop_table("case_recommendation")
    op.drop_table("case_report")
