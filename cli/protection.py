"""``kooperacja subject-access`` and ``kooperacja register``: the data-protection officer's documents
from the command line (the command line acts as the system; every use is audited)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from engine import Engine
from engine.config import Settings
from engine.dto import Actor

ACTOR = Actor.system("kooperacja CLI (IOD)")


def add_commands(commands) -> None:
    subject = commands.add_parser(
        "subject-access",
        help="informacja dla osoby o jej danych (art. 15 RODO): PDF i JSON do katalogu --out",
    )
    subject.add_argument("--case", required=True, help="numer sprawy (np. K/2025/…) lub jej identyfikator")
    subject.add_argument("--member", required=True, help="identyfikator członka rodziny z listy domowników sprawy")
    subject.add_argument("--out", required=True, help="katalog, do którego zapisać pliki")
    subject.set_defaults(handler=_subject_access)

    register = commands.add_parser("register", help="rejestr czynności przetwarzania (art. 30 RODO) jako PDF")
    register.add_argument("--out", required=True, help="katalog, do którego zapisać plik")
    register.add_argument("--version", type=int, default=None, help="wersja modelu (domyślnie najnowsza)")
    register.set_defaults(handler=_register)


def _quiet_fonts() -> None:
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it logs every glyph subset it embeds


def _subject_access(args) -> int:
    from web.documents import render_subject_access_pdf, subject_access_json

    _quiet_fonts()
    settings = Settings.from_env()
    engine = Engine.from_url(settings.database_url)
    try:
        case_id = engine.protection.find_case(ACTOR, args.case)
        report = engine.protection.subject_access(ACTOR, case_id, args.member, settings.retention)
    finally:
        engine.close()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = "dostep-" + "".join(c if c.isalnum() else "-" for c in f"{report.case.business_key}-{report.member.id}")
    pdf, data = out / f"{stem}.pdf", out / f"{stem}.json"
    pdf.write_bytes(render_subject_access_pdf(report))
    data.write_text(subject_access_json(report), encoding="utf-8")
    print(f"Informacja dla osoby: {report.member.name}, sprawa {report.case.business_key}.")
    print(f"  {pdf}\n  {data}")
    if report.withheld:
        print(f"Pominięto {report.withheld} opis(y) dotyczące także innych członków rodziny.", file=sys.stderr)
    return 0


def _register(args) -> int:
    from web.documents import render_register_pdf

    _quiet_fonts()
    settings = Settings.from_env()
    engine = Engine.from_url(settings.database_url)
    try:
        found = engine.protection.register(ACTOR, settings.retention, args.version)
    finally:
        engine.close()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"rejestr-przetwarzania-v{found.version_number}.pdf"
    path.write_bytes(render_register_pdf(found))
    print(f"Rejestr czynności przetwarzania (wersja {found.version_number}, kroków: {len(found.entries)}): {path}")
    return 0
