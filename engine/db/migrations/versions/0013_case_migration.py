"""case migration: cases moved from one deployed version of their process to another

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 17:00:00.000000

The newest row of a case names the version it came from, so that an analyst can move it back (undo).
"""

import sqlalchemy as sa
from alembic import op

import engine.db.types

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_migration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.String(length=36), nullable=False),
        sa.Column("from_definition_id", sa.Integer(), nullable=False),
        sa.Column("to_definition_id", sa.Integer(), nullable=False),
        sa.Column("migrated_at", engine.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("migrated_by", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_definition_id"],
            ["process_definition.id"],
            name=op.f("fk_case_migration_from_definition_id_process_definition"),
        ),
        sa.ForeignKeyConstraint(
            ["to_definition_id"],
            ["process_definition.id"],
            name=op.f("fk_case_migration_to_definition_id_process_definition"),
        ),
        sa.ForeignKeyConstraint(["migrated_by"], ["app_user.id"], name=op.f("fk_case_migration_migrated_by_app_user")),
        sa.ForeignKeyConstraint(
            ["instance_id"],
            ["process_instance.id"],
            name=op.f("fk_case_migration_instance_id_process_instance"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_migration")),
    )
    op.create_index(op.f("ix_case_migration_instance_id"), "case_migration", ["instance_id"], unique=False)
    op.create_index("ix_case_migration_target", "case_migration", ["to_definition_id", "instance_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_case_migration_target", table_name="case_migration")
    op.drop_index(op.f("ix_case_migration_instance_id"), table_name="case_migration")
    op.drop_table("case_migration")
