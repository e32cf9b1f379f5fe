"""HTTP load: workers completing tasks through the pages, on gunicorn over PostgreSQL.

How it runs: a fresh PostgreSQL schema with the test process of tests/data deployed and USERS social
workers of one GOPS, each with TASKS cases started through the engine (their first task,
"Zgłoszenie rodziny", waits in the worker's inbox). gunicorn serves ``web:create_app()`` with
``--workers 2 --threads 8`` (2 cores) in the production configuration behind a simulated TLS proxy
(``KOOPERACJA_PROXIES=1``: each user sends its own X-Forwarded-For, as distinct clients would, so
the login throttle sees distinct addresses). Each simulated worker logs in through the login form,
then for each task opens the task page and submits the form (the ``POST`` is what is timed: its
answer is the redirect after the completion, so it holds the whole completion with the engine's
checks, the validation, the step, the save, the audit).

Three runs, one after the other on the same server: a warm-up (WARMUP completions by a user of its
own, not timed: each gunicorn worker's first requests import, compile templates and load the
process), one user alone (SOLO completions), then USERS users at once (TASKS completions each).
Prints p50/p95/p99 (quantiles of the samples themselves, never beyond the slowest) and the errors
of each; ends with ``http completion p95 ms: X`` (one user).

Usage: python bench/http_bench.py [--users 50] [--tasks 10] [--solo 40] [--warmup 8] [--schema NAME]
(``--schema``: the PostgreSQL schema it recreates, so two runs at once do not collide)
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import postgres_url  # noqa: E402

from engine import Engine  # noqa: E402
from engine.access.passwords import hash_password  # noqa: E402
from engine.dto import Actor  # noqa: E402
from tests.factories import ADMIN, OPS_ROLE, deploy_test_process, make_directory  # noqa: E402

PASSWORD = "haslo-do-pomiaru-" + secrets.token_hex(4)
FORM = {"rodzina": "Kowalscy", "czlonkowie.0": "Jan", "pilne": "true", "_action": "complete"}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Client:
    """One person's browser: a cookie jar and an address of its own."""

    def __init__(self, port: int, address: str):
        self.port, self.address, self.cookies = port, address, SimpleCookie()

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        body = urlencode(form) if form is not None else None
        headers = {"X-Forwarded-For": self.address, "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                self.cookies.load(header)
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def form_token(self, path: str) -> str:
        status, page = self.request("GET", path)
        found = _CSRF.search(page)
        if status != 200 or found is None:
            raise RuntimeError(f"GET {path}: {status}")
        return found.group(1)

    def log_in(self, login: str) -> None:
        token = self.form_token("/login")
        status, _page = self.request("POST", "/login", {"login": login, "password": PASSWORD, "csrf_token": token})
        if status != 302:
            raise RuntimeError(f"login {login}: {status}")


def _prepare(url: str, plan: dict[str, int]) -> dict[str, list[str]]:
    """The people and their cases (login -> how many): login -> ids of the tasks in their inbox."""
    engine = Engine.from_url(url)
    try:
        deploy_test_process(engine)
        people = make_directory(engine)
        stored = hash_password(PASSWORD)
        work: dict[str, list[str]] = {}
        for number, (login, tasks) in enumerate(plan.items()):
            info = engine.directory.add_user(
                ADMIN, login, f"Pracownik {number}", people.institutions["gops"], [OPS_ROLE], password_hash=stored
            )
            actor = Actor(info.id, login)
            for _ in range(tasks):
                engine.runtime.start(actor, "test_sprawa", partnership_id=people.partnership_id)
            work[login] = [task.id for task in engine.tasks.inbox(actor)]
        return work
    finally:
        engine.close()


def _serve(url: str) -> tuple[subprocess.Popen, int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOOPERACJA_")}
    env.update(
        KOOPERACJA_DATABASE_URL=url,
        KOOPERACJA_SECRET_KEY=secrets.token_urlsafe(48),
        KOOPERACJA_PROXIES="1",
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "--workers", "2", "--threads", "8", "-b", f"127.0.0.1:{port}", "web:create_app()"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if Client(port, "127.0.0.1").request("GET", "/api/v1/health")[0] == 200:
                return server, port
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start within 30 s")


def _work(port: int, number: int, login: str, task_ids: list[str]) -> tuple[list[float], list[str]]:
    """Log in, then open and complete each task: the seconds of each completion and the errors."""
    client = Client(port, f"10.0.{number // 250}.{number % 250 + 1}")
    seconds, errors = [], []
    try:
        client.log_in(login)
    except (OSError, RuntimeError) as error:
        return seconds, [str(error)]
    for task_id in task_ids:
        path = f"/zadania/{task_id}"
        try:
            token = client.form_token(path)
            began = time.perf_counter()
            status, _page = client.request("POST", path, {**FORM, "csrf_token": token})
            elapsed = time.perf_counter() - began
        except (OSError, RuntimeError) as error:
            errors.append(str(error))
            continue
        if status == 302:
            seconds.append(elapsed)
        else:
            errors.append(f"POST {path}: {status}")
    return seconds, errors


def _run(port: int, work: dict[str, list[str]]) -> tuple[list[float], list[str]]:
    with ThreadPoolExecutor(max_workers=len(work)) as pool:
        results = list(pool.map(lambda item: _work(port, item[0], *item[1]), enumerate(work.items())))
    return [s for seconds, _ in results for s in seconds], [e for _, errors in results for e in errors]


def _report(label: str, seconds: list[float], errors: list[str], wall: float) -> float:
    if not seconds:
        print(f"{label}: no completion succeeded; errors {len(errors)}: {errors[:3]}")
        return float("nan")
    # "inclusive": the samples are all there is; the default ("exclusive") extrapolates past the
    # slowest sample when there are few of them (ten samples gave a p95 above the maximum).
    cuts = statistics.quantiles([1000 * s for s in seconds], n=100, method="inclusive")
    p50, p95, p99 = statistics.median(seconds) * 1000, cuts[94], cuts[98]
    print(
        f"{label:<10} completions {len(seconds):>5}  {len(seconds) / wall:6.1f}/s  "
        f"p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  p99 {p99:7.1f} ms  max {1000 * max(seconds):7.1f} ms  "
        f"errors {len(errors)}" + (f" (e.g. {errors[0]})" if errors else ""),
        flush=True,
    )
    return p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--tasks", type=int, default=10, help="completions per user")
    parser.add_argument("--solo", type=int, default=40, help="completions of the one user alone")
    parser.add_argument("--warmup", type=int, default=8, help="completions before timing (not timed)")
    parser.add_argument("--schema", default="kooperacja_bench_http", help="PostgreSQL schema (dropped and recreated)")
    args = parser.parse_args()
    url = postgres_url(args.schema)
    if url is None:
        raise SystemExit("the HTTP benchmark needs PostgreSQL")
    plan = {"ops.warmup": args.warmup, "ops.solo": args.solo} | {f"ops.{n:02d}": args.tasks for n in range(args.users)}
    work = _prepare(url, plan)
    warmup = {"ops.warmup": work.pop("ops.warmup")}
    alone = {"ops.solo": work.pop("ops.solo")}
    server, port = _serve(url)
    try:
        _seconds, errors = _run(port, warmup)
        if errors:
            raise SystemExit(f"warm-up failed: {errors[:3]}")
        began = time.perf_counter()
        one = _report("1 user", *_run(port, alone), time.perf_counter() - began)
        began = time.perf_counter()
        _report(f"{args.users} users", *_run(port, work), time.perf_counter() - began)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    print(f"http completion p95 ms: {one:.1f}")


if __name__ == "__main__":
    main()
