"""Administration: institutions, users and their roles, partnerships (PZK), API tokens.

Every view needs the Administrator role; the engine checks it again on every change.
"""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("admin", __name__, url_prefix="/admin")

from web.admin import home, institutions, partnerships, tokens, users  # noqa: E402,F401  - views register here
