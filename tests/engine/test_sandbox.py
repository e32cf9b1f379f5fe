"""The script sandbox: diagram Python is untrusted, yet ordinary scripts must just work."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from engine.bpmn.limits import ScriptLimitExceeded
from engine.bpmn.sandbox import SandboxEnvironment, compile_expression, compile_script
from engine.errors import DefinitionError, InvalidState
from tests.engine.bpmn_samples import SCRIPT_TASK_NAME, deployment, script_process, timer_process
from tests.factories import ADMIN, make_directory

HOSTILE_SOURCE = [
    "import os",
    "from subprocess import run",
    "__import__('os')",
    "().__class__.__base__.__subclasses__()",
    "open('/etc/passwd')",
    "getattr(x, '__class__')",
    "eval('1')",
    "exec('x=1')",
    "type(x).mro()",
    "globals()['__builtins__']",
]


def run(script: str, **data) -> dict:
    """Run ``script`` on ``data`` the way a script task does; the task data afterwards."""
    SandboxEnvironment().execute(script, data)
    return data


# --------------------------------------------------------------------------- resource limits


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ("n = 0\nwhile True:\n    n += 1", "obrotów pętli"),
        ("suma = sum(range(10**12))", "range()"),
        ("duzo = [x for x in range(10**6) for y in range(10)]", "obrotów pętli"),
        ("tekst = 'x' * 10**9", "mnożenia"),
        ("lista = [0]\nlista *= 10**9", "mnożenia"),
        ("liczba = 10**10**10", "potęgowania"),
        ("liczba = 1 << 10**7", "przesunięcia"),
    ],
)
def test_runaway_scripts_stop_at_a_limit(script, message):
    with pytest.raises(ScriptLimitExceeded, match=message):
        run(script)


def test_ordinary_loops_and_arithmetic_stay_within_the_limits():
    result = run("n = 0\nwhile n < 1000:\n    n += 1\nkw = [i * i for i in range(100)]\np = 2 ** 64\nt = 'ab' * 3")
    assert (result["n"], result["kw"][-1], result["p"], result["t"]) == (1000, 9801, 2**64, "ababab")


# --------------------------------------------------------------------------- compile time


@pytest.mark.parametrize("source", HOSTILE_SOURCE)
def test_a_hostile_script_does_not_compile(source):
    with pytest.raises(SyntaxError):
        compile_script(source)


@pytest.mark.parametrize("source", [s for s in HOSTILE_SOURCE if not s.startswith(("import", "from"))])
def test_a_hostile_expression_does_not_compile(source):
    with pytest.raises(SyntaxError):
        compile_expression(source)


# --------------------------------------------------------------------------- what scripts may do


def test_date_arithmetic_works():
    data = run("termin = start + timedelta(days=14)\nmiesiac = termin.strftime('%m.%Y')", start=datetime(2026, 2, 3))
    assert data["termin"] == datetime(2026, 2, 17)
    assert data["miesiac"] == "02.2026"


def test_dates_can_be_built_parsed_and_compared():
    data = run(
        "d = datetime.strptime(tekst, '%Y-%m-%d').date()\npo_terminie = d > date(2026, 1, 1)\ndzis = date.today()",
        tekst="2026-03-01",
    )
    assert data["d"] == date(2026, 3, 1)
    assert data["po_terminie"] is True
    assert isinstance(data["dzis"], date)


def test_comprehensions_and_the_documented_builtins_work():
    data = run(
        "imiona = sorted(o['imie'] for o in osoby)\n"
        "wiek = sum(o['wiek'] for o in osoby) / len(osoby)\n"
        "pary = list(zip(range(len(osoby)), imiona))\n"
        "dorosli = [o['imie'] for o in osoby if o['wiek'] >= 18]\n"
        "krotka = tuple(imiona)\n"
        "najstarszy = max(osoby, key=lambda o: o['wiek'])['imie']",
        osoby=[{"imie": "Zofia", "wiek": 40}, {"imie": "Adam", "wiek": 12}],
    )
    assert data["imiona"] == ["Adam", "Zofia"]
    assert data["wiek"] == 26
    assert data["pary"] == [(0, "Adam"), (1, "Zofia")]
    assert data["dorosli"] == ["Zofia"]
    assert data["krotka"] == ("Adam", "Zofia")
    assert data["najstarszy"] == "Zofia"


def test_item_assignment_and_augmented_assignment_work():
    data = run("ocena['punkty'] = 3\nlicznik += 1\nlista += [2]", ocena={}, licznik=1, lista=[1])
    assert data == {"ocena": {"punkty": 3}, "licznik": 2, "lista": [1, 2]}


def test_f_strings_work():
    assert run('opis = f"{rodzina}: {len(czlonkowie)} os."', rodzina="Nowak", czlonkowie=["a", "b"])["opis"] == (
        "Nowak: 2 os."
    )


def test_an_expression_reads_the_task_data():
    assert SandboxEnvironment().evaluate("pilne and len(czlonkowie) > 1", {"pilne": True, "czlonkowie": [1, 2]})


def test_new_variables_flow_back_and_deleted_ones_disappear():
    data = run("wynik = a + 1\ndel stare", a=1, stare="x")
    assert data == {"a": 1, "wynik": 2}


def test_functions_and_helpers_are_not_stored_in_the_task_data():
    data = run("def podwoj(x):\n    return 2 * x\nwynik = podwoj(a)\nf = lambda: 1\ndatetime = None", a=2)
    assert data == {"a": 2, "wynik": 4}


def test_a_failing_script_leaves_the_task_data_as_it_was():
    data = {"lista": [1], "ocena": {"punkty": 1}}
    with pytest.raises(ZeroDivisionError):
        SandboxEnvironment().execute("lista.append(2)\nocena['punkty'] = 5\nnowe = 1\nx = 1 / 0", data)
    assert data == {"lista": [1], "ocena": {"punkty": 1}}


def test_a_value_that_cannot_be_saved_is_refused_by_name():
    with pytest.raises(TypeError, match="„zbior”"):
        run("zbior = {1, 2}")


def test_a_script_cannot_stop_the_process_with_system_exit():
    with pytest.raises(NameError):
        run("raise SystemExit(1)")


def test_task_data_may_not_shadow_the_script_helpers():
    with pytest.raises(ValueError, match="datetime"):
        run("x = 1", datetime="2026-01-01")


# --------------------------------------------------------------------------- in a running case


def start_and_submit(engine, people, script: str, data: dict | None = None):
    """Deploy ``script_process(script)``, start a case with ``data`` as the OPS worker, submit the form."""
    engine.repository.deploy(deployment(script_process(script)), ADMIN)
    case = engine.runtime.start(people.ops, "proba", data)
    task = next(t for t in engine.tasks.inbox(people.ops) if t.case_id == case.id)
    engine.tasks.complete(people.ops, task.id, {"uwagi": "gotowe"})
    return engine.runtime.case(ADMIN, case.id)


@pytest.mark.parametrize(
    "script",
    [
        "raise SystemExit(1)",
        "sciezka = '{0.__class__.__mro__}'.format(uwagi)",
        "setattr(datetime, 'now', None)",
        "zbior = {1, 2}",
        "x = 1 / 0",
        "while True:\n    pass",
        "dlugi = 'x' * 10**9",
    ],
)
def test_a_failing_or_hostile_script_puts_the_case_in_error_naming_the_task(engine, script):
    people = make_directory(engine)
    case = start_and_submit(engine, people, script)
    assert case.status == "error"
    assert case.error.startswith(f"Błąd w zadaniu „{SCRIPT_TASK_NAME}”")
    errors = [e for e in engine.history.events(ADMIN, case.id) if e.kind == "error"]
    assert [(e.task_name, e.detail["message"]) for e in errors] == [(SCRIPT_TASK_NAME, case.error)]


def test_script_results_are_kept_in_the_case_data(engine):
    people = make_directory(engine)
    case = start_and_submit(engine, people, "dlugosc = len(uwagi)\ndef f():\n    return 1\nwynik = f()")
    assert case.status == "completed"
    assert engine.runtime.case_data(ADMIN, case.id) == {"uwagi": "gotowe", "dlugosc": 6, "wynik": 1}


def test_a_script_may_keep_dates_in_the_case_data(engine):
    people = make_directory(engine)
    case = start_and_submit(engine, people, "termin = datetime(2026, 2, 17)\ndzien = date(2026, 3, 1)")
    data = engine.runtime.case_data(ADMIN, case.id)
    assert (data["termin"], data["dzien"]) == (datetime(2026, 2, 17), date(2026, 3, 1))
    engine.context.workflows.clear()  # and they survive a reload from the database
    assert engine.runtime.case_data(ADMIN, case.id)["dzien"] == date(2026, 3, 1)


def test_scripts_read_the_engine_clock(engine, clock):
    people = make_directory(engine)
    case = start_and_submit(engine, people, "teraz = datetime.now(timezone.utc)\ndzis = date.today()")
    data = engine.runtime.case_data(ADMIN, case.id)
    assert (data["teraz"], data["dzis"]) == (clock.now(), clock.now().date())


def test_a_case_whose_script_failed_for_a_passing_reason_succeeds_on_retry(engine, clock):
    people = make_directory(engine)
    script = "if datetime.now(timezone.utc) < datetime(2026, 2, 4, tzinfo=timezone.utc):\n    x = 1 / 0"
    case = start_and_submit(engine, people, script)
    assert case.status == "error"
    clock.advance(timedelta(days=1))
    assert engine.runtime.retry(people.supervisor, case.id).status == "completed"


def test_a_retried_script_sees_the_data_as_it_was_before_the_failed_run(engine):
    people = make_directory(engine)
    # Were the first run's append kept, the retry would see two items and succeed.
    case = start_and_submit(engine, people, "proby.append(1)\nif len(proby) < 2:\n    x = 1 / 0", {"proby": []})
    assert engine.runtime.retry(ADMIN, case.id).status == "error"


def test_retry_runs_the_failed_script_again(engine, clock):
    people = make_directory(engine)
    failed_at = clock.now()
    case = start_and_submit(engine, people, "x = 1 / 0")
    retried_at = clock.advance(timedelta(hours=2))
    again = engine.runtime.retry(people.supervisor, case.id)
    assert again.status == "error"  # the data is the same, so the script fails again
    assert again.error.startswith(f"Błąd w zadaniu „{SCRIPT_TASK_NAME}”")
    events = [(e.kind, e.at) for e in engine.history.events(ADMIN, case.id) if e.kind in ("error", "retried")]
    assert events == [("error", failed_at), ("error", retried_at), ("retried", retried_at)]


def test_only_a_case_in_error_can_be_retried(engine):
    people = make_directory(engine)
    case = start_and_submit(engine, people, "x = 1")
    assert case.status == "completed"
    with pytest.raises(InvalidState):
        engine.runtime.retry(people.supervisor, case.id)


@pytest.mark.parametrize(
    "script",
    [
        "open(SCIEZKA, 'w').write('x')",
        "__import__('os').system('touch ' + SCIEZKA)",
        "import pathlib\npathlib.Path(SCIEZKA).touch()",
    ],
)
def test_a_script_that_would_write_a_file_is_refused_at_deploy_and_writes_nothing(engine, tmp_path, script):
    target = tmp_path / "slad.txt"
    with pytest.raises(DefinitionError) as raised:
        engine.repository.deploy(deployment(script_process(script.replace("SCIEZKA", repr(str(target))))), ADMIN)
    assert [p.element_id for p in raised.value.problems] == ["st_skrypt"]
    assert not target.exists()
    assert engine.repository.versions() == []


@pytest.mark.parametrize("expression", ["__import__('os').getcwd()", "open('/etc/passwd').read()", "().__class__"])
def test_a_hostile_timer_expression_is_refused_at_validation(engine, expression):
    with pytest.raises(DefinitionError) as raised:
        engine.repository.deploy(deployment(timer_process(expression)), ADMIN)
    [problem] = raised.value.problems
    assert problem.element_id == "czekaj"
    assert "timera" in problem.message


def test_a_quoted_timer_duration_is_accepted(engine):
    assert engine.repository.deploy(deployment(timer_process("'P3D'")), ADMIN).created
