"""Cookies, CSRF tokens and security headers for every response.

CSRF: a random token per session, sent back by every form as ``csrf_token`` (or the
``X-CSRF-Token`` header) and compared in constant time before any state-changing request.
Views marked ``api_token`` are exempt: they take no cookies, only a bearer token.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from flask import Flask, abort, current_app, request, session
from markupsafe import Markup, escape

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"


# Defaults for create_app: a working day's session, no cookie for scripts or other sites.
COOKIE_SETTINGS = {
    "SESSION_COOKIE_NAME": "kooperacja_session",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
}


def init_app(app: Flask) -> None:
    app.before_request(_check_csrf)
    app.after_request(_add_headers)
    app.jinja_env.globals["csrf_field"] = csrf_field
    app.jinja_env.globals["csrf_token"] = csrf_token


def csrf_token() -> str:
    """This session's CSRF token (created on first use)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def csrf_field() -> Markup:
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(escape(csrf_token()))


def _check_csrf():
    if request.method in SAFE_METHODS or current_app.config.get("CSRF_DISABLED"):
        return None
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "access", None) == "api_token":
        return None
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        abort(400, description="csrf")
    return None


def _add_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if not request.path.startswith("/static/"):
        # Case data is special-category personal data: no copies in shared or back-button caches.
        response.headers.setdefault("Cache-Control", "no-store")
    if request.is_secure:  # over HTTPS (behind the TLS proxy: KOOPERACJA_PROXIES), browsers keep to HTTPS
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response
