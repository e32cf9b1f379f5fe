"""Directory service: institutions, users and their roles, partnerships (PZK), accounts and API tokens.

Every change needs the Administrator role (the system actor always may; a user may set their own
password and e-mail preferences) and is written to the audit log (``institution.update``,
``user.roles``…). Reads take no actor: the web layer decides who sees the admin screens. The
permission helpers the other services use (``acting``, ``require_role``) are in ``engine.identity``.
"""

from __future__ import annotations

from engine.directory.accounts import Accounts
from engine.directory.institutions import Institutions
from engine.directory.partnerships import Partnerships
from engine.directory.tokens import ApiTokens
from engine.directory.users import Users


class DirectoryService(Institutions, Users, Partnerships, Accounts, ApiTokens):
    """Institutions, users, roles and partnerships; each part in its own module, one service for callers."""


__all__ = ["DirectoryService"]
