"""Documents of a case as PDF: the agreed plan (IPW), the social contract and project, a consent record."""

from __future__ import annotations

from io import BytesIO

from flask import g, send_file

from web.access import login_required
from web.services import engine
from web.worker.blueprint import blueprint


@blueprint.get("/sprawy/<case_id>/ipw.pdf")
@login_required
def plan_pdf(case_id: str):
    from web.documents import render_plan_pdf

    document = engine().documents.plan(g.actor, case_id)
    return _pdf(render_plan_pdf(document), f"IPW-{document.business_key}.pdf")


@blueprint.get("/sprawy/<case_id>/kontrakt-socjalny.pdf")
@login_required
def contract_pdf(case_id: str):
    from web.documents import render_contract_pdf

    document = engine().documents.contract(g.actor, case_id)
    return _pdf(render_contract_pdf(document), f"kontrakt-socjalny-{document.business_key}.pdf")


@blueprint.get("/sprawy/<case_id>/projekt-socjalny.pdf")
@login_required
def project_pdf(case_id: str):
    from web.documents import render_project_pdf

    document = engine().documents.project(g.actor, case_id)
    return _pdf(render_project_pdf(document), f"projekt-socjalny-{document.reference}.pdf")


@blueprint.get("/sprawy/<case_id>/zgody/<member>.pdf")
@login_required
def consent_pdf(case_id: str, member: str):
    from web.documents import render_consent_pdf

    document = engine().documents.consent(g.actor, case_id, member)
    return _pdf(render_consent_pdf(document), f"zgoda-{document.business_key}-{member}.pdf")


def _pdf(content: bytes, name: str):
    safe_name = "".join(c if c.isalnum() or c in "-_." else "-" for c in name)
    return send_file(BytesIO(content), mimetype="application/pdf", as_attachment=True, download_name=safe_name)
