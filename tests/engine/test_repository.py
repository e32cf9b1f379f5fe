"""Validating and deploying process definitions: what an analyst sees when a file is wrong."""

from __future__ import annotations

import pytest

from engine.bpmn.definitions import SourceFile
from engine.errors import DefinitionError, NotAllowed, Problem
from engine.services.repository import RepositoryService, collect
from tests.conftest import DATA
from tests.engine import bpmn_samples as samples
from tests.engine.bpmn_samples import FORM_NAME, deployment, flow, line_of, script_process, user_task
from tests.factories import ADMIN, deploy_test_process, make_directory

BPMN = "processes/proba.bpmn"
FORM = f"forms/{FORM_NAME}"


def validate(files: list[SourceFile]) -> list[Problem]:
    """Validation needs no database (``kooperacja validate`` runs it the same way)."""
    return RepositoryService(None).validate(files)


def single(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


def replace(document: bytes, old: str, new: str) -> bytes:
    assert old.encode() in document, old
    return document.replace(old.encode(), new.encode())


def gateway_process(default: str | None) -> bytes:
    """ut_dane -> exclusive gateway ``gw`` with a conditional flow ``f_tak`` and a plain flow ``f_nie``."""
    default_attribute = f' default="{default}"' if default else ""
    return samples.process(
        [
            '<bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>',
            user_task("ut_dane", "Dane", "f1", "f2"),
            f'<bpmn:exclusiveGateway id="gw"{default_attribute}><bpmn:incoming>f2</bpmn:incoming>'
            "<bpmn:outgoing>f_tak</bpmn:outgoing><bpmn:outgoing>f_nie</bpmn:outgoing></bpmn:exclusiveGateway>",
            '<bpmn:endEvent id="end_tak"><bpmn:incoming>f_tak</bpmn:incoming></bpmn:endEvent>',
            '<bpmn:endEvent id="end_nie"><bpmn:incoming>f_nie</bpmn:incoming></bpmn:endEvent>',
            flow("f1", "start", "ut_dane"),
            flow("f2", "ut_dane", "gw"),
            flow("f_tak", "gw", "end_tak", condition="uwagi == 'tak'"),
            flow("f_nie", "gw", "end_nie"),
        ],
        in_lane=["start", "ut_dane", "gw", "end_tak", "end_nie"],
    )


def replace_end_event(document: bytes, element: str, new_id: str) -> bytes:
    """The script process with its end event swapped for ``element`` (which takes flow f3)."""
    document = replace(document, '<bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>', element)
    return replace(document, 'targetRef="end"', f'targetRef="{new_id}"')


# --------------------------------------------------------------------------- validate


def test_the_test_process_validates_clean():
    assert validate(collect([DATA / "processes"])) == []


def test_a_file_set_without_any_diagram_is_refused():
    problem = single(validate([SourceFile(FORM, samples.form_json())]))
    assert "BPMN" in problem.message


def test_broken_xml_is_reported_with_file_and_line():
    document = replace(script_process("x = 1"), "</bpmn:process>", "")
    problem = single(validate(deployment(document)))
    assert problem.file == BPMN
    assert problem.line == line_of(document, "</bpmn:definitions>")
    assert problem.message.startswith("Błąd składni XML")


def test_an_unknown_attribute_is_reported_with_file_line_and_element_id():
    document = replace(script_process("x = 1"), '<bpmn:endEvent id="end">', '<bpmn:endEvent id="end" kolor="zielony">')
    problem = single(validate(deployment(document)))
    assert (problem.file, problem.line, problem.element_id) == (BPMN, line_of(document, 'id="end"'), "end")
    assert "kolor" in problem.message


def test_a_plain_flow_out_of_a_gateway_without_default_is_reported_at_that_flow():
    document = gateway_process(default=None)
    problem = single(validate(deployment(document)))
    assert (problem.file, problem.element_id) == (BPMN, "f_nie")
    assert problem.line == line_of(document, 'id="f_nie"')


def test_the_same_gateway_with_the_plain_flow_as_default_is_clean():
    assert validate(deployment(gateway_process(default="f_nie"))) == []


def test_an_unsupported_element_is_reported_with_its_id_and_line():
    document = replace_end_event(
        script_process("x = 1"),
        '<bpmn:complexGateway id="zlozona"><bpmn:incoming>f3</bpmn:incoming></bpmn:complexGateway>',
        "zlozona",
    )
    problem = single(validate(deployment(document)))
    assert (problem.file, problem.element_id) == (BPMN, "zlozona")
    assert problem.line == line_of(document, 'id="zlozona"')


def test_a_call_to_a_process_missing_from_the_deployment_is_reported_at_the_call():
    document = replace_end_event(
        script_process("x = 1"),
        '<bpmn:callActivity id="wywolanie" calledElement="nie_ma_takiego"><bpmn:incoming>f3</bpmn:incoming>'
        "</bpmn:callActivity>",
        "wywolanie",
    )
    problem = single(validate(deployment(document)))
    assert (problem.file, problem.element_id) == (BPMN, "wywolanie")
    assert problem.line == line_of(document, 'id="wywolanie"')
    assert "nie_ma_takiego" in problem.message


def test_a_user_task_outside_every_lane_is_reported():
    document = replace(script_process("x = 1"), "<bpmn:flowNodeRef>ut_dane</bpmn:flowNodeRef>", "")
    problem = single(validate(deployment(document)))
    assert (problem.element_id, problem.line) == ("ut_dane", line_of(document, 'id="ut_dane"'))
    assert "lane" in problem.message


def test_a_user_task_without_a_form_property_is_reported():
    document = replace(
        script_process("x = 1"), f'<spiffworkflow:property name="formJsonSchemaFilename" value="{FORM_NAME}" />', ""
    )
    problem = single(validate(deployment(document)))
    assert problem.element_id == "ut_dane"
    assert "formJsonSchemaFilename" in problem.message


def test_a_user_task_naming_an_absent_form_file_is_reported():
    problem = single(validate(deployment(script_process("x = 1"), forms={})))
    assert problem.element_id == "ut_dane"
    assert FORM_NAME in problem.message


@pytest.mark.parametrize(
    ("script", "refused"),
    [
        ("import os", "import"),
        ("from os import system", "import"),
        ("wynik = (1 +", "błąd składni"),
        ("x = open('/etc/passwd').read()", "open"),
        ("x = ().__class__", "__class__"),
    ],
)
def test_a_bad_script_is_reported_at_validation_with_the_task_id(script, refused):
    document = script_process(script)
    problem = single(validate(deployment(document)))
    assert (problem.file, problem.element_id) == (BPMN, "st_skrypt")
    assert problem.line == line_of(document, 'id="st_skrypt"')
    assert refused in problem.message


def test_a_bad_gateway_condition_is_reported_at_its_gateway():
    document = replace(gateway_process(default="f_nie"), "uwagi == 'tak'", "__import__('os').system('id')")
    problem = single(validate(deployment(document)))
    assert problem.element_id == "gw"
    assert "warunek" in problem.message


@pytest.mark.parametrize(
    "entity_use",
    [
        '<bpmn:documentation id="d">&e;</bpmn:documentation>',
        '<bpmn:documentation id="d" textFormat="&e;" />',
    ],
)
def test_a_doctype_with_an_external_entity_is_refused_without_reading_the_file(tmp_path, entity_use):
    secret = tmp_path / "tajne.txt"
    secret.write_text("HASLO-123")
    document = replace(
        script_process("x = 1"),
        "<bpmn:definitions",
        f'<!DOCTYPE x [<!ENTITY e SYSTEM "{secret.as_uri()}">]>\n<bpmn:definitions',
    )
    document = replace(document, '<bpmn:laneSet id="LaneSet_proba">', entity_use + '<bpmn:laneSet id="LaneSet_proba">')
    problem = single(validate(deployment(document)))
    assert problem.file == BPMN
    assert "DOCTYPE" in problem.message or "entity" in problem.message
    assert "HASLO" not in str(problem)


def test_an_internal_entity_bomb_is_refused():
    bomb = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
    document = replace(script_process("x = 1"), "<bpmn:definitions", bomb + "<bpmn:definitions")
    problem = single(validate(deployment(document)))
    assert "DOCTYPE" in problem.message


def test_a_form_that_is_not_json_is_reported_with_its_line():
    broken = b'{\n  "type": "object",\n  "properties": {,}\n}\n'
    problem = single(validate(deployment(script_process("x = 1"), forms={FORM_NAME: broken})))
    assert (problem.file, problem.line) == (FORM, 3)
    assert problem.message.startswith("Niepoprawny JSON")


def test_a_form_that_is_not_a_valid_json_schema_is_reported():
    schema = {"type": "object", "properties": {"wiek": {"type": "liczba"}}}
    problem = single(validate(deployment(script_process("x = 1"), forms={FORM_NAME: samples.form_json(schema)})))
    assert problem.file == FORM
    assert problem.message.startswith("Niepoprawny JSON Schema")
    assert problem.element_id == "properties/wiek/type"


def test_every_problem_of_the_file_set_is_reported_in_one_go():
    files = [  # and no forms at all
        SourceFile("processes/pierwszy.bpmn", script_process("import os", process_id="pierwszy")),
        SourceFile("processes/drugi.bpmn", script_process("x = 1", process_id="drugi")),
    ]
    assert {(p.file, p.element_id) for p in validate(files)} == {
        ("processes/pierwszy.bpmn", "st_skrypt"),
        ("processes/pierwszy.bpmn", "ut_dane"),
        ("processes/drugi.bpmn", "ut_dane"),
    }


# --------------------------------------------------------------------------- deploy


def test_deploying_the_same_files_twice_gives_the_same_version(engine):
    files = deployment(script_process("x = 1"))
    first = engine.repository.deploy(files, ADMIN)
    again = engine.repository.deploy(files, ADMIN)
    assert first.created and not again.created
    assert again.version.number == first.version.number == 1
    assert [v.number for v in engine.repository.versions()] == [1]


def test_a_changed_file_gives_a_new_version(engine):
    engine.repository.deploy(deployment(script_process("x = 1")), ADMIN)
    second = engine.repository.deploy(deployment(script_process("x = 2")), ADMIN)
    assert second.created
    assert [v.number for v in engine.repository.versions()] == [2, 1]
    assert engine.repository.file(1, BPMN) == script_process("x = 1")
    assert engine.repository.file(2, BPMN) == script_process("x = 2")


def test_a_version_lists_its_processes_and_files(engine):
    version = engine.repository.deploy(deployment(script_process("x = 1")), ADMIN).version
    assert [(p.process_id, p.name, p.start_role) for p in version.processes] == [
        ("proba", "Proces próbny", samples.LANE)
    ]
    assert version.files == (FORM, BPMN)


def test_the_roles_are_the_lanes_of_the_newest_version(engine):
    assert engine.repository.roles() == []
    engine.repository.deploy(deployment(script_process("x = 1")), ADMIN)
    assert engine.repository.roles() == [samples.LANE]
    renamed = replace(script_process("x = 2"), f'name="{samples.LANE}"', 'name="Asystent rodziny"')
    engine.repository.deploy(deployment(renamed), ADMIN)
    assert engine.repository.roles() == ["Asystent rodziny"]


def test_the_roles_are_gathered_from_every_process_of_the_version(engine):
    deploy_test_process(engine)  # test_sprawa (OPS worker, PCPR, animator) and test_ocena (animator, OPS worker)
    assert engine.repository.roles() == ["Animator", "PCPR", "Pracownik socjalny OPS"]


def test_a_new_case_starts_on_the_latest_version_and_a_running_case_keeps_its_own(engine):
    people = make_directory(engine)
    engine.repository.deploy(deployment(script_process("wersja = 1")), ADMIN)
    old_case = engine.runtime.start(people.ops, "proba")
    engine.repository.deploy(deployment(script_process("wersja = 2")), ADMIN)
    new_case = engine.runtime.start(people.ops, "proba")
    assert (old_case.version_number, new_case.version_number) == (1, 2)

    task = next(t for t in engine.tasks.inbox(people.ops) if t.case_id == old_case.id)
    engine.tasks.complete(people.ops, task.id, {"uwagi": "gotowe"})
    finished = engine.runtime.case(ADMIN, old_case.id)
    assert (finished.status, finished.version_number) == ("completed", 1)
    assert engine.runtime.case_data(ADMIN, old_case.id)["wersja"] == 1


def test_deploying_files_with_problems_raises_and_stores_nothing(engine):
    with pytest.raises(DefinitionError) as raised:
        engine.repository.deploy(deployment(script_process("import os")), ADMIN)
    assert [p.element_id for p in raised.value.problems] == ["st_skrypt"]
    assert "st_skrypt" in raised.value.message
    assert engine.repository.versions() == []


def test_a_social_worker_may_not_deploy(engine):
    people = make_directory(engine)
    with pytest.raises(NotAllowed):
        engine.repository.deploy(deployment(script_process("x = 1")), people.ops)
    assert engine.repository.versions() == []


def test_an_analyst_may_deploy(engine):
    people = make_directory(engine)
    result = engine.repository.deploy(deployment(script_process("x = 1")), people.analyst)
    assert result.created
    assert result.version.created_by == people.analyst.label


def test_json_outside_the_forms_folder_is_not_taken_for_a_form(tmp_path):
    processes, forms = tmp_path / "processes", tmp_path / "forms"
    processes.mkdir()
    forms.mkdir()
    (processes / "proces.bpmn").write_bytes(b"<x/>")
    (processes / "roles.json").write_text('[{"role": "Animator"}]')
    (forms / "formularz.schema.json").write_text("{}")
    assert [f.path for f in collect([processes])] == ["forms/formularz.schema.json", "processes/proces.bpmn"]
