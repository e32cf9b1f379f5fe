"""Public status pages: the start page and a health check for load balancers."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template

from web.access import public

blueprint = Blueprint("status", __name__)


@blueprint.get("/")
@public
def index():
    engine = current_app.extensions["kooperacja.engine"]
    versions = engine.repository.versions()
    return render_template("index.html", versions=versions)


@blueprint.get("/api/v1/health")
@public
def health():
    return jsonify(status="ok")
