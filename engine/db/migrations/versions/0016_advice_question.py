"""advice questions: a worker asks the ROPS model team (adviser, legal consultant, supervisor) about a case

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 16:50:00.000000

One row per question, queued for one role with its deadline; the answer is written into the same row,
so the case shows the question and its answer together.
"""

import sqlalchemy as sa
from alembic import op

import engine.db.types

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "advice_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.String(length=36), nullable=False),
        sa.Column("task_id", sa.String(length=36), nullable=True),
        sa.Column("to_role", sa.String(length=120), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("asked_by", sa.Integer(), nullable=True),
        sa.Column("asked_institution_id", sa.Integer(), nullable=True),
        sa.Column("asked_at", engine.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("due_at", engine.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.Integer(), nullable=True),
        sa.Column("answered_at", engine.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["asked_by"], ["app_user.id"], name=op.f("fk_advice_question_asked_by_app_user")),
        sa.ForeignKeyConstraint(
            ["asked_institution_id"],
            ["institution.id"],
            name=op.f("fk_advice_question_asked_institution_id_institution"),
        ),
        sa.ForeignKeyConstraint(["answered_by"], ["app_user.id"], name=op.f("fk_advice_question_answered_by_app_user")),
        sa.ForeignKeyConstraint(
            ["instance_id"],
            ["process_instance.id"],
            name=op.f("fk_advice_question_instance_id_process_instance"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advice_question")),
    )
    op.create_index(op.f("ix_advice_question_instance_id"), "advice_question", ["instance_id"], unique=False)
    op.create_index(op.f("ix_advice_question_asked_by"), "advice_question", ["asked_by"], unique=False)
    op.create_index("ix_advice_question_queue", "advice_question", ["to_role", "answered_at", "due_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_advice_question_queue", table_name="advice_question")
    op.drop_index(op.f("ix_advice_question_asked_by"), table_name="advice_question")
    op.drop_index(op.f("ix_advice_question_instance_id"), table_name="advice_question")
    op.drop_table("advice_question")
