"""The Księga rekomendacji over HTTP: the page, its CSV exports and the PDF for a supervisor at the ROPS,
403 for every other role; a family that refused its plan (tests/engine/test_recommendations.py) closed
with two recommendations."""

from __future__ import annotations

import csv
import io
import re
from io import BytesIO

from pypdf import PdfReader

from tests.engine.test_recommendations import REFUSAL, SENIORZY
from tests.processes.people import AN, PS, STAFF
from tests.processes.scenarios import T
from tests.web.pages.html import text

BOOK = "/nadzor/ksiega-rekomendacji"
TEXTS = ("Zapraszać rodzinę na warsztat obowiązkowo.", "Plan przygotowany bez udziału rodziny w warsztacie.")


def _closed_case(case_driver) -> str:
    case_driver.start(title="Rodzina Nowakowskich")
    case_driver.play(REFUSAL)
    return case_driver.case.id


def test_the_book_shows_figures_and_recommendations_without_the_family(browser, case_driver, people):
    case_id = _closed_case(case_driver)
    supervisor = browser(actor=people.supervisor)
    page = supervisor.get(BOOK)
    assert page.status_code == 200
    shown = text(page)
    assert "IPW zrealizowane: 0 z 0" in shown
    assert "Sprawy objęte zestawieniem: 1; zamknięte w okresie: 1." in shown
    assert "rodzina odmówiła planu" in shown and "odmowa planu" in shown  # closing reason and outcome in words
    assert "Od zgłoszenia do zamknięcia sprawy 1 57,0 57,0" in shown
    for line in TEXTS:
        assert line in shown
    assert "Rekomendacja zmian dla ROPS Prawne" in shown and f"{TEXTS[0]} rodzina Zamknięcie" in shown
    assert "Projekty socjalne zrealizowane" not in shown  # no group case evaluated
    assert "Nowakowsk" not in shown and case_id not in page.get_data(as_text=True)
    for code in ("odmowa_rodziny", "odmowa_planu", "kooperacja_rodzina </"):
        assert code not in shown

    at_evaluation = text(supervisor.get(BOOK, query_string={"etap": "Ocena"}))
    assert TEXTS[0] not in at_evaluation and "IPW zrealizowane: 0 z 0" in at_evaluation
    wrong = supervisor.get(BOOK, query_string={"od": "1 kwietnia"})
    assert wrong.status_code == 200 and "Podaj datę w postaci RRRR-MM-DD." in text(wrong)


def test_the_book_counts_group_projects_and_filters_by_the_kind_of_case(browser, case_driver, people):
    _closed_case(case_driver)
    group = type(case_driver)(case_driver.engine, people, roundtrip=False, check_visibility=False)
    group.start("kooperacja_grupa", title="Seniorzy z Woli Rafałowskiej", kind="grupa")
    group.play(SENIORZY)
    supervisor = browser(actor=people.supervisor)

    shown = text(supervisor.get(BOOK))
    assert "Projekty socjalne zrealizowane: 1 z 1" in shown and "IPW zrealizowane: 0 z 0" in shown
    assert "projekt socjalny zrealizowany" in shown  # the group's closing reason in words
    assert "Gminny transport dla seniorów. grupa Zamknięcie" in shown
    page = supervisor.get(BOOK, query_string={"typ": "grupa"}).get_data(as_text=True)
    assert '<option value="grupa" selected>grupa</option>' in page and '<option value="rodzina">' in page
    only_groups = text(supervisor.get(BOOK, query_string={"typ": "grupa"}))
    assert "Gminny transport dla seniorów." in only_groups and TEXTS[0] not in only_groups
    assert "Sprawy objęte zestawieniem: 1;" in only_groups
    pdf = supervisor.get(f"{BOOK}.pdf", query_string={"typ": "grupa"}).data
    content = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages)
    assert "Rodzaj sprawy grupa" in content and "Projekty socjalne zrealizowane: 1 z 1" in content
    assert "spraw grupowych zakończonych oceną końcową projektu socjalnego" in content


def test_the_books_headings_speak_of_cases_of_every_kind_not_of_families(browser, case_driver, people):
    """The figures count persons', families' and groups' cases alike: no heading, column or span calls them
    families; a figure that is by kind says so (the IPW of persons and families, a group's projekt)."""
    _closed_case(case_driver)
    group = type(case_driver)(case_driver.engine, people, roundtrip=False, check_visibility=False)
    group.start("kooperacja_grupa", title="Seniorzy z Woli Rafałowskiej", kind="grupa")
    group.play(SENIORZY)
    supervisor = browser(actor=people.supervisor)
    page = supervisor.get(BOOK).get_data(as_text=True)

    headings = re.findall(r"<h2[^>]*>([^<]*)</h2>|<th scope=\"col\">([^<]*)</th>", page)
    assert "Czas pracy w sprawach (dni między datami wpisanymi w formularzach)" in [a for a, _ in headings]
    assert "Z oceną końcową IPW" in [b for _, b in headings]
    assert not [h for pair in headings for h in pair if "rodzin" in h.lower()]
    shown = text(supervisor.get(BOOK))
    assert "Od zgłoszenia do zatwierdzenia przez PZK planu (IPW) lub projektu socjalnego 1" in shown  # the group's
    assert "Od zgłoszenia do decyzji o kwalifikacji (osoby i rodziny) 1" in shown  # groups are not qualified
    assert "Usługi najczęściej planowane (zatwierdzone plany IPW i projekty socjalne)" in shown
    assert "IPW zrealizowane: 0 z 0 — spraw osób i rodzin zakończonych oceną końcową IPW" in shown
    spans = supervisor.get(f"{BOOK}/czas.csv").get_data(as_text=True)
    assert "Od zgłoszenia do zamknięcia sprawy;2;" in spans and "rodziny do" not in spans
    content = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(BytesIO(supervisor.get(f"{BOOK}.pdf").data)).pages
    )
    assert "Czas pracy w sprawach" in content and "Czas pracy z rodziną" not in content
    assert "Wnioski z pracy w sprawie" in content and "Wnioski z pracy z rodziną" not in content


def test_csv_exports_hold_the_tables(browser, case_driver, people):
    _closed_case(case_driver)
    supervisor = browser(actor=people.supervisor)
    listed = supervisor.get(f"{BOOK}/rekomendacje.csv")
    assert listed.status_code == 200 and listed.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(listed.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == [
        "Data",
        "Rodzaj",
        "Obszar",
        "Treść",
        "Rodzaj sprawy",
        "Etap",
        "Partnerstwo",
        "Wariant",
        "Wynik sprawy",
    ]
    assert [(row[1], row[3], row[4], row[5], row[6]) for row in rows[1:]] == [
        ("Rekomendacja zmian dla ROPS", TEXTS[0], "rodzina", "Zamknięcie", "PZK Brzozowa Wola"),
        ("Wnioski z pracy w sprawie", TEXTS[1], "rodzina", "Zamknięcie", "PZK Brzozowa Wola"),
    ]
    assert rows[1][0] == "10.04.2025"
    partnerships = supervisor.get(f"{BOOK}/partnerstwa.csv").get_data(as_text=True)
    assert "PZK Brzozowa Wola;wiejski;1;1;0;0;0;0" in partnerships
    assert supervisor.get(f"{BOOK}/nie-ma-takiej.csv").status_code == 404


def test_a_text_that_looks_like_a_formula_stays_text_in_the_csv(browser, case_driver, people):
    formula = {"obszar": "inne", "tresc": '=HYPERLINK("http://example.org";"kliknij")'}
    steps = [*REFUSAL[:-1], T("ut_rekomendacje", AN, {**REFUSAL[-1]["data"], "rekomendacje": [formula]})]
    case_driver.start()
    case_driver.play(steps)
    listed = browser(actor=people.supervisor).get(f"{BOOK}/rekomendacje.csv").get_data(as_text=True)
    texts = [row[3] for row in csv.reader(io.StringIO(listed.lstrip("\ufeff")), delimiter=";")][1:]
    assert texts == ["'" + formula["tresc"], "Plan przygotowany bez udziału rodziny w warsztacie."]


def test_the_pdf_prints_the_conditions_figures_and_recommendations(browser, case_driver, people):
    _closed_case(case_driver)
    answer = browser(actor=people.supervisor).get(f"{BOOK}.pdf", query_string={"od": "2025-01-01"})
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    reader = PdfReader(BytesIO(answer.data))
    content = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert reader.metadata.title == "Księga rekomendacji"
    assert "Okres 01.01.2025 – …" in content
    assert "IPW zrealizowane: 0 z 0 spraw osób i rodzin zakończonych oceną końcową IPW." in content
    assert "Wnioski i rekomendacje" in content and TEXTS[0] in content
    assert "Nowakowsk" not in content


def test_only_supervisors_may_read_the_book(browser, case_driver, people):
    _closed_case(case_driver)
    for role in sorted(STAFF):  # every role of the partnership, the ROPS's adviser and the case's animator too
        client = browser(role)
        for path in (BOOK, f"{BOOK}/rekomendacje.csv", f"{BOOK}.pdf"):
            assert client.get(path).status_code == 403, (role, path)
    assert browser(PS).get(BOOK).status_code == browser(AN).get(BOOK).status_code == 403
    assert browser().get(BOOK).status_code == 302  # to the login
