"""Test helpers: the form files, a Jinja environment like the app's, a browser's submission, sample data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jsonschema import Draft202012Validator, FormatChecker
from werkzeug.datastructures import MultiDict

from web import formview
from web.formview import schema as s

ROOT = Path(__file__).resolve().parents[3]
FORMS_DIR = ROOT / "forms"
FORMS = sorted(path.name.removesuffix(".schema.json") for path in FORMS_DIR.glob("*.schema.json"))

PAGE = """{% from "forms/fields.html" import error_summary, form_fields, read_only %}<!doctype html>
<html lang="pl"><head><title>t</title></head><body>
<form method="post" novalidate>{{ error_summary(view) }}{{ form_fields(view) }}</form>
<section id="answers">{{ read_only(view) }}</section>
</body></html>"""


def load(name: str) -> tuple[dict, dict]:
    schema = json.loads((FORMS_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    ui_path = FORMS_DIR / f"{name}.uischema.json"
    ui = json.loads(ui_path.read_text(encoding="utf-8")) if ui_path.exists() else {}
    return schema, ui


def environment() -> Environment:
    """Autoescaping and Flask-Babel's new-style ``_`` (identity here), as in the application."""
    env = Environment(
        loader=FileSystemLoader(ROOT / "web" / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(lambda text: text, lambda one, many, n: one if n == 1 else many, newstyle=True)
    env.globals.update(formview.TEMPLATE_GLOBALS)
    return env


_ENV = environment()


def render(view) -> str:
    return _ENV.from_string(PAGE).render(view=view)


def document(html: str):
    return lxml.html.document_fromstring(html)


def submission(html: str, *extra: tuple[str, str]) -> MultiDict:
    """What a browser sends for the page's form (successful controls in tree order), plus ``extra``."""
    form = document(html).forms[0]
    pairs = []
    for element in form.iter("input", "select", "textarea"):
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        if element.tag == "input":
            kind = (element.get("type") or "text").lower()
            if kind in ("radio", "checkbox"):
                if element.get("checked") is not None:
                    pairs.append((name, element.get("value", "on")))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                pairs.append((name, element.get("value", "")))
        elif element.tag == "select":
            options = element.findall(".//option")
            chosen = [o for o in options if o.get("selected") is not None] or options[:1]
            pairs.extend((name, o.get("value", o.text_content())) for o in chosen)
        else:
            text = element.text or ""
            text = text[1:] if text.startswith("\n") else text  # the HTML parser drops it, lxml does not
            pairs.append((name, text.replace("\r\n", "\n").replace("\n", "\r\n")))
    pairs.extend(extra)
    return MultiDict(pairs)


def validator(schema: dict) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=FormatChecker())


# ---------------------------------------------------------------------------- sample data

TEXT = 'Zażółć gęślą <b>jaźń</b> & "cytat"'
PATTERN_CANDIDATES = ["marek", "anna", "rodzina", "P1", "P2", "P3", "P12", "abc"]


def sample(schema: dict, ui: dict | None = None, *, full: bool = True, variant: int = 0):
    """Valid data for ``schema``: every property (``full``) or only the required ones (also those an
    ``if``/``then`` may require) and the defaults a form shows. ``variant`` varies choices, booleans
    and dates."""
    return _Sampler(full, variant).value(schema, ui or {}, required=True)


class _Sampler:
    def __init__(self, full: bool, variant: int):
        self.full = full
        self.variant = variant

    def value(self, schema: dict, ui: dict, required: bool, position: int = 0):
        kind = s.node_type(schema)
        choices = s.enum_choices(schema)
        if "const" in schema:
            return schema["const"]
        if choices:
            return choices[(self.variant + position) % len(choices)][0]
        return getattr(self, f"_{kind}")(schema, ui, position)

    def _object(self, schema: dict, ui: dict, position: int) -> dict:
        wanted = s.required_names(schema)
        for rule in schema.get("allOf", []):
            wanted |= set(rule.get("then", {}).get("required", []))
        result = {}
        for name, sub in s.ordered_properties(schema, ui):
            if sub.get("readOnly"):
                continue
            if not (self.full or name in wanted):
                if "default" in sub:
                    result[name] = sub["default"]
                continue
            result[name] = self.value(sub, s.ui_child(ui, name), name in wanted, position)
        return result

    def _array(self, schema: dict, ui: dict, position: int) -> list:
        items = s.item_schema(schema)
        count = max(schema.get("minItems", 0), 2 if self.full else 1)
        choices = s.enum_choices(items)
        if choices:
            start = self.variant % len(choices)
            picked = choices[start : start + count] or choices[:count]
            return [value for value, _title in sorted(picked, key=choices.index)]
        return [self.value(items, s.ui_items(ui), True, index) for index in range(count)]

    def _string(self, schema: dict, ui: dict, position: int) -> str:
        if schema.get("format") == "date":
            return f"2024-0{1 + (self.variant + position) % 9}-1{position % 10}"
        if "pattern" in schema:
            fitting = [c for c in PATTERN_CANDIDATES if re.search(schema["pattern"], c)]
            assert fitting, f"no sample text fits {schema['pattern']}"
            return fitting[position % len(fitting)]
        if ui.get("ui:widget") == "textarea":
            return f"{TEXT}\nDruga linia {position}"
        return f"{TEXT} {position}"

    def _integer(self, schema: dict, ui: dict, position: int) -> int:
        return min(max(30 + position, schema.get("minimum", 0)), schema.get("maximum", 10**6))

    def _number(self, schema: dict, ui: dict, position: int) -> float:
        return max(1234.5 + position, schema.get("minimum", 0))

    def _boolean(self, schema: dict, ui: dict, position: int) -> bool:
        return (self.variant + position) % 2 == 1
