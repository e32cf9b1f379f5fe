"""One index per task list and order, and for the case list (migration 0006).

Task and case lists are keyset pages in an order one of these indexes gives, so a page reads about
50 index entries at 1,000 and at 100,000 cases. The models package imports this module, so the indexes
are always in the metadata.
"""

from __future__ import annotations

from sqlalchemy import Index, text

from engine.db.models.cases import HumanTask as T
from engine.db.models.cases import ProcessInstance as P

_ESCALATED = text("escalated_at IS NOT NULL")

INDEXES = (
    Index("ix_human_task_inbox", T.assignee_id, T.status, T.due_at, T.created_at, T.id),
    Index("ix_human_task_inbox_created", T.assignee_id, T.status, T.created_at, T.id),
    Index("ix_human_task_queue", T.role, T.status, T.assignee_id, T.due_at, T.created_at, T.id),
    # the case and institution at the end: the queue's count reads no task row (0020)
    Index(
        "ix_human_task_queue_created", T.role, T.status, T.assignee_id, T.created_at, T.id, T.instance_id, T.institution
    ),
    Index("ix_human_task_archive", T.completed_by, T.completed_at, T.id),
    Index(
        "ix_human_task_escalated",
        T.status,
        T.due_at,
        T.created_at,
        T.id,
        T.instance_id,  # the case and the condition too: the count reads no task row (0020)
        T.escalated_at,
        sqlite_where=_ESCALATED,
        postgresql_where=_ESCALATED,
    ),
    # a case's open tasks of a role and institution (the case list "an institution's open task"; a case's tasks) (0019)
    Index("ix_human_task_case", T.instance_id, T.status, T.role, T.institution),
    Index("ix_human_task_step", T.bpmn_id, T.status, T.instance_id),  # the case list "at a step" (0019)
    Index("ix_process_instance_newest", P.created_at, P.id),
    Index("ix_process_instance_changed", P.updated_at, P.id),  # the case list by last change (0012)
    Index("ix_process_instance_status_newest", P.status, P.created_at, P.id),
    # a count's probe of a task's case (running? in the supervisor's partnership?) from the index alone (0020)
    Index("ix_process_instance_probe", P.id, P.status, P.partnership_id, unique=True),
)
