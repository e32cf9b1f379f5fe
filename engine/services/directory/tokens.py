"""API tokens: how an external system (court, labour office) calls the JSON API.

A token acts for one institution (it sees what that institution may see of a case), may do only the
operations it was issued for (``roles.API_OPERATIONS``) and send only the messages named on it; it may
expire. Rotation gives the same token a new secret (the old one stops working at once); revocation ends
it for good. Only a SHA-256 of the secret is stored.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select, update

from engine.access.acting import Acting
from engine.db.models import ApiToken, Institution
from engine.dto import Actor, ApiTokenInfo
from engine.errors import FieldError, NotAllowed, NotAuthenticated, NotFound
from engine.roles import API_OPERATIONS
from engine.services.directory.common import DirectoryPart, Fields, flush_unique

MESSAGE_NAME_MAX = 200


class ApiTokens(DirectoryPart):
    def create_api_token(
        self,
        actor: Actor,
        name: str,
        institution_id: int | None,
        operations: Iterable[str],
        messages: Iterable[str] = (),
        expires_at: datetime | None = None,
    ) -> tuple[ApiTokenInfo, str]:
        """A new token for an external system acting for ``institution_id``; the token itself is returned
        once and stored only hashed.

        Raises:
            NotAllowed: the actor is not an administrator.
            InvalidFormData: empty or too long a name, no or an unknown institution, no or unknown
                operations, messages without ``messages:send``, an expiry in the past.
            Conflict: a token (valid or revoked) has this name.
        """
        token = secrets.token_urlsafe(32)
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = self._admin(session, actor, "wydawać tokeny API")
            fields = Fields()
            name = fields.text("name", name, "Podaj nazwę systemu, który będzie używał tokenu.", 120)
            operations, messages = _scope(fields, operations, messages)
            if institution_id is None or session.get(Institution, institution_id) is None:
                fields.errors.append(FieldError("institution_id", "Wybierz instytucję, za którą działa system."))
            if expires_at is not None and expires_at <= now:
                fields.errors.append(FieldError("expires_at", "Data wygaśnięcia musi być w przyszłości."))
            fields.check()
            row = ApiToken(
                name=name,
                token_hash=_hash(token),
                created_at=now,
                created_by=actor.label or "?",
                institution_id=institution_id,
                operations=json.dumps(operations),
                messages=json.dumps(messages, ensure_ascii=False),
                expires_at=expires_at,
            )
            session.add(row)
            flush_unique(session, f"Token API o nazwie {name} już istnieje.")
            self._audit(
                session,
                who,
                "api_token.create",
                name=name,
                institution_id=institution_id,
                operations=operations,
                messages=messages,
                expires_at=expires_at,
            )
            return _info(session, row), token

    def rotate_api_token(self, actor: Actor, name: str) -> tuple[ApiTokenInfo, str]:
        """A new secret for a valid token, with the same name and scope; the old secret stops working now.

        Raises:
            NotAllowed: the actor is not an administrator.
            NotFound: no valid token has this name.
        """
        token = secrets.token_urlsafe(32)
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = self._admin(session, actor, "odnawiać tokeny API")
            row = session.execute(
                select(ApiToken).where(ApiToken.name == name, ApiToken.revoked_at.is_(None)).with_for_update()
            ).scalar()
            if row is None:
                raise NotFound(f"Nie ma ważnego tokenu API o nazwie {name}.")
            row.token_hash, row.rotated_at = _hash(token), now
            session.flush()
            self._audit(session, who, "api_token.rotate", name=name)
            return _info(session, row), token

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
            rows = session.execute(select(ApiToken).order_by(ApiToken.name)).scalars().all()
            return [_info(session, row) for row in rows]

    def authenticate_token(self, token: str, operation: str | None = None, call: str | None = None) -> Actor:
        """The actor an API token stands for (``api:<name>``, acting for the token's institution).

        With ``operation``, the token must hold it. With ``call`` (e.g. ``GET /api/v1/cases``) the call is
        audited under the token's name: ``api.call``, or ``api.refused`` without the operation.

        Raises:
            NotAuthenticated: unknown, revoked or expired token.
            NotAllowed: the token does not hold ``operation``.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction(write=call is not None) as session:
            row = session.execute(select(ApiToken).where(ApiToken.token_hash == _hash(token))).scalar()
            if row is None or row.revoked_at is not None:
                raise NotAuthenticated("Nieprawidłowy lub unieważniony token API.")
            if row.expires_at is not None and row.expires_at <= now:
                raise NotAuthenticated(f"Token API „{row.name}” wygasł {row.expires_at:%Y-%m-%d %H:%M} UTC.")
            allowed = operation is None or operation in json.loads(row.operations)
            token_id, name = row.id, row.name
            if call is not None:
                who = Acting(None, row.institution_id, frozenset(), token=name)
                self._audit(session, who, "api.call" if allowed else "api.refused", operation=operation, call=call)
        if not allowed:
            raise NotAllowed(f"Token API „{name}” nie ma uprawnienia {operation}.")
        return Actor.api(token_id, name)


def _scope(fields: Fields, operations: Iterable[str], messages: Iterable[str]) -> tuple[list[str], list[str]]:
    operations = sorted({(op or "").strip() for op in operations} - {""})
    messages = sorted({(m or "").strip() for m in messages} - {""})
    unknown = [op for op in operations if op not in API_OPERATIONS]
    if not operations:
        fields.errors.append(FieldError("operations", "Wybierz co najmniej jedną operację."))
    elif unknown:
        names, allowed = ", ".join(unknown), ", ".join(API_OPERATIONS)
        fields.errors.append(FieldError("operations", f"Nieznane operacje: {names} (dozwolone: {allowed})."))
    if messages and "messages:send" not in operations:
        fields.errors.append(FieldError("messages", "Wiadomości może wysyłać tylko token z operacją messages:send."))
    elif "messages:send" in operations and not messages:
        fields.errors.append(FieldError("messages", "Podaj nazwy wiadomości, które system może wysyłać."))
    if any(len(m) > MESSAGE_NAME_MAX for m in messages):
        fields.errors.append(FieldError("messages", f"Nazwa wiadomości może mieć najwyżej {MESSAGE_NAME_MAX} znaków."))
    return operations, messages


def _hash(token: str) -> str:
    """Tokens are 256 random bits, so one SHA-256 suffices (no password stretching needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _info(session, row: ApiToken) -> ApiTokenInfo:
    institution = session.get(Institution, row.institution_id) if row.institution_id is not None else None
    return ApiTokenInfo(
        id=row.id,
        name=row.name,
        created_at=row.created_at,
        created_by=row.created_by,
        revoked_at=row.revoked_at,
        institution_id=row.institution_id,
        institution_name=institution.name if institution is not None else None,
        operations=tuple(json.loads(row.operations or "[]")),
        messages=tuple(json.loads(row.messages or "[]")),
        expires_at=row.expires_at,
        rotated_at=row.rotated_at,
    )
