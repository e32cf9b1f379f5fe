"""Route access declarations: every view states who may call it (checked by a test)."""

from __future__ import annotations

from collections.abc import Callable


def public(view: Callable) -> Callable:
    """Anyone, without logging in (only pages that show no case data)."""
    view.access = "public"
    return view
