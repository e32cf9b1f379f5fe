"""Round trips to PostgreSQL per request of one task completion through the pages (no timing).

In-process, the Flask test client on the production configuration over a fresh PostgreSQL schema:
one social worker with the test process's first task ("Zgłoszenie rodziny") in their inbox opens
the task page (``GET``), submits the form (``POST``, answered with the redirect) and opens the
page it redirects to (``/zadania``). SQLAlchemy's events count, per request, the transactions
(``BEGIN``s, i.e. pool checkouts that ran a statement outside autocommit), the pool checkouts (a
connection is pinged only when its socket shows the server dropped it) and the statements sent
(cursor executions; an ``executemany`` is one). The figures are the median of ROUNDS completions
(after one not counted).

Usage: python bench/http_roundtrips.py [--rounds 5] [--schema kooperacja_bench_roundtrips]
"""

from __future__ import annotations

import argparse
import re
import secrets
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import postgres_url  # noqa: E402
from sqlalchemy import event  # noqa: E402

from engine import Engine  # noqa: E402
from engine.access.passwords import hash_password  # noqa: E402
from engine.dto import Actor  # noqa: E402
from tests.factories import ADMIN, OPS_ROLE, deploy_test_process, make_directory  # noqa: E402
from web import create_app  # noqa: E402

PASSWORD = "haslo-do-pomiaru-" + secrets.token_hex(4)
FORM = {"rodzina": "Kowalscy", "czlonkowie.0": "Jan", "pilne": "true", "_action": "complete"}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
KINDS = ("transactions", "checkouts", "statements")


class Counter:
    """Counts what one engine's connections send while ``on``."""

    def __init__(self, sa_engine):
        self.counts = dict.fromkeys(KINDS, 0)
        self.statements: list[str] = []
        event.listen(sa_engine, "begin", self._begin)
        event.listen(sa_engine, "checkout", lambda *_: self._add("checkouts"))
        event.listen(sa_engine, "before_cursor_execute", self._statement)

    def _begin(self, connection) -> None:
        if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
            self._add("transactions")

    def _add(self, kind: str) -> None:
        self.counts[kind] += 1

    def _statement(self, _conn, _cursor, statement, _params, _context, _many) -> None:
        self.counts["statements"] += 1
        self.statements.append(" ".join(statement.split())[:110])

    def take(self) -> tuple[dict[str, int], list[str]]:
        taken, said = self.counts, self.statements
        self.counts, self.statements = dict.fromkeys(KINDS, 0), []
        return taken, said


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--schema", default="kooperacja_bench_roundtrips")
    parser.add_argument("--show", action="store_true", help="print the statements of the last round")
    args = parser.parse_args()
    url = postgres_url(args.schema)
    if url is None:
        raise SystemExit("this count needs PostgreSQL")
    engine = Engine.from_url(url)
    deploy_test_process(engine)
    people = make_directory(engine)
    info = engine.directory.add_user(
        ADMIN, "ops.bench", "Pracownik", people.institutions["gops"], [OPS_ROLE], password_hash=hash_password(PASSWORD)
    )
    actor = Actor(info.id, "ops.bench")
    for _ in range(args.rounds + 1):
        engine.runtime.start(actor, "test_sprawa", partnership_id=people.partnership_id)
    task_ids = [task.id for task in engine.tasks.inbox(actor)]
    app = create_app({"ENGINE": engine, "SECRET_KEY": secrets.token_urlsafe(48)})
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    page = client.get("/login", base_url="https://localhost").get_data(as_text=True)
    token = _CSRF.search(page).group(1)
    form = {"login": "ops.bench", "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=form, base_url="https://localhost").status_code == 302
    counter = Counter(engine.context.db.engine)
    rows: dict[str, list[dict[str, int]]] = {"GET task page": [], "POST": [], "redirect": []}
    said: dict[str, list[str]] = {}
    for task_id in task_ids:
        counter.take()
        page = client.get(f"/zadania/{task_id}", base_url="https://localhost")
        assert page.status_code == 200, page.status_code
        counts, said["GET task page"] = counter.take()
        rows["GET task page"].append(counts)
        token = _CSRF.search(page.get_data(as_text=True)).group(1)
        answer = client.post(f"/zadania/{task_id}", data={**FORM, "csrf_token": token}, base_url="https://localhost")
        assert answer.status_code == 302, answer.status_code
        counts, said["POST"] = counter.take()
        rows["POST"].append(counts)
        assert client.get(answer.location, base_url="https://localhost").status_code == 200
        counts, said["redirect"] = counter.take()
        rows["redirect"].append(counts)
    engine.close()
    print(f"{'request':<15}" + "".join(f"{kind:>14}" for kind in KINDS))
    for request, counted in rows.items():
        counted = counted[1:]  # the first round loads caches
        medians = [statistics.median(c[kind] for c in counted) for kind in KINDS]
        print(f"{request:<15}" + "".join(f"{m:>14g}" for m in medians))
    if args.show:
        for request, statements in said.items():
            print(f"\n{request}:")
            for statement in statements:
                print("   ", statement)
    total = sum(statistics.median(c["statements"] for c in counted[1:]) for counted in rows.values())
    print(f"statements per completion: {total:g}")


if __name__ == "__main__":
    main()
