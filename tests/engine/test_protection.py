"""The data-protection officer's outputs on the Nowakowski case (Janina did not consent; Anna's statement
excludes the police and covers the children): a member's subject-access report holds that member's
data and the institutions that read it and nothing of the other members; only the officer (or the
system) gets it, and every use is audited.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest

from cli.main import main
from engine.dto import Actor
from engine.dto.protection import AccessFilter
from engine.errors import NotAllowed, NotFound
from engine.roles import DATA_PROTECTION_OFFICER
from tests.factories import add_person
from tests.processes.people import INSTITUTIONS, PS
from web.documents import render_subject_access_pdf, subject_access_json

HEALTH = INSTITUTIONS["poz"][0]  # plays "Ochrona zdrowia" in the plan, so it is admitted and reads the file
GOPS = INSTITUTIONS["gops"][0]
OTHERS_OF_MAREK = ("Anna", "anna", "Kacper", "kacper", "Zuzia", "zuzia", "Janina", "janina")
TEN_YEARS = timedelta(days=3650)


@pytest.fixture(scope="module")
def read(setting):
    """The health centre and the social worker read the case file once; the officer of the GOPS."""
    setting.engine.casefile.file(setting.user("Ochrona zdrowia"), setting.case.id)
    setting.engine.casefile.file(setting.user(PS), setting.case.id)
    gops = setting.people.institution["gops"]
    try:
        officer = Actor(setting.engine.directory.user_by_login("n.iod").id, "n.iod")
    except NotFound:
        officer = add_person(setting.engine, "n.iod", gops, DATA_PROTECTION_OFFICER)
    return officer


def test_a_members_report_holds_their_data_and_who_read_it(setting, read):
    report = setting.engine.protection.subject_access(read, setting.case.id, "marek", TEN_YEARS)

    assert report.member.name == "Marek"
    titles = [section.title for section in report.sections]
    assert {"Zgłoszenie rodziny", "Zgody członków rodziny", "Plan (IPW) i jego wersje"} <= set(titles)
    values = [item.value for s in report.sections for e in s.entries for item in e.items]
    assert "Rejestracja w PUP i powrót do aktywności" in values  # Marek's goal in the plan
    assert "Marek" in values
    institutions = {r.institution for r in report.recipients}
    assert {GOPS, HEALTH} <= institutions
    assert report.controller == GOPS
    assert "10 latach" in report.retention
    assert all(section.legal_basis for section in report.sections)


def test_a_members_report_leaves_out_every_other_member(setting, read):
    report = setting.engine.protection.subject_access(read, setting.case.id, "marek", None)
    as_json = subject_access_json(report)

    for other in OTHERS_OF_MAREK:
        assert re.search(rf"\b{other}\b", as_json) is None, other
    assert report.withheld > 0  # the family's description names the others: withheld, not shown
    assert "Opis sytuacji rodziny" in as_json


def test_the_health_centre_did_not_receive_the_data_of_the_member_who_refused(setting, read):
    janina = setting.engine.protection.subject_access(read, setting.case.id, "janina", None)
    anna = setting.engine.protection.subject_access(read, setting.case.id, "anna", None)

    assert janina.member.name == "Janina"
    assert HEALTH not in {r.institution for r in janina.recipients}
    assert GOPS in {r.institution for r in janina.recipients}
    assert janina.consent.startswith("Brak zgody")
    assert HEALTH in {r.institution for r in anna.recipients}
    assert "Policja" in anna.consent


def test_only_the_officer_gets_a_report_and_every_use_is_audited(setting, read):
    for role in (PS, "Ochrona zdrowia"):
        with pytest.raises(NotAllowed):
            setting.engine.protection.subject_access(setting.user(role), setting.case.id, "marek", None)
    with pytest.raises(NotAllowed):
        setting.engine.protection.access_log(setting.people.supervisor, setting.case.id)
    with pytest.raises(NotFound):
        setting.engine.protection.subject_access(read, setting.case.id, "nikt", None)

    setting.engine.protection.subject_access(read, setting.case.id, "anna", None)

    trail = setting.engine.history.audit_trail(setting.people.supervisor, setting.case.id)
    assert any(row[1] == read.user_id and row[2] == "protection.subject_access" for row in trail)


def test_the_log_of_one_member_leaves_out_the_readers_their_consent_did_not_reach(setting, read):
    janina = setting.engine.protection.access_log(read, setting.case.id, AccessFilter(member="janina"))
    marek = setting.engine.protection.access_log(read, setting.case.id, AccessFilter(member="marek"))
    whole = setting.engine.protection.access_log(read, setting.case.id)

    assert HEALTH in {e.institution for e in marek.entries}
    assert HEALTH not in {e.institution for e in janina.entries}
    assert HEALTH in whole.institutions
    assert len(whole.entries) > len(janina.entries)
    assert not any(e.member == "Anna" for e in marek.entries)  # Anna's consent record is not Marek's


def test_the_report_is_a_readable_pdf(setting, read):
    from pypdf import PdfReader

    report = setting.engine.protection.subject_access(read, setting.case.id, "marek", None)
    content = render_subject_access_pdf(report)

    text = " ".join(page.extract_text() for page in PdfReader(__import__("io").BytesIO(content)).pages)
    assert "Informacja o przetwarzaniu danych osobowych" in text
    assert "Marek" in text and HEALTH.split()[0] in text
    assert "Janina" not in text


def test_the_command_writes_the_pdf_and_the_json(setting, read, tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setenv("KOOPERACJA_DATABASE_URL", setting.url)
    monkeypatch.setenv("KOOPERACJA_RETENTION", "P10Y")

    code = main(["subject-access", "--case", setting.case.business_key, "--member", "anna", "--out", str(tmp_path)])

    assert code == 0, capsys.readouterr().err
    files = sorted(p.suffix for p in tmp_path.iterdir())
    assert files == [".json", ".pdf"]
    data = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    assert data["member"]["name"] == "Anna"
    assert HEALTH in {r["institution"] for r in data["recipients"]}
    assert "Marek" not in json.dumps(data, ensure_ascii=False)
    assert main(["subject-access", "--case", "K/NIE-MA", "--member", "anna", "--out", str(tmp_path)]) == 1


# ------------------------------------------------------------------ the register of processing

ROOT = Path(__file__).parent.parent.parent
FORM_PROPERTY = re.compile(r'name="formJsonSchemaFilename"\s+value="([^"]+)"')


def _fields(schema: dict, prefix: str = "") -> set[str]:
    """Every field path of a form, read independently of the engine's walk."""
    found = set()
    for name, node in schema.get("properties", {}).items():
        found.add(prefix + name)
        inner = node.get("items", node) if isinstance(node.get("items"), dict) else node
        found |= _fields(inner, f"{prefix}{name}.") if "properties" in inner else set()
    return found


def test_the_register_lists_every_form_field_of_the_deployed_model_under_a_purpose(setting, read):
    forms = {form for path in (ROOT / "processes").glob("*.bpmn") for form in FORM_PROPERTY.findall(path.read_text())}
    expected = {(form, field) for form in forms for field in _fields(json.loads((ROOT / "forms" / form).read_text()))}

    register = setting.engine.protection.register(read, TEN_YEARS)

    assert forms and len(expected) > 100
    titles = {json.loads((ROOT / "forms" / form).read_text()).get("title", form): form for form in forms}
    listed = {(titles.get(entry.form, entry.form), f.name) for entry in register.entries for f in entry.fields}
    assert expected - listed == set()
    assert all(entry.purpose and entry.legal_basis and entry.recipients for entry in register.entries)
    nomination = next(e for e in register.entries if e.task_id == "ut_nominacja")
    assert nomination.purpose == "Zgłoszenie rodziny"
    assert {"Pracownik socjalny OPS", "PCPR", "Zespół diagnostyczny"} <= set(nomination.recipients)
    assert "Opis sytuacji rodziny" in {f.label for f in nomination.fields}
    sectoral = next(e for e in register.entries if e.task_id == "ut_diagnoza_sektorowa")
    assert "PZK" not in sectoral.recipients  # the table keeps sectoral diagnoses from the PZK
    assert "10 latach" in register.retention


def test_only_the_officer_gets_the_register(setting, read):
    with pytest.raises(NotAllowed):
        setting.engine.protection.register(setting.user(PS), None)
    with pytest.raises(NotAllowed):
        setting.engine.protection.register(setting.people.supervisor, None)


def test_a_childs_report_says_a_parent_consented_for_them(setting, read):
    kacper = setting.engine.protection.subject_access(read, setting.case.id, "kacper", None)

    assert kacper.consent.startswith("Osoba małoletnia: zgodę")  # Anna's statement covers the children
    assert HEALTH in {r.institution for r in kacper.recipients}


def test_the_period_filter_counts_days_in_polish_time():
    from datetime import UTC, date, datetime

    from engine.dto.protection import AccessEntry
    from engine.services.protection.access_log import filtered

    late = AccessEntry(datetime(2025, 2, 3, 23, 30, tzinfo=UTC), "K Mazur", GOPS, "casefile.read", "x", "y")

    assert filtered([late], AccessFilter(since=date(2025, 2, 4))) == [late]  # 00:30 on 4 February in Poland
    assert filtered([late], AccessFilter(until=date(2025, 2, 3))) == []
    assert filtered([late], AccessFilter(institution="PCPR w Brzozowej Woli")) == []
    assert filtered([late], AccessFilter(kind="zapis")) == [] and filtered([late], AccessFilter(kind="odczyt"))
