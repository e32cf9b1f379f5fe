"""Keyset pagination of the API's lists: ``?cursor=`` from the previous page's ``next_cursor``, ``?size=``."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from engine.dto.pages import ListRequest
from engine.errors import InvalidInput

MAX_PAGE = 100
DEFAULT_PAGE = 50
PAGE_PARAMETERS = (
    {
        "name": "cursor",
        "in": "query",
        "required": False,
        "description": "next_cursor (albo previous_cursor z backward=true) poprzedniej strony",
        "schema": {"type": "string", "maxLength": 500},
    },
    {"name": "backward", "in": "query", "required": False, "schema": {"type": "boolean"}},
    {
        "name": "size",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": DEFAULT_PAGE},
    },
)


def list_request(**extra) -> ListRequest:
    """The page the query string asks for.

    Raises:
        InvalidInput: ``size`` not a number from 1 to ``MAX_PAGE``, or ``backward`` not a boolean.
    """
    size = request.args.get("size", str(DEFAULT_PAGE))
    if not (size.isascii() and size.isdigit()) or not 1 <= int(size) <= MAX_PAGE:
        raise InvalidInput(_("Parametr size musi być liczbą od 1 do %(max)s.", max=MAX_PAGE))
    backward = request.args.get("backward", "false").lower()
    if backward not in ("true", "false", "1", "0"):
        raise InvalidInput(_("Parametr backward musi mieć wartość true albo false."))
    cursor = request.args.get("cursor") or None
    if cursor is not None and len(cursor) > 500:
        raise InvalidInput(_("Nieprawidłowy kursor strony."))
    return ListRequest(cursor=cursor, backward=backward in ("true", "1"), size=int(size), **extra)


def page_fields(page) -> dict:
    return {
        "total": page.total,
        "more": page.more,
        "next_cursor": page.next_cursor,
        "previous_cursor": page.previous_cursor,
    }
