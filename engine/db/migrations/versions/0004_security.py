"""security: revocable sessions, login throttling, hash-chained audit log, retention marker

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 11:00:00.000000

``app_user.session_key`` is the random value every session cookie of the user must carry (a new
value ends all their sessions); ``login_failure`` counts refused logins per account and address;
``audit_log.prev_hash``/``hash`` chain every audit entry to the one before it and ``audit_chain``
holds the newest link (``detail_hash`` keeps the digest of a detail retention erased);
``process_instance.anonymized_at`` marks cases retention has anonymised. Existing audit entries are
chained here, in id order, so the whole log is covered from now on (the hash format is
``engine.access.audit_chain``'s; it must never change).
"""

import hashlib
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from engine.db.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

GENESIS = "0" * 64
BATCH = 1000


def upgrade() -> None:
    op.add_column("app_user", sa.Column("session_key", sa.String(length=64), nullable=True))
    op.add_column("process_instance", sa.Column("anonymized_at", UTCDateTime(), nullable=True))
    op.add_column("audit_log", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_log", sa.Column("hash", sa.String(length=64), nullable=True))
    op.add_column("audit_log", sa.Column("detail_hash", sa.String(length=64), nullable=True))
    head = op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=True),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain")),
    )
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("login", sa.String(length=80), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failure")),
    )
    op.create_index(op.f("ix_login_failure_at"), "login_failure", ["at"], unique=False)
    op.create_index(op.f("ix_login_failure_login"), "login_failure", ["login"], unique=False)
    op.create_index(op.f("ix_login_failure_address"), "login_failure", ["address"], unique=False)
    last_id, last_hash = _chain_existing_entries()
    op.bulk_insert(head, [{"id": 1, "last_id": last_id, "last_hash": last_hash}])


def downgrade() -> None:
    op.drop_index(op.f("ix_login_failure_address"), table_name="login_failure")
    op.drop_index(op.f("ix_login_failure_login"), table_name="login_failure")
    op.drop_index(op.f("ix_login_failure_at"), table_name="login_failure")
    op.drop_table("login_failure")
    op.drop_table("audit_chain")
    op.drop_column("audit_log", "detail_hash")
    op.drop_column("audit_log", "hash")
    op.drop_column("audit_log", "prev_hash")
    op.drop_column("process_instance", "anonymized_at")
    op.drop_column("app_user", "session_key")


def _chain_existing_entries() -> tuple[int | None, str]:
    log = sa.table(
        "audit_log",
        sa.column("id", sa.Integer),
        sa.column("at", UTCDateTime()),
        sa.column("actor_id", sa.Integer),
        sa.column("action", sa.String),
        sa.column("instance_id", sa.String),
        sa.column("task_id", sa.String),
        sa.column("detail", sa.Text),
        sa.column("prev_hash", sa.String),
        sa.column("hash", sa.String),
    )
    connection = op.get_bind()
    last_id, last_hash = None, GENESIS
    while True:
        query = sa.select(log).order_by(log.c.id).limit(BATCH)
        if last_id is not None:
            query = query.where(log.c.id > last_id)
        rows = connection.execute(query).all()
        if not rows:
            return last_id, last_hash
        links = []
        for row in rows:
            digest = _hash(last_hash, row)
            links.append({"b_id": row.id, "b_prev": last_hash, "b_hash": digest})
            last_id, last_hash = row.id, digest
        connection.execute(
            log.update()
            .where(log.c.id == sa.bindparam("b_id"))
            .values(prev_hash=sa.bindparam("b_prev"), hash=sa.bindparam("b_hash")),
            links,
        )


def _hash(prev_hash: str, row) -> str:
    at: datetime = row.at
    content = [
        prev_hash,
        at.astimezone(UTC).isoformat(timespec="microseconds"),
        row.actor_id,
        row.action,
        row.instance_id,
        row.task_id,
        None if row.detail is None else hashlib.sha256(row.detail.encode()).hexdigest(),
    ]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()
