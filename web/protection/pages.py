"""The officer's pages: the start page (cases of their scope), who read what in a case, the subject-access
downloads (PDF and JSON) and the register of processing (page and PDF)."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

from flask import current_app, g, render_template, request, send_file

from engine.dto.protection import AccessFilter
from engine.roles import DATA_PROTECTION_OFFICER
from web.access import roles_required
from web.protection.blueprint import blueprint
from web.services import engine

KINDS = ("odczyt", "zapis")
POLISH_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


@blueprint.get("")
@roles_required(DATA_PROTECTION_OFFICER)
def index():
    search = request.args.get("q", "").strip()[:200]
    return render_template("protection/index.html", cases=engine().protection.cases(g.actor, search), search=search)


@blueprint.get("/sprawy/<case_id>")
@roles_required(DATA_PROTECTION_OFFICER)
def access_log(case_id: str):
    filters = AccessFilter(
        member=request.args.get("czlonek") or None,
        since=_day(request.args.get("od")),
        until=_day(request.args.get("do")),
        institution=request.args.get("instytucja") or None,
        kind=request.args.get("rodzaj") if request.args.get("rodzaj") in KINDS else None,
    )
    log = engine().protection.access_log(g.actor, case_id, filters)
    return render_template("protection/access_log.html", log=log, filters=filters)


@blueprint.get("/sprawy/<case_id>/osoby/<member>.pdf")
@roles_required(DATA_PROTECTION_OFFICER)
def subject_access_pdf(case_id: str, member: str):
    from web.documents import render_subject_access_pdf

    report = engine().protection.subject_access(g.actor, case_id, member, current_app.config.get("RETENTION"))
    return _download(render_subject_access_pdf(report), "application/pdf", _name(report, "pdf"))


@blueprint.get("/sprawy/<case_id>/osoby/<member>.json")
@roles_required(DATA_PROTECTION_OFFICER)
def subject_access_json(case_id: str, member: str):
    from web.documents import subject_access_json as as_json

    report = engine().protection.subject_access(g.actor, case_id, member, current_app.config.get("RETENTION"))
    return _download(as_json(report).encode("utf-8"), "application/json", _name(report, "json"))


@blueprint.get("/rejestr")
@roles_required(DATA_PROTECTION_OFFICER)
def register():
    return render_template(
        "protection/register.html",
        register=engine().protection.register(g.actor, current_app.config.get("RETENTION")),
    )


@blueprint.get("/rejestr.pdf")
@roles_required(DATA_PROTECTION_OFFICER)
def register_pdf():
    from web.documents import render_register_pdf

    found = engine().protection.register(g.actor, current_app.config.get("RETENTION"))
    name = f"rejestr-przetwarzania-v{found.version_number}.pdf"
    return _download(render_register_pdf(found), "application/pdf", name)


def _day(text: str | None) -> date | None:
    """A day typed the Polish way (``3.12.2026``) or as ISO 8601; anything else filters nothing."""
    text = (text or "").strip()
    try:
        if found := POLISH_DAY.fullmatch(text):
            return date(int(found[3]), int(found[2]), int(found[1]))
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _name(report, extension: str) -> str:
    return f"dostep-{report.case.business_key}-{report.member.id}.{extension}"


def _download(content: bytes, mimetype: str, name: str):
    safe_name = "".join(c if c.isalnum() or c in "-_." else "-" for c in name)
    return send_file(BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=safe_name)
