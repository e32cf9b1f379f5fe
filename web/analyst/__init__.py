"""The analyst's workspace: the model library, the diagram editors, deployment, export and import."""

from __future__ import annotations

from web.analyst import (  # noqa: F401 - registers the views
    code,
    compare,
    editor,
    forms,
    library,
    migration,
    practice,
    practice_task,
    visibility,
)
from web.analyst.blueprint import blueprint
from web.analyst.vendor import blueprint as vendor_blueprint

__all__ = ["blueprint", "vendor_blueprint"]
