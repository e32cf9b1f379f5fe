"""The case list's SQL: the cases a condition lets through, newest first, in keyset pages of the
listed columns only (never the workflow state), with an honest ``COUNT(*)``."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from engine.db.models import Deployment, ProcessDefinition, ProcessInstance
from engine.dto.pages import ListRequest, Page
from engine.store import keyset
from engine.store.case_rows import case_summary
from engine.store.keyset import Segment

_INSTANCE, _DEFINITION, _DEPLOYMENT = ProcessInstance.__table__, ProcessDefinition.__table__, Deployment.__table__
_COLUMNS = ("id", "business_key", "title", "process_id", "status", "stage", "created_at", "updated_at", "anonymized_at")
_LIST = (
    select(
        *(_INSTANCE.c[name] for name in _COLUMNS),
        _INSTANCE.c.error_message,
        _DEFINITION.c.name.label("process_name"),
        _DEPLOYMENT.c.number.label("version_number"),
    )
    .join(_DEFINITION, _DEFINITION.c.id == _INSTANCE.c.definition_id)
    .join(_DEPLOYMENT, _DEPLOYMENT.c.id == _DEFINITION.c.deployment_id)
)
_NEWEST_FIRST = [Segment(None, (_INSTANCE.c.created_at, _INSTANCE.c.id), descending=True)]


def case_page(session: Session, visible, request: ListRequest) -> Page:
    """One page of the cases ``visible`` (a condition on ``process_instance``) lets through, newest first."""
    where = [visible, *_filters(request)]
    rows, after, before = keyset.page_of(session, _LIST.where(*where), _NEWEST_FIRST, request)
    total = keyset.count(session, select(_INSTANCE.c.id).where(*where), _INSTANCE.c.id)
    return keyset.build([case_summary(row) for row in rows], total, after, before)


def _filters(request: ListRequest) -> list:
    found = []
    if request.status:
        found.append(_INSTANCE.c.status == request.status)
    if request.search:
        needle = "%" + request.search.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        found.append(
            or_(*(func.lower(c).like(needle, escape="\\") for c in (_INSTANCE.c.title, _INSTANCE.c.business_key)))
        )
    return found
