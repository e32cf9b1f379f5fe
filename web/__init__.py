"""Kooperacja's Flask application (flaskr shape: factory, blueprints, extensions via init_app).

``web`` never imports SpiffWorkflow or SQLAlchemy: it talks to ``engine`` services only.
"""

from __future__ import annotations

from flask import Flask

from engine import Engine
from engine.config import Settings


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    settings = Settings.from_env()
    app.config.from_mapping(DATABASE_URL=settings.database_url, SECRET_KEY=settings.secret_key or "dev")
    if test_config:
        app.config.update(test_config)
    app.extensions["kooperacja.engine"] = Engine.from_url(app.config["DATABASE_URL"])

    from web import api, status

    app.register_blueprint(status.blueprint)
    app.register_blueprint(api.blueprint)
    return app
