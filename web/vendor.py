"""Front-end packages from the npm registry, served from ``node_modules`` (installed by ``make install``).

Only the files the pages load are reachable: the bpmn-js navigated viewer, its style sheets and fonts.
No CDN: every script comes from this application, so the Content-Security-Policy stays ``'self'``.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, send_from_directory

from web.access import public

NODE_MODULES = Path(__file__).resolve().parents[1] / "node_modules"
SERVED = {
    "bpmn-js": (
        NODE_MODULES / "bpmn-js" / "dist",
        ("bpmn-navigated-viewer.production.min.js", "assets/"),
    ),
}

blueprint = Blueprint("vendor", __name__, url_prefix="/static/vendor")


@blueprint.get("/<package>/<path:filename>")
@public
def asset(package: str, filename: str):
    served = SERVED.get(package)
    if served is None or not any(_matches(filename, allowed) for allowed in served[1]):
        abort(404)
    return send_from_directory(served[0], filename, max_age=86400)


def _matches(filename: str, allowed: str) -> bool:
    """A file by name, or anything under a folder named with a trailing slash."""
    return filename == allowed or (allowed.endswith("/") and filename.startswith(allowed) and ".." not in filename)
