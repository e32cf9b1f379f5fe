"""Several processes on one PostgreSQL database, one worker killed with SIGKILL mid-run.

Processes: three ``kooperacja worker`` processes; gunicorn with two worker processes serving the
message endpoint (the web tier: every message is posted twice with one idempotency key, by two
client threads of this test, so the two copies race through different web processes); this test
process starting the cases, as a web process would. 500 cases, each with a timer falling due about
twelve seconds after it starts, a message, and a user task due six seconds after it opens (reminded
after three, escalated after six; e-mail to a real SMTP server on 127.0.0.1).

This test runs on real time: worker processes cannot share a test clock. Every wait is bounded.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from engine import Engine
from engine.config import JobSettings
from engine.db.models import CaseEvent, HumanTask, Job, MessageReceipt, MessageSubscription, ProcessInstance, Timer
from engine.dto import Actor
from tests.conftest import POSTGRES_URL, truncate_all
from tests.engine.jobs.cooperation_sample import MESSAGE, PROCESS_ID, cooperation_files
from tests.engine.jobs.smtp_sink import SmtpSink, free_port
from tests.factories import ADMIN, OPS_ROLE, add_person, make_directory

pytestmark = pytest.mark.skipif(
    not POSTGRES_URL, reason="KOOPERACJA_TEST_POSTGRES_URL not set: PostgreSQL tests skipped"
)

CASES = 500
TIMER_AFTER = timedelta(seconds=12)
KILL_AFTER_FIRED = 100
DEADLINE = 240  # seconds the waits below give the run before they give up (a bound, not a speed claim)
BIN = Path(sys.executable).parent
STARTER = Actor.system("test: start spraw")


def test_three_workers_two_web_processes_500_cases_one_worker_killed(request, tmp_path):
    started = time.monotonic()
    url = request.getfixturevalue("postgres_schema")
    truncate_all(url)
    engine = Engine.from_url(url, jobs=JobSettings())
    processes: dict[str, subprocess.Popen] = {}
    with SmtpSink() as smtp:
        try:
            token, contact, partnership_id = _set_up(engine)
            env = _environment(url, smtp.port)
            port = free_port()
            processes["web"] = _spawn(
                tmp_path, "web", ["gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "web:create_app()"], env
            )
            for n in range(3):
                processes[f"w{n}"] = _spawn(
                    tmp_path,
                    f"w{n}",
                    ["kooperacja", "worker", "--interval", "0.1", "--batch", "20", "--id", f"w{n}"],
                    env,
                )

            keys = _start_cases(engine, partnership_id)
            _wait_until_serving(port, processes["web"])
            with ThreadPoolExecutor(max_workers=6) as clients:
                copies = [clients.submit(_deliver, port, token, key, started) for key in keys for _ in (1, 2)]
                fired_at_kill = _kill_when_fired(engine, processes["w0"], started)
                answers = [copy.result(timeout=max(1, DEADLINE - (time.monotonic() - started))) for copy in copies]
            _wait_until_done(engine, started)
            for name in ("w1", "w2", "web"):
                processes[name].send_signal(signal.SIGTERM)
            exits = {name: processes[name].wait(timeout=20) for name in ("w1", "w2", "web")}
            mail = smtp.wait_for(2 * CASES, seconds=5)
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.kill()
                    process.wait()
    try:
        assert processes["w0"].returncode == -signal.SIGKILL
        assert 0 < fired_at_kill < CASES  # killed mid-run, with timers still to fire
        assert "w0: sprawy" in (tmp_path / "w0.log").read_text()  # it had been firing timers
        assert exits == {"w1": 0, "w2": 0, "web": 0}
        _assert_every_case_moved_exactly_once(engine, keys)
        _assert_idempotent_answers(answers)
        _assert_mail_sent_at_least_once(mail, keys, contact)
    finally:
        engine.close()


# --------------------------------------------------------------------------- set-up


def _set_up(engine: Engine) -> tuple[str, str, int]:
    """Deploy, people, an API token: (token, the e-mail address of the OPS queue, partnership id)."""
    engine.repository.deploy(cooperation_files(), ADMIN)
    people = make_directory(engine)  # without e-mail addresses, but one OPS worker who has one
    contact = "kontakt.ops@kooperacja.test"
    add_person(engine, "kontakt.ops", people.institutions["gops"], OPS_ROLE, email=contact)
    token = engine.directory.create_api_token(
        ADMIN, "sad-rejonowy", people.institutions["gops"], ["messages:send"], [MESSAGE]
    )[1]  # acts for the GOPS, which the case's task admits
    return token, contact, people.partnership_id


def _environment(url: str, smtp_port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOOPERACJA_")}
    env.update(
        KOOPERACJA_DATABASE_URL=url,
        KOOPERACJA_SMTP_HOST="127.0.0.1",
        KOOPERACJA_SMTP_PORT=str(smtp_port),
        KOOPERACJA_JOB_LEASE_SECONDS="3",  # a killed worker's e-mail is taken over within the test
        KOOPERACJA_JOB_BACKOFF_SECONDS="1",
        KOOPERACJA_SECRET_KEY=secrets.token_urlsafe(48),  # gunicorn runs the production configuration
    )
    return env


def _spawn(tmp_path: Path, name: str, command: list[str], env: dict) -> subprocess.Popen:
    log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 - the child writes to it until it ends
    try:
        return subprocess.Popen([str(BIN / command[0]), *command[1:]], stdout=log, stderr=log, env=env)
    finally:
        log.close()


def _start_cases(engine: Engine, partnership_id: int) -> list[str]:
    keys = []
    for number in range(CASES):
        due = datetime.now(UTC) + TIMER_AFTER
        data = {"termin": due.isoformat(), "termin_zadania": "PT6S"}
        case = engine.runtime.start(
            STARTER, PROCESS_ID, data, business_key=f"K/2026/W{number:04d}", partnership_id=partnership_id
        )
        keys.append(case.business_key)
    return keys


def _wait_until_serving(port: int, web: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and web.poll() is None:
        try:
            if _request(port, "GET", "/api/v1/health", None, {})[0] == 200:
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail("gunicorn did not start serving within 30 s")


# --------------------------------------------------------------------------- the run


def _request(port: int, method: str, path: str, body, headers: dict) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        connection.close()


def _deliver(port: int, token: str, key: str, started: float) -> tuple[str, int, dict]:
    """Post the court's answer to case ``key``; a 409 (the case changed meanwhile) is tried again."""
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": f"sad:{key}", "Content-Type": "application/json"}
    path = f"/api/v1/cases/{quote(key, safe='/')}/messages/{MESSAGE}"
    for _ in range(200):
        status, body = _request(port, "POST", path, {"sygnatura": key}, headers)
        if status != 409 or time.monotonic() - started > DEADLINE:
            return key, status, body
        time.sleep(0.05)
    return key, status, body


def _count(engine: Engine, query) -> int:
    with engine.context.transaction(write=False) as session:
        return session.execute(query).scalar()


FIRED = select(func.count()).select_from(CaseEvent).where(CaseEvent.kind == "timer_fired")


def _kill_when_fired(engine: Engine, worker: subprocess.Popen, started: float) -> int:
    while time.monotonic() - started < DEADLINE:
        fired = _count(engine, FIRED)
        if fired >= KILL_AFTER_FIRED:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
            return fired
        time.sleep(0.05)
    pytest.fail("timers did not start firing in time")


def _wait_until_done(engine: Engine, started: float) -> None:
    open_jobs = select(func.count()).select_from(Job).where(Job.status.in_(("pending", "running")))
    escalated = select(func.count()).select_from(CaseEvent).where(CaseEvent.kind == "escalated")
    while time.monotonic() - started < DEADLINE:
        if _count(engine, FIRED) == CASES and _count(engine, escalated) == CASES and _count(engine, open_jobs) == 0:
            return
        time.sleep(0.25)
    fired, escalations, jobs = _count(engine, FIRED), _count(engine, escalated), _count(engine, open_jobs)
    pytest.fail(f"not done in time: {fired} timers fired, {escalations} escalations, {jobs} jobs open")


# --------------------------------------------------------------------------- the checks


def _assert_every_case_moved_exactly_once(engine: Engine, keys: list[str]) -> None:
    with engine.context.transaction(write=False) as session:
        cases = session.execute(
            select(ProcessInstance.business_key, ProcessInstance.status, ProcessInstance.lock_version)
        ).all()
        assert sorted(c.business_key for c in cases) == sorted(keys)  # none lost, none duplicated
        # start, the timer, the message: one change each, nothing twice (reminders touch only the task row);
        # a message arriving after the timer fell due fires it in the same change, at the same moment
        moments = select(CaseEvent.instance_id, func.count(func.distinct(CaseEvent.at))).where(
            CaseEvent.kind.in_(("started", "timer_fired", "message_received"))
        )
        changes = dict(session.execute(moments.group_by(CaseEvent.instance_id)).all())
        versions = session.execute(select(ProcessInstance.id, ProcessInstance.status, ProcessInstance.lock_version))
        assert all(v.status == "running" and v.lock_version == changes[v.id] for v in versions)
        per_case = select(CaseEvent.instance_id, CaseEvent.kind, func.count()).group_by(
            CaseEvent.instance_id, CaseEvent.kind
        )
        counts = {}
        for case_id, kind, count in session.execute(per_case):
            counts.setdefault(kind, {})[case_id] = count
        for kind in ("started", "timer_fired", "message_received", "reminder", "escalated"):
            assert len(counts.get(kind, {})) == CASES and set(counts[kind].values()) == {1}, kind
        assert "error" not in counts and "incident" not in counts
        assert session.execute(select(func.count()).select_from(Timer)).scalar() == 0  # nothing stuck waiting
        assert session.execute(select(func.count()).select_from(MessageSubscription)).scalar() == 0
        assert session.execute(select(func.count()).select_from(MessageReceipt)).scalar() == CASES
        tasks = session.execute(
            select(HumanTask.bpmn_id, HumanTask.status, HumanTask.reminded_at, HumanTask.escalated_at)
        ).all()
        assert len(tasks) == CASES and all(t.status == "open" and t.reminded_at and t.escalated_at for t in tasks)
        jobs = dict(session.execute(select(Job.status, func.count()).group_by(Job.status)).all())
        assert set(jobs) == {"done"}, jobs


def _assert_idempotent_answers(answers: list[tuple[str, int, dict]]) -> None:
    assert {status for _, status, _ in answers} == {200}, [a for a in answers if a[1] != 200][:3]
    duplicates: dict[str, list[bool]] = {}
    for key, _, body in answers:
        duplicates.setdefault(key, []).append(body["duplicate"])
    assert all(sorted(flags) == [False, True] for flags in duplicates.values())


def _assert_mail_sent_at_least_once(mail, keys: list[str], contact: str) -> None:
    sent = [(m.to, m.subject) for m in mail]
    expected = {((contact,), f"[Kooperacja] Nowe zadanie w kolejce: Kontakt z rodziną ({key})") for key in keys}
    assert {s for s in sent if "Nowe zadanie" in s[1]} == expected
    reminders = [s for s in sent if "Przypomnienie" in s[1]]
    assert len(set(reminders)) == CASES
    assert len(sent) - len(set(sent)) <= 1  # only an e-mail the killed worker sent but never marked may repeat
