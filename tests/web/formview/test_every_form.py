"""Every form in forms/: renders accessibly, shows every property, and survives a browser round trip."""

from __future__ import annotations

import pytest

from engine.forms import validate
from tests.web.formview.support import FORMS, document, load, render, sample, submission, validator
from web import formview
from web.formview import schema as s


def _schema_paths(schema: dict, path: str = ""):
    """(dotted path, title) of every property, looking into the first row of each repeating group."""
    for name, sub in s.ordered_properties(schema, {}):
        here = s.join(path, name)
        yield here, sub.get("title", name)
        items = s.item_schema(sub)
        if s.node_type(sub) == "object":
            yield from _schema_paths(sub, here)
        elif s.node_type(sub) == "array" and s.node_type(items) == "object":
            yield from _schema_paths(items, s.join(here, 0))


def _label_text(doc, control) -> str:
    labels = doc.xpath("//label[@for=$id]", id=control.get("id"))
    text = " ".join(label.text_content() for label in labels)
    if control.get("type") in ("radio", "checkbox"):
        text += " " + control.xpath("ancestor::fieldset[1]/legend")[0].text_content()
    return text


@pytest.fixture(params=FORMS)
def form(request):
    return (request.param, *load(request.param))


@pytest.mark.parametrize("full", [True, False], ids=["all-fields", "required-only"])
def test_sample_data_is_valid_for_the_engine(form, full):
    _name, schema, ui = form
    data = sample(schema, ui, full=full)
    assert list(validator(schema).iter_errors(data)) == []
    assert validate(schema, data) == data


def test_every_property_is_a_field_with_its_polish_title(form):
    _name, schema, ui = form
    doc = document(render(formview.build(schema, ui, sample(schema, ui), {})))
    for path, title in _schema_paths(schema):
        controls = doc.xpath(
            "//*[self::input or self::select or self::textarea][@name=$n][not(@type='hidden')]", n=path
        )
        shown = doc.xpath("//dd[@id=$id]/preceding-sibling::dt[1]", id=s.field_id(path))
        if controls:
            assert all(title in _label_text(doc, control) for control in controls), path
        elif shown:  # a read-only fact of the case: a term and its value, no input
            assert title in shown[0].text_content(), path
        else:  # a group of fields or a repeating group: a fieldset named by its legend
            legend = doc.xpath("//fieldset[@id=$id]/legend", id=s.field_id(path))
            assert legend, f"{path} is not on the page"
            assert title in legend[0].text_content()


@pytest.mark.parametrize("with_errors", [False, True], ids=["clean", "every-field-in-error"])
def test_page_is_well_formed_and_every_control_is_labelled(form, with_errors):
    _name, schema, ui = form
    paths = [path for path, _title in _schema_paths(schema)]
    errors = {path: ["Błąd testowy."] for path in paths} if with_errors else {}
    doc = document(render(formview.build(schema, ui, sample(schema, ui), errors)))
    controls = doc.xpath("//form//*[self::input or self::select or self::textarea][not(@type='hidden')]")
    assert controls
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids)), "ids must be unique"
    assert all(doc.xpath("//label[@for=$id]", id=c.get("id")) for c in controls), "every control has a label"
    for reference in doc.xpath("//@aria-describedby | //@aria-labelledby"):
        assert set(reference.split()) <= set(ids), "aria references point to elements on the page"
    assert doc.xpath("//@style | //script | //@*[starts-with(name(), 'on')]") == []
    if with_errors:
        summary_links = doc.xpath("//div[@data-error-summary]//a/@href")
        assert len(summary_links) == len(paths)
        assert {href[1:] for href in summary_links} <= set(ids)
        invalid = [c for c in controls if c.get("type") not in ("radio",) and c.get("aria-invalid") == "true"]
        assert invalid, "controls in error are marked aria-invalid"


@pytest.mark.parametrize("full", [True, False], ids=["all-fields", "required-only"])
@pytest.mark.parametrize("variant", [0, 1])
def test_round_trip_through_the_browser_gives_back_the_data(form, full, variant):
    _name, schema, ui = form
    data = sample(schema, ui, full=full, variant=variant)
    html = render(formview.build(schema, ui, data, {}))
    parsed = formview.parse(schema, submission(html))
    assert parsed.errors == {}
    assert parsed.data == data
    assert validate(schema, parsed.data) == data


def test_an_untouched_form_gives_no_data_the_user_did_not_choose(form):
    _name, schema, ui = form
    html = render(formview.build(schema, ui, {}, {}))
    parsed = formview.parse(schema, submission(html))
    assert parsed.errors == {}
    defaults = {name: sub["default"] for name, sub in s.ordered_properties(schema, ui) if "default" in sub}
    required_lists = {
        name: []
        for name, sub in s.ordered_properties(schema, ui)
        if s.node_type(sub) == "array" and name in s.required_names(schema) and "default" not in sub
    }
    assert parsed.data == defaults | required_lists
