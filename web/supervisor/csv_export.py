"""CSV downloads of the supervisors' tables: semicolons and a BOM for Polish spreadsheets, text made inert."""

from __future__ import annotations

import csv
import io

from flask import Response


def csv_download(header, rows, filename: str) -> Response:
    """One table as a CSV attachment."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([inert(value) for value in header])
    writer.writerows([[inert(value) for value in row] for row in rows])
    return Response(
        "\ufeff" + out.getvalue(),  # the BOM lets spreadsheets read the Polish letters
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def inert(value):
    """Text made inert for spreadsheets: a leading =, +, - or @ would start a formula (names and free text
    come from users)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
