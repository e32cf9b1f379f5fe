"""The social project of a group case as a reader downloads it from the group's case file (text through pypdf)."""

from __future__ import annotations

from pathlib import Path

from tests.processes.groups import SENIORZY_Z_WOLI
from tests.processes.people import PS
from tests.web.documents.test_pdf import pages
from tests.web.pages.html import text

ARTIFACTS = Path(__file__).parents[3] / "test-artifacts" / "documents"


def test_the_group_case_file_links_its_approved_project_and_the_pdf_holds_it(browser, case_driver):
    case_driver.start("kooperacja_grupa", title="Seniorzy z Woli Rafałowskiej", kind="grupa")
    case_driver.play(SENIORZY_Z_WOLI[:9])  # the PZK approved the second version
    case_id = case_driver.case.id
    worker = browser(PS)

    page = text(worker.get(f"/sprawy/{case_id}"))
    assert "Projekt socjalny grupy, PDF" in page
    assert "Plan pracy z rodziną (IPW), PDF" not in page and "Kontrakt socjalny, PDF" not in page
    answer = worker.get(f"/sprawy/{case_id}/projekt-socjalny.pdf")

    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "projekt-socjalny-grupy.pdf").write_bytes(answer.data)
    content = " ".join(pages(answer.data))
    assert "Projekt socjalny – Aktywny senior w Woli Rafałowskiej" in content
    assert "Okres realizacji 01.04.2025 – 31.12.2025" in content
    assert "Halina" in content and "Irena" in content and "Stefan" not in content  # he did not consent
    assert "Zajęcia grupowe" in content and "cała grupa" in content
    assert "Regularne spotkania seniorów" in content and "Przedstawiciel grupy" in content


def test_an_institution_outside_the_group_case_gets_no_project(browser, case_driver):
    case_driver.start("kooperacja_grupa", title="Seniorzy z Woli Rafałowskiej", kind="grupa")
    case_driver.play(SENIORZY_Z_WOLI[:9])
    assert browser("Szkoła").get(f"/sprawy/{case_driver.case.id}/projekt-socjalny.pdf").status_code == 404


def test_a_participants_consent_statement_downloads_from_the_group_case_file(browser, case_driver):
    case_driver.start("kooperacja_grupa", title="Seniorzy z Woli Rafałowskiej", kind="grupa")
    case_driver.play(SENIORZY_Z_WOLI[:4])  # the group and three statements: Stefan refuses
    case_id = case_driver.case.id
    worker = browser(PS)

    page = text(worker.get(f"/sprawy/{case_id}"))
    assert "Oświadczenie o zgodzie: Halina, PDF" in page and "Oświadczenie o zgodzie: Stefan, PDF" in page
    answer = worker.get(f"/sprawy/{case_id}/zgody/halina.pdf")

    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    (ARTIFACTS / "zgoda-uczestnika-grupy.pdf").parent.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "zgoda-uczestnika-grupy.pdf").write_bytes(answer.data)
    content = " ".join(pages(answer.data))
    assert "Oświadczenie uczestnika grupy o zgodzie" in content
    assert "Grupa Seniorzy z Woli Rafałowskiej" in content and "Uczestnik Halina" in content
    assert "Oświadczenie składa Uczestnik osobiście" in content and "Osoba WYRAŻA ZGODĘ." in content
    assert "projekcie socjalnym grupy" in content and "Halina – uczestnik" in content
    assert "Rodzina" not in content and "małoletnich dzieci" not in content  # no family's wording
    refused = " ".join(pages(worker.get(f"/sprawy/{case_id}/zgody/stefan.pdf").data))
    assert "Osoba NIE WYRAŻA ZGODY." in refused
    assert browser("Zespół diagnostyczny").get(f"/sprawy/{case_id}/zgody/halina.pdf").status_code == 403
    assert browser("Szkoła").get(f"/sprawy/{case_id}/zgody/halina.pdf").status_code == 404
