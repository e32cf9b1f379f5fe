"""case list task indexes: the supervisor's "at a step" and "an institution's open task" counted
from the tasks

Revision ID: 0019
Revises: 0017
Create Date: 2026-12-03 17:00:00.000000

The case list filtered by an open task counts its cases by walking the open tasks at the element in
case order (``ix_human_task_step``), or the institution's participations (``ix_case_participant_institution``,
now with the role) each probed for an open task of that role (``ix_human_task_case``, which replaces
the index on ``instance_id`` alone: that is its prefix), instead of walking every case newest first.
"""

from alembic import op

revision = "0019"
down_revision = "0017"
branch_labels = None
depends_on = None

PARTICIPANT = "ix_case_participant_institution"


def upgrade() -> None:
    op.create_index("ix_human_task_case", "human_task", ["instance_id", "status", "role", "institution"])
    op.drop_index("ix_human_task_instance_id", table_name="human_task")
    op.create_index("ix_human_task_step", "human_task", ["bpmn_id", "status", "instance_id"])
    op.drop_index(PARTICIPANT, table_name="case_participant")
    op.create_index(PARTICIPANT, "case_participant", ["institution_id", "instance_id", "role"])


def downgrade() -> None:
    op.drop_index(PARTICIPANT, table_name="case_participant")
    op.create_index(PARTICIPANT, "case_participant", ["institution_id", "instance_id"])
    op.drop_index("ix_human_task_step", table_name="human_task")
    op.create_index("ix_human_task_instance_id", "human_task", ["instance_id"])
    op.drop_index("ix_human_task_case", table_name="human_task")
