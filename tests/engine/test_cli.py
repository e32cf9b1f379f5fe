"""The ``kooperacja`` command an analyst runs: validate, init-db, deploy."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import main
from engine import Engine
from tests.conftest import DATA
from tests.engine.bpmn_samples import deployment, line_of, script_process, write

KOOPERACJA = Path(sys.executable).parent / "kooperacja"
PROBLEM_LINE = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+): (?P<element>[^:\s]+): (?P<message>.+)$")


def broken_project(root: Path) -> bytes:
    """``processes/`` + ``forms/`` under ``root`` whose script task imports ``os``; the diagram."""
    document = script_process("import os")
    write(root, deployment(document))
    return document


def problems_in(output: str) -> list[dict]:
    return [match.groupdict() for line in output.splitlines() if (match := PROBLEM_LINE.match(line))]


@pytest.fixture
def sqlite_url(tmp_path, monkeypatch) -> str:
    """An empty SQLite database the command uses (through ``KOOPERACJA_DATABASE_URL``)."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("KOOPERACJA_DATABASE_URL", url)
    return url


def test_validate_prints_file_line_element_and_message_and_exits_1(tmp_path):
    document = broken_project(tmp_path)
    env = {**os.environ, "KOOPERACJA_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    result = subprocess.run(
        [str(KOOPERACJA), "validate", "processes"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    [problem] = problems_in(result.stdout)
    assert problem["file"] == "processes/proba.bpmn"
    assert int(problem["line"]) == line_of(document, 'id="st_skrypt"')
    assert problem["element"] == "st_skrypt"
    assert "import" in problem["message"]
    assert "Znaleziono problemów: 1." in result.stderr


def test_validate_accepts_the_test_process(capsys):
    assert main(["validate", str(DATA / "processes")]) == 0
    assert capsys.readouterr().out.startswith("OK:")


def test_validate_of_a_missing_path_says_so(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nie_ma")]) == 1
    assert "nie_ma" in capsys.readouterr().err


def test_init_db_then_deploy_deploys_once(sqlite_url, capsys):
    assert main(["init-db"]) == 0
    assert main(["deploy", str(DATA / "processes")]) == 0
    first = capsys.readouterr().out
    assert "nowa wersja 1" in first
    assert "test_sprawa" in first

    assert main(["deploy", str(DATA / "processes")]) == 0
    assert "bez zmian, istniejąca wersja 1" in capsys.readouterr().out

    engine = Engine.from_url(sqlite_url)
    try:
        [version] = engine.repository.versions()
    finally:
        engine.close()
    assert {p.process_id for p in version.processes} == {"test_sprawa", "test_ocena"}
    assert "forms/zgloszenie.schema.json" in version.files


def test_deploy_of_a_broken_directory_prints_the_problems_and_stores_nothing(
    database_url, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("KOOPERACJA_DATABASE_URL", database_url)
    broken_project(tmp_path)
    assert main(["deploy", str(tmp_path / "processes")]) == 1
    output = capsys.readouterr()
    assert [(p["file"], p["element"]) for p in problems_in(output.out)] == [("processes/proba.bpmn", "st_skrypt")]
    assert "Znaleziono problemów: 1." in output.err
    engine = Engine.from_url(database_url)
    try:
        assert engine.repository.versions() == []
    finally:
        engine.close()
