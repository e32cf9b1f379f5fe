"""Administration: institutions, users and their roles, partnerships (PZK), API tokens.

Every view needs the Administrator role; the engine checks it again on every change.
"""

from __future__ import annotations

from web.admin import home, institutions, partnerships, tokens, users  # noqa: F401  - the views register on the blueprint
from web.admin.blueprint import blueprint

__all__ = ["blueprint"]
