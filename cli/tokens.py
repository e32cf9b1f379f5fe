"""``kooperacja api-token``: issue, rotate or revoke the token of an external system acting for an institution."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import UTC, datetime

from engine import Engine
from engine.dto import Actor
from engine.errors import FieldError, InvalidFormData
from engine.roles import API_OPERATIONS


def add_command(commands, engine_factory: Callable[[], Engine], actor: Actor) -> None:
    """``kooperacja api-token NAME [--institution I --operation O... --message M... --expires D]``, or
    ``--rotate`` / ``--revoke``."""
    token = commands.add_parser(
        "api-token", help="wydaj (odnów, unieważnij) token API dla systemu zewnętrznego działającego za instytucję"
    )
    token.add_argument("name", help="nazwa systemu, np. sad-rejonowy")
    token.add_argument("--institution", help="instytucja, za którą działa system (identyfikator albo pełna nazwa)")
    token.add_argument(
        "--operation",
        action="append",
        default=[],
        help=f"dozwolona operacja, można powtarzać; jedna z: {', '.join(API_OPERATIONS)}",
    )
    token.add_argument(
        "--message", action="append", default=[], help="nazwa wiadomości, którą system może wysyłać (powtarzalna)"
    )
    token.add_argument("--expires", help="data wygaśnięcia (ISO 8601, np. 2027-12-31 albo 2027-12-31T12:00:00Z)")
    token.add_argument("--revoke", action="store_true", help="unieważnij token o tej nazwie")
    token.add_argument(
        "--rotate", action="store_true", help="nowy sekret dla tokenu o tej nazwie (stary przestaje działać)"
    )
    token.set_defaults(handler=functools.partial(_api_token, engine_factory, actor))


def _api_token(engine_factory: Callable[[], Engine], actor: Actor, args) -> int:
    engine = engine_factory()
    try:
        if args.revoke:
            engine.directory.revoke_api_token(actor, args.name)
            print(f"Token API {args.name} unieważniony.")
            return 0
        if args.rotate:
            info, token = engine.directory.rotate_api_token(actor, args.name)
        else:
            info, token = engine.directory.create_api_token(
                actor,
                args.name,
                _institution_id(engine, args.institution),
                args.operation or (["messages:send"] if args.message else []),
                args.message,
                _expiry(args.expires),
            )
    except InvalidFormData as error:
        for problem in error.errors:
            print(f"Błąd ({problem.path}): {problem.message}", file=sys.stderr)
        return 1
    finally:
        engine.close()
    print(
        f"Token API dla {info.name} ({info.institution_name}; {', '.join(info.operations)}"
        f"{'; wiadomości: ' + ', '.join(info.messages) if info.messages else ''}"
        f"{'; wygasa ' + info.expires_at.isoformat() if info.expires_at else ''}), "
        "pokazywany tylko raz, przechowujemy wyłącznie jego skrót:"
    )
    print(token)
    return 0


def _institution_id(engine: Engine, given: str | None) -> int | None:
    """The institution named by id or by its exact name (None: the service reports it missing)."""
    if not given:
        return None
    for institution in engine.directory.institutions():
        if given.strip() in (str(institution.id), institution.name):
            return institution.id
    raise InvalidFormData([FieldError("institution", f"Nie ma instytucji {given}.")])


def _expiry(given: str | None) -> datetime | None:
    if not given:
        return None
    try:
        moment = datetime.fromisoformat(given.strip())
    except ValueError:
        raise InvalidFormData([FieldError("expires", f"Niepoprawna data: {given} (np. 2027-12-31).")]) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
