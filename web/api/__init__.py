"""JSON API for integrations (``/api/v1``): partner systems (courts, police, labour offices, OPS systems)
read the cases their institution takes part in and report back to them.

``blueprint`` guards and answers every call; the route modules declare the operations once (path, token
operation, models); ``openapi`` serves the OpenAPI 3.1 document and a documentation page made from them.
"""

from web.api import cases, docs, meetings, messages, tasks  # noqa: F401 - the modules register their routes
from web.api.blueprint import blueprint

__all__ = ["blueprint"]
