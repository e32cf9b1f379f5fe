"""Kooperacja's Flask application (flaskr shape: factory, blueprints, extensions via init_app).

``web`` never imports SpiffWorkflow or SQLAlchemy: it talks to ``engine`` services only.
"""

from __future__ import annotations

from flask import Flask

from engine import Engine
from engine.config import Settings
from web import errors, i18n, navigation, security, session_user, templating

DEVELOPMENT_KEY = "kooperacja-development-key-do-not-use-in-production"


def create_app(test_config: dict | None = None) -> Flask:
    """The application; ``test_config`` overrides settings, and ``ENGINE`` in it supplies a ready engine."""
    app = Flask(__name__, instance_relative_config=True)
    settings = Settings.from_env()
    app.config.from_mapping(
        DATABASE_URL=settings.database_url,
        SECRET_KEY=settings.secret_key or DEVELOPMENT_KEY,
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        **security.COOKIE_SETTINGS,
    )
    if test_config:
        app.config.update(test_config)
    engine = app.config.pop("ENGINE", None) or Engine.from_url(app.config["DATABASE_URL"])
    app.extensions["kooperacja.engine"] = engine

    templating.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    session_user.init_app(app)
    errors.init_app(app)
    navigation.init_app(app)
    _register_blueprints(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from web import account, admin, api, auth, status, supervisor, vendor, worker

    for module in (status, auth, worker, supervisor, admin, account, api, vendor):
        app.register_blueprint(module.blueprint)
