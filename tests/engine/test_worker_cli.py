"""``kooperacja worker`` (one pass, or until SIGTERM) and ``kooperacja api-token``."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import time
from datetime import UTC, datetime, timedelta

import pytest

from cli.main import main
from engine import Engine
from engine.clock import FrozenClock
from engine.errors import NotAuthenticated
from tests.engine.bpmn_samples import LANE, deployment, timer_process
from tests.engine.test_cli import KOOPERACJA
from tests.factories import ADMIN, add_person


@pytest.fixture
def sqlite_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'worker.db'}"
    monkeypatch.setenv("KOOPERACJA_DATABASE_URL", url)
    assert main(["init-db"]) == 0
    return url


def test_one_pass_fires_what_is_due_and_exits(sqlite_url, caplog):
    an_hour_ago = FrozenClock(datetime.now(UTC) - timedelta(hours=1))
    engine = Engine.from_url(sqlite_url, clock=an_hour_ago)  # the case waits since then for a 1-minute timer
    try:
        engine.repository.deploy(deployment(timer_process("'PT1M'")), ADMIN)
        gops = engine.directory.add_institution(ADMIN, "GOPS Brzozowa Wola", "OPS").id
        worker = add_person(engine, "k.mazur", gops, LANE)
        case = engine.runtime.start(worker, "proba")
        engine.tasks.complete(worker, engine.tasks.inbox(worker)[0].id, {"uwagi": "gotowe"})

        with caplog.at_level("INFO", logger="engine.worker"):
            assert main(["worker", "--once", "--id", "test-1"]) == 0
        assert "test-1: sprawy 1, timery 1" in caplog.text
        assert engine.runtime.case(ADMIN, case.id).status == "completed"
        assert [e.kind for e in engine.history.events(ADMIN, case.id)][-2:] == ["timer_fired", "completed"]
    finally:
        engine.close()


def test_the_worker_stops_cleanly_on_sigterm(sqlite_url, tmp_path):
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [str(KOOPERACJA), "worker", "--interval", "0.2", "--id", "test-2"],
            stderr=log,
            stdout=log,
            env=os.environ.copy(),
        )
    try:
        deadline = time.monotonic() + 30
        while "test-2: start" not in log_path.read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "test-2: start" in log_path.read_text()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    output = log_path.read_text()
    assert "sygnał SIGTERM, kończę po bieżącym przebiegu" in output and "test-2: zatrzymany" in output


def test_api_token_is_printed_once_rotated_and_revoked(sqlite_url, capsys):
    engine = Engine.from_url(sqlite_url)
    try:
        court = engine.directory.add_institution(ADMIN, "Sąd Rejonowy", "Sąd")
        assert main(["api-token", "sad-rejonowy"]) == 1  # no institution, no operations
        assert "institution_id" in capsys.readouterr().err
        issue = ["api-token", "sad-rejonowy", "--institution", "Sąd Rejonowy", "--message", "dokumenty"]
        assert (
            main([*issue, "--operation", "messages:send", "--operation", "cases:read", "--expires", "2099-01-01"]) == 0
        )
        out = capsys.readouterr().out
        token = out.splitlines()[-1]
        assert "Sąd Rejonowy; cases:read, messages:send; wiadomości: dokumenty; wygasa 2099-01-01" in out
        actor = engine.directory.authenticate_token(token, "messages:send")
        assert actor.label == "api:sad-rejonowy"
        assert [t.institution_id for t in engine.directory.api_tokens()] == [court.id]
        assert main(issue) == 1  # the name is taken
        assert main(["api-token", "sad-rejonowy", "--rotate"]) == 0
        rotated = capsys.readouterr().out.splitlines()[-1]
        assert engine.directory.authenticate_token(rotated).label == "api:sad-rejonowy"
        with pytest.raises(NotAuthenticated):
            engine.directory.authenticate_token(token)
        assert main(["api-token", "sad-rejonowy", "--revoke"]) == 0
        with pytest.raises(NotAuthenticated):
            engine.directory.authenticate_token(rotated)
    finally:
        engine.close()


def test_serve_with_worker_answers_pages_and_fires_due_timers(sqlite_url, tmp_path, monkeypatch):
    """`make run`'s single process: the web app and, in a thread, the worker firing a timer already due."""
    key_file = tmp_path / "instance" / "secret_key"
    subprocess.run([str(KOOPERACJA), "secret-key", str(key_file)], check=True, capture_output=True)
    monkeypatch.delenv("KOOPERACJA_SECRET_KEY", raising=False)
    monkeypatch.setenv("KOOPERACJA_SECRET_KEY_FILE", str(key_file))  # as `make run` does
    an_hour_ago = FrozenClock(datetime.now(UTC) - timedelta(hours=1))
    engine = Engine.from_url(sqlite_url, clock=an_hour_ago)
    try:
        engine.repository.deploy(deployment(timer_process("'PT1M'")), ADMIN)
        gops = engine.directory.add_institution(ADMIN, "GOPS Brzozowa Wola", "OPS").id
        worker = add_person(engine, "k.mazur", gops, LANE)
        case = engine.runtime.start(worker, "proba")
        engine.tasks.complete(worker, engine.tasks.inbox(worker)[0].id, {"uwagi": "gotowe"})
        port = free_port()
        with open(tmp_path / "serve.log", "w") as log:
            process = subprocess.Popen(
                [str(KOOPERACJA), "serve", "--with-worker", "--port", str(port)], stderr=log, stdout=log
            )
        try:
            deadline = time.monotonic() + 30
            while engine.runtime.case(ADMIN, case.id).status != "completed" and time.monotonic() < deadline:
                time.sleep(0.1)
            assert engine.runtime.case(ADMIN, case.id).status == "completed"
            assert _get(port, "/api/v1/health") == 200
        finally:
            process.terminate()
            process.wait(timeout=15)
    finally:
        engine.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str) -> int:
    deadline = time.monotonic() + 20
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            return connection.getresponse().status
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
