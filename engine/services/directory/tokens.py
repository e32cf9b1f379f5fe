"""API tokens: how an external system (court, labour office) calls the JSON API."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select, update

from engine.db.models import ApiToken
from engine.dto import Actor, ApiTokenInfo
from engine.errors import NotAuthenticated, NotFound
from engine.services.directory.common import DirectoryPart, Fields, flush_unique


class ApiTokens(DirectoryPart):
    def create_api_token(self, actor: Actor, name: str) -> tuple[ApiTokenInfo, str]:
        """A new token for an external system; the token itself is returned once and stored only hashed.

        Raises:
            NotAllowed: the actor is not an administrator.
            InvalidFormData: empty or too long a name.
            Conflict: a token (valid or revoked) has this name.
        """
        token = secrets.token_urlsafe(32)
        with self._ctx.transaction() as session:
            who = self._admin(session, actor, "wydawać tokeny API")
            fields = Fields()
            name = fields.text("name", name, "Podaj nazwę systemu, który będzie używał tokenu.", 120)
            fields.check()
            row = ApiToken(
                name=name, token_hash=_hash(token), created_at=self._ctx.clock.now(), created_by=actor.label or "?"
            )
            session.add(row)
            flush_unique(session, f"Token API o nazwie {name} już istnieje.")
            self._audit(session, who, "api_token.create", name=name)
            return _token(row), token

    def revoke_api_token(self, actor: Actor, name: str) -> None:
        with self._ctx.transaction() as session:
            who = self._admin(session, actor, "unieważniać tokeny API")
            result = session.execute(
                update(ApiToken)
                .where(ApiToken.name == name, ApiToken.revoked_at.is_(None))
                .values(revoked_at=self._ctx.clock.now())
            )
            if result.rowcount != 1:
                raise NotFound(f"Nie ma ważnego tokenu API o nazwie {name}.")
            self._audit(session, who, "api_token.revoke", name=name)

    def api_tokens(self) -> list[ApiTokenInfo]:
        """Every token, valid or revoked, by name (never the token itself: only its hash is kept)."""
        with self._ctx.transaction(write=False) as session:
            return [_token(row) for row in session.execute(select(ApiToken).order_by(ApiToken.name)).scalars()]

    def authenticate_token(self, token: str) -> Actor:
        """The system actor an API token stands for (``api:<name>``).

        Raises:
            NotAuthenticated: unknown or revoked token.
        """
        with self._ctx.transaction(write=False) as session:
            name = session.execute(
                select(ApiToken.name).where(ApiToken.token_hash == _hash(token), ApiToken.revoked_at.is_(None))
            ).scalar()
        if name is None:
            raise NotAuthenticated("Nieprawidłowy lub unieważniony token API.")
        return Actor.system(f"api:{name}")


def _hash(token: str) -> str:
    """Tokens are 256 random bits, so one SHA-256 suffices (no password stretching needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _token(row: ApiToken) -> ApiTokenInfo:
    return ApiTokenInfo(row.id, row.name, row.created_at, row.created_by, row.revoked_at)
