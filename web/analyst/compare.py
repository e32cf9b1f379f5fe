"""Comparing versions of the model: two deployed versions, or a deployed version with the working draft."""

from __future__ import annotations

from flask import g, render_template, request

from engine.errors import NotFound
from web.access import roles_required
from web.analyst.blueprint import MODEL_ROLES, blueprint
from web.services import engine

DRAFT = "robocza"


@blueprint.get("/porownaj")
@roles_required(*MODEL_ROLES)
def compare():
    """The form choosing the two sides; with both chosen (``od``, ``do``) the differences below it."""
    library = engine().library.overview(g.actor)
    numbers = [v.number for v in library.versions]
    old = request.args.get("od", type=int, default=numbers[1] if len(numbers) > 1 else None)
    new_arg = request.args.get("do", DRAFT if library.has_drafts or len(numbers) < 2 else str(numbers[0]))
    comparison = None
    if "od" in request.args and "do" in request.args:
        new = None if new_arg == DRAFT else _number(new_arg)
        if old is None:
            raise NotFound("Wybierz wersję, od której porównać.")
        comparison = engine().library.compare(g.actor, old, new)
    return render_template(
        "analyst/compare.html",
        library=library,
        old=old,
        new=new_arg,
        draft=DRAFT,
        comparison=comparison,
    )


def _number(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise NotFound(f"Nie ma wdrożonej wersji {value[:20]}.") from None
