"""Polish by default, English on request (Flask-Babel).

Texts are written in Polish in templates and views (``_("Moje zadania")``); ``web/translations/en``
holds the English catalogue. Its ``.po`` file is compiled at start-up into the instance folder,
so there is no build step and no compiled file in the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, g, request, session
from flask_babel import Babel

LANGUAGES = {"pl": "Polski", "en": "English"}
DEFAULT_LANGUAGE = "pl"
CATALOGUES = Path(__file__).parent / "translations"


def init_app(app: Flask) -> None:
    compiled = Path(app.instance_path) / "translations"
    compile_catalogues(CATALOGUES, compiled)
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compiled)
    Babel(app, locale_selector=current_language)
    app.context_processor(lambda: {"languages": LANGUAGES, "current_language": current_language()})


def current_language() -> str:
    """The language chosen in this session (``?lang=`` switches), Polish otherwise."""
    if "language" in g:
        return g.language
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        session["lang"] = chosen
    g.language = session.get("lang") if session.get("lang") in LANGUAGES else DEFAULT_LANGUAGE
    return g.language


def compile_catalogues(source: Path, target: Path) -> None:
    """Compile every ``<lang>/LC_MESSAGES/*.po`` under ``source`` into ``target`` when it changed."""
    for po_path in source.glob("*/LC_MESSAGES/*.po"):
        mo_path = target / po_path.relative_to(source).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file)
        partial = mo_path.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as mo_file:
            write_mo(mo_file, catalogue)
        partial.replace(mo_path)  # several gunicorn workers may compile at once
