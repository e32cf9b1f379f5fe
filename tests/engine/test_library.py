"""The model library: drafts kept apart from running cases, checked on save, deployed with a comment."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from engine import Engine
from engine.db.models import AuditEntry
from engine.errors import DefinitionError, InvalidInput, NotAllowed, NotFound
from engine.services.repository import collect
from tests.factories import ADMIN, make_directory

REPO = Path(__file__).parents[2]
PZK = "processes/kooperacja_pzk.bpmn"


@pytest.fixture
def library_engine(database_url, clock):
    instance = Engine.from_url(database_url, clock=clock)
    instance.repository.deploy(collect([REPO / "processes"]), ADMIN)
    yield instance
    instance.close()


@pytest.fixture
def people(library_engine):
    return make_directory(library_engine)


def test_the_library_lists_every_deployed_file_by_kind_with_the_version(library_engine, people):
    library = library_engine.library.overview(people.analyst)
    kinds = {f.path: f.kind for f in library.files}
    assert kinds[PZK] == "process"
    assert kinds["processes/kooperacja_zaproszenia.dmn"] == "decision"
    assert kinds["forms/inicjowanie_pzk.schema.json"] == "form"
    assert kinds["processes/widocznosc.json"] == "table"
    assert {f.deployed_in for f in library.files} == {1}
    assert not library.has_drafts
    [version] = library.versions
    assert (version.number, version.created_by, version.comment) == (1, ADMIN.label, None)
    assert len(version.content_hash) == 64 and version.file_count == len(library.files)


def test_a_draft_is_kept_and_checked_but_reaches_no_case_until_deployed(library_engine, people):
    original = (REPO / PZK).read_bytes()
    renamed = original.replace(b'name="Spotkanie inicjuj', b'name="Pierwsze spotkanie inicjuj')
    checked = library_engine.library.save(people.analyst, PZK, renamed)
    assert checked.problems == ()
    opened = library_engine.library.open(people.analyst, PZK)
    assert (opened.is_draft, opened.content, opened.deployed_in) == (True, renamed, 1)
    assert library_engine.repository.file(1, PZK) == original
    assert [v.number for v in library_engine.repository.versions()] == [1]
    [entry] = [f for f in library_engine.library.overview(people.analyst).files if f.path == PZK]
    assert entry.draft.updated_by == people.analyst.label


def test_saving_reports_every_problem_with_its_file_line_and_element(library_engine, people):
    broken = (
        (REPO / PZK)
        .read_bytes()
        .replace(b'value="inicjowanie_pzk.schema.json"', b'value="brak.schema.json"')
        .replace(b'value="porozumienie_pzk.schema.json"', b'value="brak2.schema.json"')
    )
    checked = library_engine.library.save(people.analyst, PZK, broken)
    mine = checked.of_file(PZK)
    assert {p.element_id for p in mine} >= {"ut_inicjowanie_pzk", "ut_porozumienie"}
    assert all(p.line for p in mine)
    assert str(mine[0]).startswith(f"{PZK}:{mine[0].line}: ")
    with pytest.raises(DefinitionError):
        library_engine.library.deploy(people.analyst, "Nie przejdzie")
    assert library_engine.library.open(people.analyst, PZK).content == broken  # the draft stays


def test_deploying_stores_the_comment_and_clears_the_drafts(library_engine, people):
    changed = (REPO / PZK).read_bytes().replace(b"Zorganizuj spotkanie", b"Zorganizuj pierwsze spotkanie")
    library_engine.library.save(people.analyst, PZK, changed)
    with pytest.raises(InvalidInput):
        library_engine.library.deploy(people.analyst, "   ")
    result = library_engine.library.deploy(people.analyst, "Doprecyzowana instrukcja spotkania")
    assert (result.created, result.version.number) == (True, 2)
    library = library_engine.library.overview(people.analyst)
    assert not library.has_drafts
    assert [(v.number, v.comment) for v in library.versions] == [
        (2, "Doprecyzowana instrukcja spotkania"),
        (1, None),
    ]
    assert library_engine.repository.file(2, PZK) == changed


def test_discarding_a_draft_restores_the_deployed_content(library_engine, people):
    library_engine.library.save(people.analyst, PZK, b"<nie-xml")
    assert library_engine.library.check(people.analyst).of_file(PZK)
    library_engine.library.discard(people.analyst, PZK)
    assert library_engine.library.open(people.analyst, PZK).is_draft is False
    assert library_engine.library.check(people.analyst).problems == ()
    with pytest.raises(NotFound):
        library_engine.library.discard(people.analyst, PZK)


def test_only_analysts_and_administrators_use_the_library(library_engine, people):
    for outsider in (people.ops, people.supervisor, people.animator):
        with pytest.raises(NotAllowed):
            library_engine.library.overview(outsider)
        with pytest.raises(NotAllowed):
            library_engine.library.save(outsider, PZK, b"<x/>")
    assert library_engine.library.overview(ADMIN).files


@pytest.mark.parametrize("path", ["../etc/passwd", "processes/a/b.bpmn", "forms/x.json", "processes/x.py", "x.bpmn"])
def test_a_draft_goes_only_where_the_model_keeps_files(library_engine, people, path):
    with pytest.raises(InvalidInput):
        library_engine.library.save(people.analyst, path, b"<x/>")


def test_a_version_exports_as_a_folder_and_imports_back(library_engine, people):
    data = library_engine.library.export(people.analyst, 1)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    assert f"kooperacja-v1/{PZK}" in names and "kooperacja-v1/forms/inicjowanie_pzk.schema.json" in names
    assert library_engine.library.import_zip(people.analyst, data) == ([], [])
    edited = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(edited, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            target.writestr(name, content.replace(b"Zorganizuj", b"Przygotuj") if name.endswith(PZK) else content)
        target.writestr("kooperacja-v1/README.md", b"notes")
    changed, skipped = library_engine.library.import_zip(people.analyst, edited.getvalue())
    assert (changed, skipped) == ([PZK], ["kooperacja-v1/README.md"])
    assert library_engine.library.check(people.analyst).problems == ()
    with pytest.raises(InvalidInput):
        library_engine.library.import_zip(people.analyst, b"not a zip")


def test_every_change_is_audited(library_engine, people, database_url):
    library_engine.library.save(people.analyst, PZK, (REPO / PZK).read_bytes())
    library_engine.library.discard(people.analyst, PZK)
    library_engine.library.export(people.analyst, 1)
    with library_engine.context.transaction(write=False) as session:
        actions = session.execute(select(AuditEntry.action).order_by(AuditEntry.id)).scalars().all()
    assert actions[-3:] == ["model_draft_saved", "model_draft_discarded", "model_exported"]


def test_saving_also_reports_the_models_domain_mistakes(library_engine, people):
    text = (REPO / PZK).read_text(encoding="utf-8")
    # a user task with no form, outside every lane, that no sequence flow reaches
    stray = '<bpmn:userTask id="ut_zabłąkane" name="Zabłąkane zadanie" />\n  </bpmn:process>'
    broken = text.replace("</bpmn:process>", stray, 1).encode()
    checked = library_engine.library.save(people.analyst, PZK, broken)
    messages = {p.message for p in checked.of_file(PZK) if p.element_id == "ut_zabłąkane"}
    assert messages == {
        "Zadanie użytkownika nie ma formularza.",
        "Zadanie użytkownika leży poza torem (rolą).",
        "Element jest nieosiągalny: nie prowadzi do niego żaden przepływ.",
    }
    assert all(p.line == text[: text.index("</bpmn:process>")].count("\n") + 1 for p in checked.of_file(PZK))
    with pytest.raises(DefinitionError):
        library_engine.library.deploy(people.analyst, "Zadanie bez formularza")
