"""The real application on 127.0.0.1, served by werkzeug in a background thread for the browser tests."""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from werkzeug.serving import WSGIRequestHandler, make_server

from engine import Engine
from engine.access.passwords import hash_password
from engine.demo.directory import Directory, ensure_directory
from engine.demo.play import CasePlayer
from engine.demo.seed import SYSTEM
from web import create_app


class _QuietHandler(WSGIRequestHandler):
    """No access log line per request (a page loads several); errors are still logged."""

    def log_request(self, code="-", size="-") -> None:
        pass


@dataclass(frozen=True)
class LiveServer:
    url: str  # http://127.0.0.1:<port>, no trailing slash
    engine: Engine  # the server's own engine: for setting up or checking state beside the browser


@contextmanager
def serve(database_url: str) -> Iterator[LiveServer]:
    """Serve ``web.create_app`` over the database at ``database_url`` on a free port until the block ends.

    The configuration is the production one (secure session cookies included: Chromium keeps them
    on http://127.0.0.1) apart from a fixed secret key.
    """
    engine = Engine.from_url(database_url)
    practice = tempfile.mkdtemp(prefix="kooperacja-practice-")  # the analysts' practice runs, removed below
    app = create_app({"ENGINE": engine, "SECRET_KEY": "browser-tests-secret-key", "PRACTICE_DIR": practice})
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="kooperacja-live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", engine)
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
        engine.close()
        shutil.rmtree(practice, ignore_errors=True)


@contextmanager
def serve_with_cases(
    seeded: Path, folder: Path, password: str, prepare: Callable[[Engine, Directory, CasePlayer], None]
) -> Iterator[LiveServer]:
    """``serve`` over a copy of the seeded demo in ``folder`` to which ``prepare`` first added its cases,
    played as the demo's users (whose password is ``password``)."""
    path = folder / "kooperacja.db"
    shutil.copy(seeded, path)
    engine = Engine.from_url(f"sqlite:///{path}")
    try:
        directory = ensure_directory(engine, SYSTEM, hash_password(password))
        prepare(engine, directory, CasePlayer(engine, directory.acting, SYSTEM))
    finally:
        engine.close()
    with serve(f"sqlite:///{path}") as server:
        yield server
