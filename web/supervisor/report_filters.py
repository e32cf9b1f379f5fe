"""The filter both supervisors' reports (dashboards, Księga rekomendacji) read from the query string:
partnership, variant and a period of Polish-typed dates, with a message at the field for a bad date."""

from __future__ import annotations

from datetime import date

from flask import request
from flask_babel import gettext as _


def shared_filter() -> tuple[dict, dict]:
    """(partnership_id, variant, since, until as keyword arguments of a report filter, errors by field id)."""
    errors, fields = {}, {}
    for key, field in (("od", "since"), ("do", "until")):
        raw = request.args.get(key, "")
        try:
            fields[field] = date.fromisoformat(raw) if raw else None
        except ValueError:
            errors[f"f-{key}"] = _("Podaj datę w postaci RRRR-MM-DD.")
            fields[field] = None
    partnership = request.args.get("partnerstwo", "")
    fields["partnership_id"] = int(partnership) if partnership.isdigit() else None
    fields["variant"] = request.args.get("wariant") or None
    return fields, errors
