"""Reading a rendered page as a user (or a screen reader) meets it: fields, their errors, their values."""

from __future__ import annotations

import lxml.html


def parse(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def text(response) -> str:
    """The page's words, whitespace collapsed; elements are kept apart (``<dt>Status</dt><dd>w toku</dd>``
    reads "Status w toku")."""
    return " ".join(" ".join(parse(response).itertext()).split())


def error_at(response, field_id: str) -> str | None:
    """The message shown at a field (``<p id="<field>-error">``), without the hidden "Błąd:" prefix."""
    found = parse(response).get_element_by_id(f"{field_id}-error", None)
    if found is None:
        return None
    return " ".join(found.text_content().replace("Błąd:", "", 1).split())


def summary_links(response) -> list[str]:
    """Where the error summary's links lead (``#field``)."""
    return parse(response).xpath('//div[contains(@class, "error-summary")]//a/@href')


def value_of(response, field_id: str) -> str | None:
    element = parse(response).get_element_by_id(field_id)
    if element.tag == "select":
        chosen = element.xpath("option[@selected]/@value")
        return chosen[0] if chosen else None
    return element.get("value")


def checked(response, name: str) -> list[str]:
    return parse(response).xpath(f'//input[@name="{name}"][@checked]/@value')


def choices(response, name: str) -> list[str]:
    """The values offered by the checkboxes called ``name``."""
    return parse(response).xpath(f'//input[@name="{name}"]/@value')


def options(response, select_id: str) -> list[str]:
    """The labels of a select's options, the empty "— wybierz —" left out."""
    select = parse(response).get_element_by_id(select_id)
    return [" ".join(option.text_content().split()) for option in select.xpath("option[@value != '']")]


def unlabelled(response) -> list[str]:
    """Visible controls without a ``<label for>`` (hidden inputs and buttons need none)."""
    page = parse(response)
    labels = set(page.xpath("//label/@for"))
    controls = page.xpath('//input[not(@type="hidden")] | //select | //textarea')
    return [control.get("name") for control in controls if control.get("id") not in labels]
