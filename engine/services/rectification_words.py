"""Corrections in words: a corrected field's label and its values before and after, as a reader sees them."""

from __future__ import annotations

import json

from engine.dto.casefile import FieldCorrection
from engine.services.answer_words import Wording


def describe(node: dict, value) -> str:
    """One answer in words (choices by title, yes/no, Polish dates); "—" when empty."""
    if value is None or value == "":
        return "—"
    return Wording({}, []).scalar(node or {}, value)


def field_correction(row, fields: dict) -> FieldCorrection:
    node = fields.get(row.field) or {}
    return FieldCorrection(
        field=row.field,
        label=str(node.get("title") or row.field),
        before=describe(node, json.loads(row.old_value) if row.old_value else None),
        after=describe(node, json.loads(row.new_value) if row.new_value else None),
        reason=row.reason,
        corrected_at=row.corrected_at,
        corrected_by=row.display_name,
        recipients=tuple(json.loads(row.recipients or "[]")),
    )
