"""The analyst's workspace: the model library, the diagram editors, deployment, export and import."""

from __future__ import annotations

from web.analyst import code, compare, editor, forms, library, practice, practice_task  # noqa: F401 - registers the views
from web.analyst.blueprint import blueprint
from web.analyst.vendor import blueprint as vendor_blueprint

__all__ = ["blueprint", "vendor_blueprint"]
