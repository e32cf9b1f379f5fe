"""The answers of a submitted form as text: titles instead of codes, Tak/Nie, rows."""

from __future__ import annotations

from tests.web.formview.support import document, load, render
from web import formview
from web.formview.model import DisplayItem

NOMINATION = {
    "rodzina_nazwa": "Nowakowscy",
    "wariant": "wiejski",
    "data_zgloszenia": "2024-05-06",
    "czlonkowie": [
        {"id": "marek", "imie": "Marek", "wiek": 42, "pokrewienstwo": "wnioskodawca"},
        {"id": "kacper", "imie": "Kacper", "wiek": 9, "pokrewienstwo": "dziecko"},
    ],
    "kody_problemow": ["ubostwo", "bezrobocie"],
    "nadzor_kuratora": False,
    "opis_sytuacji": "Opis",
}


def _by_label(items) -> dict[str, DisplayItem]:
    return {item.label: item for item in items}


def test_answers_show_titles_yes_no_and_rows():
    view = formview.build(*load("nominacja_rodziny"), NOMINATION, {})
    answers = _by_label(formview.values_for_display(view))

    assert answers["Rodzina"].text == "Nowakowscy"
    assert answers["Gmina"].text is None
    assert answers["Wariant modelu"].text.startswith("Gmina wiejska")
    assert answers["Problemy rodziny (art. 7 ustawy o pomocy społecznej)"].texts == ("Ubóstwo", "Bezrobocie")
    assert (answers["Nadzór kuratora sądowego"].text, answers["Nadzór kuratora sądowego"].answer) == ("Nie", False)
    rows = answers["Członkowie gospodarstwa domowego"].rows
    assert [[(item.label, item.text) for item in row] for row in rows][1] == [
        ("Identyfikator", "kacper"),
        ("Imię", "Kacper"),
        ("Wiek (lata)", "9"),
        ("Relacja w rodzinie", "Dziecko"),
    ]


def test_answers_can_be_translated():
    view = formview.build(*load("zgoda_czlonka"), {"zgoda_udzielona": True}, {})
    answers = _by_label(formview.values_for_display(view, gettext={"Tak": "Yes", "Nie": "No"}.get))
    assert answers["Osoba wyraża zgodę"].text == "Yes"


def test_the_read_only_macro_shows_answers_without_any_input():
    view = formview.build(*load("nominacja_rodziny"), NOMINATION, {})
    section = document(render(view)).get_element_by_id("answers")
    assert section.xpath(".//input | .//select | .//textarea | .//button") == []
    text = " ".join(section.text_content().split())
    for expected in ("Nowakowscy", "Ubóstwo", "Bezrobocie", "Kacper", "Dziecko", "Nadzór kuratora sądowego Nie"):
        assert expected in text
    assert "Gmina Nie podano" in text
