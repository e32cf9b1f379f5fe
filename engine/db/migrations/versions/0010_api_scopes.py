"""API scopes: each token acts for one institution, with named operations and messages, may expire; receipts
keep a hash of the message body

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 14:30:00.000000

Tokens issued before this revision have no institution and no operations: they get nothing until an
administrator issues scoped ones. A receipt's ``body_hash`` lets a reused idempotency key with another
body be refused (422) instead of silently dropping the new body; receipts from before have none.
"""

import sqlalchemy as sa
from alembic import op

import engine.db.types

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_token") as batch:
        batch.add_column(sa.Column("institution_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("operations", sa.Text(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("messages", sa.Text(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("expires_at", engine.db.types.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("rotated_at", engine.db.types.UTCDateTime(timezone=True), nullable=True))
        batch.create_foreign_key("fk_api_token_institution_id_institution", "institution", ["institution_id"], ["id"])
    with op.batch_alter_table("api_token") as batch:
        batch.alter_column("operations", server_default=None)
        batch.alter_column("messages", server_default=None)
    op.add_column("message_receipt", sa.Column("body_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column("message_receipt", "body_hash")
    with op.batch_alter_table("api_token") as batch:
        batch.drop_constraint("fk_api_token_institution_id_institution", type_="foreignkey")
        batch.drop_column("rotated_at")
        batch.drop_column("expires_at")
        batch.drop_column("messages")
        batch.drop_column("operations")
        batch.drop_column("institution_id")
