"""The ``kooperacja`` command: init-db, deploy, validate, demo, serve, worker, api-token, secret-key, audit,
retention, subject-access, register."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading

from cli import protection, tokens
from engine import Engine
from engine.config import Settings
from engine.demo import render, seed
from engine.dto import Actor, WorkerRun
from engine.errors import DefinitionError, EngineError, InvalidFormData
from engine.keys import ensure_key_file
from engine.services.repository import collect, validate_files
from engine.services.worker import default_worker_id

CLI_ACTOR = Actor.system("kooperacja CLI")
DEMO_PASSWORD, DEMO_PASSWORD_ENV = "kooperacja-demo", "KOOPERACJA_DEMO_PASSWORD"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("spiff").setLevel(logging.WARNING)  # every task state change otherwise
    try:
        return args.handler(args)
    except EngineError as error:
        print(f"Błąd: {error.message}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kooperacja", description="Kooperacja: Model Kooperacji jako BPMN.")
    commands = parser.add_subparsers(dest="command", required=True)

    init_db = commands.add_parser("init-db", help="utwórz lub zaktualizuj schemat bazy danych")
    init_db.set_defaults(handler=_init_db)

    deploy = commands.add_parser("deploy", help="wdroż procesy i formularze jako nową wersję")
    deploy.add_argument("dir", nargs="?", default="processes", help="katalog procesów (domyślnie processes)")
    deploy.set_defaults(handler=_deploy)

    validate = commands.add_parser("validate", help="sprawdź pliki BPMN/DMN/formularzy")
    validate.add_argument("paths", nargs="+", help="pliki lub katalogi")
    validate.set_defaults(handler=_validate)

    demo = commands.add_parser("demo", help="wczytaj dane demonstracyjne (partnerstwo Świlcza, loginy, rodziny)")
    demo.add_argument(
        "--password", default=None, help=f"hasło wszystkich kont (domyślnie ${DEMO_PASSWORD_ENV} albo {DEMO_PASSWORD})"
    )
    demo.add_argument("--processes", default="processes", help="katalog procesów do wdrożenia, gdy brak wersji")
    demo.set_defaults(handler=_demo)

    serve = commands.add_parser("serve", help="uruchom aplikację WWW")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=5000)
    serve.add_argument(
        "--with-worker",
        action="store_true",
        help="uruchom też proces roboczy w tle (timery, przypomnienia; dla jednego komputera z SQLite)",
    )
    serve.set_defaults(handler=_serve)

    worker = commands.add_parser("worker", help="uruchamiaj timery, terminy, przypomnienia i e-maile")
    worker.add_argument("--once", action="store_true", help="jeden przebieg i koniec")
    worker.add_argument("--interval", type=float, default=5.0, help="sekundy przerwy, gdy nie ma nic do zrobienia")
    worker.add_argument("--id", dest="worker_id", help="nazwa procesu roboczego (domyślnie host:pid)")
    worker.add_argument("--batch", type=int, default=200, help="najwięcej spraw z timerami i zadań w tle na przebieg")
    worker.set_defaults(handler=_worker)

    tokens.add_command(commands, _engine, CLI_ACTOR)
    _security_commands(commands)
    return parser


def _security_commands(commands) -> None:
    key = commands.add_parser("secret-key", help="utwórz plik z losowym kluczem sesji (istniejący zostaje)")
    key.add_argument("path", help="ścieżka pliku, np. instance/secret_key")
    key.set_defaults(handler=_secret_key)

    audit = commands.add_parser("audit", help="dziennik audytu")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_commands.add_parser("verify", help="sprawdź łańcuch skrótów dziennika audytu")
    verify.set_defaults(handler=_audit_verify)

    retention = commands.add_parser(
        "retention", help="zanonimizuj sprawy zamknięte dawniej niż KOOPERACJA_RETENTION (ISO 8601, np. P10Y)"
    )
    retention.add_argument("--dry-run", action="store_true", help="tylko wypisz sprawy, nic nie zmieniaj")
    retention.add_argument("--limit", type=int, default=1000, help="najwięcej spraw w jednym przebiegu")
    retention.set_defaults(handler=_retention)
    protection.add_commands(commands)


def _engine() -> Engine:
    return Engine.from_url(Settings.from_env().database_url)


def _init_db(_args) -> int:
    engine = _engine()
    try:
        engine.migrate()
        print(f"Schemat bazy danych aktualny ({engine.context.db.url.split('@')[-1]}).")
    finally:
        engine.close()
    return 0


def _deploy(args) -> int:
    files = collect([args.dir])
    engine = _engine()
    try:
        result = engine.repository.deploy(files, CLI_ACTOR)
    except DefinitionError as error:
        _print_problems(error.problems)
        return 1
    finally:
        engine.close()
    version = result.version
    state = "nowa wersja" if result.created else "bez zmian, istniejąca wersja"
    print(f"Wdrożono: {state} {version.number} ({version.content_hash[:12]}), pliki: {len(version.files)}.")
    for process in version.processes:
        print(f"  {process.process_id}: {process.name}")
    return 0


def _validate(args) -> int:
    files = collect(args.paths)
    problems = validate_files(files)
    if problems:
        _print_problems(problems)
        return 1
    print(f"OK: {len(files)} plików bez błędów.")
    return 0


def _demo(args) -> int:
    """Load the demo data (idempotent) and print the logins and cases."""
    password = args.password or os.environ.get(DEMO_PASSWORD_ENV) or DEMO_PASSWORD
    engine = _engine()
    try:
        engine.migrate()
        report = seed(engine, password, args.processes)
    except DefinitionError as error:
        _print_problems(error.problems)
        return 1
    except InvalidFormData as error:  # the password is too short
        print("\n".join(f"Błąd: {e.message}" for e in error.errors), file=sys.stderr)
        return 1
    finally:
        engine.close()
    print(render(report, password))
    return 0


def _print_problems(problems) -> None:
    for problem in problems:
        print(problem)
    print(f"Znaleziono problemów: {len(problems)}.", file=sys.stderr)


def _serve(args) -> int:
    from web import create_app

    app = create_app()
    stop = threading.Event()
    if args.with_worker:
        worker = _engine()
        thread = threading.Thread(
            target=worker.worker.run_forever, args=(stop,), kwargs={"worker_id": "serve"}, daemon=True
        )
        thread.start()
    try:
        app.run(host=args.host, port=args.port)
    finally:
        stop.set()
    return 0


def _worker(args) -> int:
    """Pass after pass until SIGTERM/SIGINT; the pass under way finishes first (nothing is cut in half)."""
    engine = _engine()
    log = logging.getLogger("engine.worker")
    worker_id = args.worker_id or default_worker_id()

    def report(run: WorkerRun) -> None:
        if not run.idle:
            log.info(
                "%s: sprawy %d, timery %d, błędy spraw %d, zadania w tle %d, ponowienia %d, incydenty %d",
                worker_id,
                run.cases,
                run.timers_fired,
                run.case_errors,
                run.jobs_done,
                run.jobs_retried,
                run.incidents,
            )

    try:
        if args.once:
            report(engine.worker.run_once(worker_id, args.batch))
            return 0
        stop = threading.Event()

        def request_stop(signum, _frame) -> None:
            log.info("%s: sygnał %s, kończę po bieżącym przebiegu", worker_id, signal.Signals(signum).name)
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        log.info("%s: start (przerwa %.1f s)", worker_id, args.interval)
        engine.worker.run_forever(stop, args.interval, worker_id, on_pass=report, batch=args.batch)
        log.info("%s: zatrzymany", worker_id)
        return 0
    finally:
        engine.close()


def _secret_key(args) -> int:
    created = ensure_key_file(args.path)
    state = "Utworzono nowy klucz sesji" if created else "Klucz sesji już istnieje, bez zmian"
    print(f"{state}: {args.path} (ustaw KOOPERACJA_SECRET_KEY_FILE={args.path}).")
    return 0


def _audit_verify(_args) -> int:
    engine = _engine()
    try:
        report = engine.audit.verify()
    finally:
        engine.close()
    print(f"Sprawdzono wpisów: {report.entries}; głowa łańcucha: {report.head_id} {report.head_hash}.")
    if report.intact:
        print("Dziennik audytu nienaruszony.")
        return 0
    print(f"NARUSZENIE: {report.problem}", file=sys.stderr)
    return 1


def _retention(args) -> int:
    settings = Settings.from_env()
    if settings.retention is None:
        print("Błąd: ustaw KOOPERACJA_RETENTION, okres przechowywania (ISO 8601, np. P10Y).", file=sys.stderr)
        return 1
    engine = _engine()
    try:
        run = engine.retention.run(CLI_ACTOR, settings.retention, dry_run=args.dry_run, limit=args.limit)
    finally:
        engine.close()
    verb = "Do anonimizacji" if run.dry_run else "Zanonimizowano"
    print(f"{verb}: {len(run.cases)} spraw zamkniętych przed {run.cutoff:%Y-%m-%d %H:%M} UTC.")
    for case in run.cases:
        print(f"  {case.business_key} ({case.status}, zamknięta {case.closed_at:%Y-%m-%d})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
