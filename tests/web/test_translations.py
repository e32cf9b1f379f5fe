"""The English catalogue covers every Polish text of web/, keeps its placeholders, and the app serves it."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po

from engine.db.database import Database
from web import create_app

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
ENGLISH_PO = WEB / "translations" / "en" / "LC_MESSAGES" / "messages.po"
HOW_TO_FIX = (
    "Run `make translations`, then give every empty or fuzzy entry in "
    "web/translations/en/LC_MESSAGES/messages.po its English text (and drop the fuzzy flag)."
)
# printf-style conversions as gettext formats them: %(name)s, %s, %d and the literal %%.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def _makefile_keywords() -> dict:
    """The extraction keywords of `make translations`, so that the test and the command find the same texts."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = makefile.partition("\ntranslations:")[2]
    extra = re.findall(r"\s-k\s+(\S+)", target.partition("\n\n")[0])
    assert "_l" in extra, "the Makefile's `translations` target no longer passes `-k _l` to pybabel extract"
    return {**DEFAULT_KEYWORDS, **parse_keywords(extra)}


@pytest.fixture(scope="module")
def texts() -> dict[tuple[str, str | None], set[str]]:
    """Every translatable text of web/ (singular msgid and context) with the files it comes from."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as mapping:
        method_map, options_map = parse_mapping_cfg(mapping, "babel.cfg")
    found: dict[tuple[str, str | None], set[str]] = {}
    for filename, _line, message, _comments, context in extract_from_dir(
        WEB, method_map, options_map, keywords=_makefile_keywords(), comment_tags=()
    ):
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault((msgid, context), set()).add(filename)
    return found


@pytest.fixture(scope="module")
def english():
    with ENGLISH_PO.open("rb") as po_file:
        return read_po(po_file)


def test_extraction_finds_the_texts_of_templates_views_and_lazy_labels(texts):
    sources = {filename for files in texts.values() for filename in files}
    assert any(name.startswith("templates/") for name in sources)  # the jinja2 extractor ran
    assert ("Zaloguj się", None) in texts  # a template text
    assert ("Nieprawidłowy login lub hasło.", None) in texts  # gettext in a view
    assert ("w toku", None) in texts  # lazy_gettext (_l) in a module-level mapping


def test_every_text_has_an_english_translation(texts, english):
    missing = []
    for (msgid, context), files in sorted(texts.items()):
        message = english.get(msgid, context=context)
        strings = () if message is None else (message.string,) if isinstance(message.string, str) else message.string
        if message is None or message.fuzzy or not strings or not all(s.strip() for s in strings):
            missing.append(f"  {msgid!r}  ({', '.join(f'web/{name}' for name in sorted(files))})")
    assert not missing, f"{len(missing)} text(s) without English:\n" + "\n".join(missing) + f"\n{HOW_TO_FIX}"


def test_translations_keep_the_placeholders_of_the_polish_text(english):
    broken = []
    for message in english:
        if not message.id or not message.string:
            continue
        ids = (message.id,) if isinstance(message.id, str) else message.id
        strings = (message.string,) if isinstance(message.string, str) else message.string
        for index, string in enumerate(strings):
            source = ids[min(index, len(ids) - 1)]  # plural forms after the first follow the plural msgid
            if string and Counter(PLACEHOLDER.findall(string)) != Counter(PLACEHOLDER.findall(source)):
                broken.append(f"  {source!r} -> {string!r}")
    assert not broken, "placeholders differ between the Polish text and its translation:\n" + "\n".join(broken)


@pytest.fixture
def client(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'web.db'}"
    Database(url).migrate()
    monkeypatch.setenv("KOOPERACJA_DATABASE_URL", url)
    return create_app({"TESTING": True}).test_client()


def test_the_login_page_in_english_has_no_polish_left(client):
    page = client.get("/login?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Log in" in page and "Password" in page
    assert "Zaloguj" not in page and "Hasło" not in page and "Logowanie" not in page
