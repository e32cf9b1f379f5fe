"""The browser builds of bpmn.io's editors and viewers, served from node_modules (no CDN, no bundler).

``npm ci`` (``make install``) puts the pinned packages of package-lock.json into node_modules; only
their prebuilt ``dist/`` bundles, stylesheets and fonts are served, from a fixed list, so nothing
else under node_modules is reachable. They hold no case data: anyone may load them.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory

from web.access import public

blueprint = Blueprint("vendor", __name__, url_prefix="/vendor")

NODE_MODULES = Path(__file__).parents[2] / "node_modules"
#: package -> the files of it a page may load (relative to the package folder)
SERVED = {
    "bpmn-js": re.compile(
        r"^dist/(bpmn-(modeler|viewer|navigated-viewer)\.production\.min\.js"
        r"|assets/[a-z-]+\.css|assets/bpmn-font/(css/bpmn\.css|font/bpmn\.(woff2?|ttf|eot|svg)))$"
    ),
    "dmn-js": re.compile(
        r"^dist/(dmn-(modeler|viewer|navigated-viewer)\.production\.min\.js"
        r"|assets/[a-z-]+\.css|assets/dmn-font/(css/dmn\.css|font/dmn\.(woff2?|ttf|eot|svg)))$"
    ),
}
MAX_AGE = 24 * 3600  # the files change only with package-lock.json


@blueprint.get("/<package>/<path:path>")
@public
def asset(package: str, path: str):
    pattern = SERVED.get(package)
    if pattern is None or not pattern.match(path):
        abort(404)
    folder = Path(current_app.config.get("NODE_MODULES", NODE_MODULES)) / package
    response = send_from_directory(folder, path, max_age=MAX_AGE)
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response
