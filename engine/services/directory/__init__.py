"""Directory service: institutions, users and their roles, partnerships (PZK), accounts and API tokens.

Every change needs the Administrator role (the system actor always may; a user may set their own
password and e-mail preferences) and is written to the audit log (``institution.update``,
``user.roles``…). Reads take no actor: the web layer decides who sees the admin screens. The
permission helpers the other services use (``acting``, ``require_role``) are in ``engine.access.acting``.
"""

from __future__ import annotations

from engine.services.directory.accounts import Accounts
from engine.services.directory.institutions import Institutions
from engine.services.directory.partnerships import Partnerships
from engine.services.directory.tokens import ApiTokens
from engine.services.directory.users import Users


class DirectoryService(Institutions, Users, Partnerships, Accounts, ApiTokens):
    """Institutions, users, roles and partnerships; each part in its own module, one service for callers."""


__all__ = ["DirectoryService"]
