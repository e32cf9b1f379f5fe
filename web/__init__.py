"""Kooperacja's Flask application (flaskr shape: factory, blueprints, extensions via init_app).

``web`` never imports SpiffWorkflow or SQLAlchemy: it talks to ``engine`` services only.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from engine import Engine
from engine.config import Settings
from engine.keys import session_signing_key
from web import errors, i18n, navigation, security, session_user, templating


def create_app(test_config: dict | None = None) -> Flask:
    """The application; ``test_config`` overrides settings, and ``ENGINE`` in it supplies a ready engine.

    Raises:
        engine.config.ConfigurationError: no usable ``KOOPERACJA_SECRET_KEY`` outside development and tests.
    """
    app = Flask(__name__, instance_relative_config=True)
    settings = Settings.from_env()
    test_config = dict(test_config or {})
    app.config.from_mapping(
        DATABASE_URL=settings.database_url,
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        IDLE_TIMEOUT=settings.idle_timeout,
        RETENTION=settings.retention,
        **security.COOKIE_SETTINGS,
    )
    app.config.update(test_config)
    if "SECRET_KEY" not in test_config:
        app.config["SECRET_KEY"] = session_signing_key(settings, testing=bool(test_config.get("TESTING")))
    if settings.proxies:  # the client's address and scheme as the TLS proxy saw them (throttling, HSTS)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.proxies, x_proto=settings.proxies)
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
    from web import account, admin, analyst, api, auth, councillors, protection, status, supervisor, worker

    for module in (status, auth, worker, supervisor, analyst, admin, protection, councillors, account, api):
        app.register_blueprint(module.blueprint)
    app.register_blueprint(analyst.vendor_blueprint)
