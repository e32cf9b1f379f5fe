"""pzk meetings: a partnership's meetings, their agenda of cases, attendance and decisions

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-03 17:00:00.000000

A decision is kept as the data of the case's PZK task form; closing the meeting completes the task.
"""

import sqlalchemy as sa
from alembic import op

import engine.db.types

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pzk_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", engine.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", engine.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("closed_at", engine.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["closed_by"], ["app_user.id"], name=op.f("fk_pzk_meeting_closed_by_app_user")),
        sa.ForeignKeyConstraint(["created_by"], ["app_user.id"], name=op.f("fk_pzk_meeting_created_by_app_user")),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnership.id"],
            name=op.f("fk_pzk_meeting_partnership_id_partnership"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pzk_meeting")),
    )
    op.create_index(op.f("ix_pzk_meeting_partnership_id"), "pzk_meeting", ["partnership_id"], unique=False)
    op.create_table(
        "pzk_meeting_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.String(length=36), nullable=False),
        sa.Column("task_id", sa.String(length=36), nullable=False),
        sa.Column("decision", sa.Text(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("outcome_message", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["instance_id"],
            ["process_instance.id"],
            name=op.f("fk_pzk_meeting_item_instance_id_process_instance"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["pzk_meeting.id"],
            name=op.f("fk_pzk_meeting_item_meeting_id_pzk_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pzk_meeting_item")),
    )
    op.create_index(op.f("ix_pzk_meeting_item_instance_id"), "pzk_meeting_item", ["instance_id"], unique=False)
    op.create_index(op.f("ix_pzk_meeting_item_meeting_id"), "pzk_meeting_item", ["meeting_id"], unique=False)
    op.create_index(op.f("ix_pzk_meeting_item_task_id"), "pzk_meeting_item", ["task_id"], unique=False)
    op.create_table(
        "pzk_meeting_attendance",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institution.id"],
            name=op.f("fk_pzk_meeting_attendance_institution_id_institution"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["pzk_meeting.id"],
            name=op.f("fk_pzk_meeting_attendance_meeting_id_pzk_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", "institution_id", name=op.f("pk_pzk_meeting_attendance")),
    )


def downgrade() -> None:
    op.drop_table("pzk_meeting_attendance")
    op.drop_index(op.f("ix_pzk_meeting_item_task_id"), table_name="pzk_meeting_item")
    op.drop_index(op.f("ix_pzk_meeting_item_meeting_id"), table_name="pzk_meeting_item")
    op.drop_index(op.f("ix_pzk_meeting_item_instance_id"), table_name="pzk_meeting_item")
    op.drop_table("pzk_meeting_item")
    op.drop_index(op.f("ix_pzk_meeting_partnership_id"), table_name="pzk_meeting")
    op.drop_table("pzk_meeting")
