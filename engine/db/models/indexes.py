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
_PARTIAL = {"sqlite_where": _ESCALATED, "postgresql_where": _ESCALATED}
# SQLite's queue count: its tasks in case order, so the probes of their cases read neighbouring
# entries (0021). Not on PostgreSQL: given this narrow index, its planner hashes every queued task
# (50,000 at 100,000 cases) instead of stopping after 1,001.
_QUEUE_COUNT = Index("ix_human_task_queue_count", T.role, T.status, T.assignee_id, T.instance_id, T.institution)
_QUEUE_COUNT.ddl_if(dialect="sqlite")
#: the names of the indexes created on SQLite only (migration 0021 likewise)
SQLITE_ONLY = (_QUEUE_COUNT.name,)

INDEXES = (
    Index("ix_human_task_inbox", T.assignee_id, T.status, T.due_at, T.created_at, T.id),
    Index("ix_human_task_inbox_created", T.assignee_id, T.status, T.created_at, T.id),
    Index("ix_human_task_queue", T.role, T.status, T.assignee_id, T.due_at, T.created_at, T.id),
    # the case and institution at the end: on PostgreSQL the queue's count reads no task row (0020)
    Index(
        "ix_human_task_queue_created", T.role, T.status, T.assignee_id, T.created_at, T.id, T.instance_id, T.institution
    ),
    _QUEUE_COUNT,
    Index("ix_human_task_archive", T.completed_by, T.completed_at, T.id),
    Index("ix_human_task_escalated", T.status, T.due_at, T.created_at, T.id, **_PARTIAL),
    # the escalations' count in case order, with the condition itself: it reads no task row (0021)
    Index("ix_human_task_escalated_count", T.status, T.instance_id, T.escalated_at, **_PARTIAL),
    # a case's open tasks of a role and institution (the case list "an institution's open task"; a case's tasks) (0019)
    Index("ix_human_task_case", T.instance_id, T.status, T.role, T.institution),
    Index("ix_human_task_step", T.bpmn_id, T.status, T.instance_id),  # the case list "at a step" (0019)
    Index("ix_process_instance_newest", P.created_at, P.id),
    Index("ix_process_instance_changed", P.updated_at, P.id),  # the case list by last change (0012)
    Index("ix_process_instance_status_newest", P.status, P.created_at, P.id),
    # a count's probe of a task's case (running? in the supervisor's partnership?) from the index alone (0020)
    Index("ix_process_instance_probe", P.id, P.status, P.partnership_id, unique=True),
)
