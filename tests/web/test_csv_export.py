"""The supervisors' CSV downloads (dashboards and the Księga rekomendacji): Polish letters readable by
spreadsheets, and names or free text that look like formulas kept as text."""

from __future__ import annotations

import csv
import io

from web.supervisor.csv_export import csv_download


def test_a_download_is_a_semicolon_table_with_a_bom_and_its_name():
    answer = csv_download(("Instytucja", "Zaległe"), [("Szkoła Podstawowa w Świlczy", 3)], "wskazniki-zalegle.csv")
    body = answer.get_data(as_text=True)
    assert answer.mimetype == "text/csv"
    assert answer.headers["Content-Disposition"] == 'attachment; filename="wskazniki-zalegle.csv"'
    assert body.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";")) == [
        ["Instytucja", "Zaległe"],
        ["Szkoła Podstawowa w Świlczy", "3"],
    ]


def test_text_that_would_start_a_formula_stays_text_and_numbers_stay_numbers():
    rows = [('=HYPERLINK("http://example.org")', 1), ("+48 600", -2), ("-cmd", 0), ("@SUM(A1)", 5), ("GOPS", 7)]
    body = csv_download(("Nazwa", "Liczba"), rows, "x.csv").get_data(as_text=True)
    read = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))[1:]
    assert read == [
        ['\'=HYPERLINK("http://example.org")', "1"],
        ["'+48 600", "-2"],
        ["'-cmd", "0"],
        ["'@SUM(A1)", "5"],
        ["GOPS", "7"],
    ]
