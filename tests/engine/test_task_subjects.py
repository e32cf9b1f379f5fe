"""Multi-instance tasks say what they are about: ``TaskInfo.subject`` in every list, ``TaskDetail.item`` on the task."""

from __future__ import annotations

import pytest

from engine.bpmn.definitions import SourceFile
from engine.bpmn.items import label
from tests.engine.bpmn_samples import FORM_NAME, LANE, flow, form_json, process, properties, user_task
from tests.engine.helpers import Driver
from tests.factories import ADMIN, PCPR_ROLE

NOMINATION = {"rodzina": "Nowakowscy", "czlonkowie": ["Marek", "Anna"], "pilne": True}
MEMBERS = [{"id": "anna", "imie": "Anna", "wiek": 43}, {"id": "marek", "imie": "Marek", "wiek": 46}]
ITEMS = [{"id": "P1", "usluga": "rehabilitacja", "czlonek": "marek"}]
_BRANCHES = ("ut_zgoda", "sp_pozycja", "ca_wezwanie", "ut_miesiac")  # what each branch starts with
_LAST = ("ut_po_zgodach", "sp_pozycja", "ca_wezwanie", "ut_miesiac")  # ... and ends with


def _mi(collection: str, item: str, sequential: bool = False) -> str:
    flag = ' isSequential="true"' if sequential else ""
    return (
        f"<bpmn:multiInstanceLoopCharacteristics{flag}><bpmn:loopDataInputRef>{collection}</bpmn:loopDataInputRef>"
        f'<bpmn:inputDataItem id="{item}" name="{item}" /></bpmn:multiInstanceLoopCharacteristics>'
    )


def _mi_user_task(task_id: str, name: str, incoming: str, outgoing: str, loop: str) -> str:
    return user_task(task_id, name, incoming, outgoing).replace("</bpmn:userTask>", f"{loop}</bpmn:userTask>")


def items_process() -> bytes:
    """Four parallel branches, each one kind of multi-instance activity:

    - ``ut_zgoda``: a user task over ``pelnoletni`` (member ids, so items resolve to ``czlonkowie``),
      without an output, followed by the single task ``ut_po_zgodach``;
    - ``sp_pozycja``: a subprocess over ``pozycje`` holding the user task ``ut_potwierdzenie``;
    - ``ca_wezwanie``: a call activity over ``pozycje`` calling ``proba_wezwany`` (user task ``ut_wezwany``);
    - ``ut_miesiac``: a sequential user task over ``miesiace`` (numbers).
    """
    inner = (
        '<bpmn:userTask id="ut_potwierdzenie" name="Potwierdzenie">'
        f"{properties(formJsonSchemaFilename=FORM_NAME, candidateRole=repr(LANE))}"
        "<bpmn:incoming>s1</bpmn:incoming><bpmn:outgoing>s2</bpmn:outgoing></bpmn:userTask>"
    )
    subprocess = (
        '<bpmn:subProcess id="sp_pozycja" name="Pozycja"><bpmn:incoming>b2</bpmn:incoming>'
        f"<bpmn:outgoing>e2</bpmn:outgoing>{_mi('pozycje', 'pozycja')}"
        '<bpmn:startEvent id="sp_start"><bpmn:outgoing>s1</bpmn:outgoing></bpmn:startEvent>'
        f'{inner}<bpmn:endEvent id="sp_end"><bpmn:incoming>s2</bpmn:incoming></bpmn:endEvent>'
        f"{flow('s1', 'sp_start', 'ut_potwierdzenie')}{flow('s2', 'ut_potwierdzenie', 'sp_end')}</bpmn:subProcess>"
    )
    call = (
        '<bpmn:callActivity id="ca_wezwanie" name="Wezwanie" calledElement="proba_wezwany">'
        f"<bpmn:incoming>b3</bpmn:incoming><bpmn:outgoing>e3</bpmn:outgoing>{_mi('pozycje', 'pozycja_wezwana')}"
        "</bpmn:callActivity>"
    )
    ends = [f'<bpmn:endEvent id="end{n}"><bpmn:incoming>e{n}</bpmn:incoming></bpmn:endEvent>' for n in range(1, 5)]
    split = (
        '<bpmn:parallelGateway id="split"><bpmn:incoming>f0</bpmn:incoming>'
        + "".join(f"<bpmn:outgoing>b{n}</bpmn:outgoing>" for n in range(1, 5))
        + "</bpmn:parallelGateway>"
    )
    return process(
        [
            '<bpmn:startEvent id="start"><bpmn:outgoing>f0</bpmn:outgoing></bpmn:startEvent>',
            split,
            _mi_user_task("ut_zgoda", "Zgoda członka rodziny", "b1", "z1", _mi("pelnoletni", "czlonek_do_zgody")),
            user_task("ut_po_zgodach", "Podsumowanie zgód", "z1", "e1"),
            flow("z1", "ut_zgoda", "ut_po_zgodach"),
            subprocess,
            call,
            _mi_user_task("ut_miesiac", "Notatka miesięczna", "b4", "e4", _mi("miesiace", "miesiac", sequential=True)),
            *ends,
            flow("f0", "start", "split"),
            *[flow(f"b{n}", "split", target) for n, target in enumerate(_BRANCHES, start=1)],
            *[flow(f"e{n}", source, f"end{n}") for n, source in enumerate(_LAST, start=1)],
        ],
        in_lane=["start", "split", *_BRANCHES, "ut_po_zgodach", *(f"end{n}" for n in range(1, 5))],
        process_id="proba_pozycje",
    )


def called_process() -> bytes:
    return process(
        [
            '<bpmn:startEvent id="w_start"><bpmn:outgoing>w1</bpmn:outgoing></bpmn:startEvent>',
            user_task("ut_wezwany", "Wezwanie realizatora", "w1", "w2"),
            '<bpmn:endEvent id="w_end"><bpmn:incoming>w2</bpmn:incoming></bpmn:endEvent>',
            flow("w1", "w_start", "ut_wezwany"),
            flow("w2", "ut_wezwany", "w_end"),
        ],
        in_lane=["w_start", "ut_wezwany", "w_end"],
        process_id="proba_wezwany",
        name="Wezwanie",
    )


@pytest.fixture
def items_deployed(engine, people):
    engine.repository.deploy(
        [
            SourceFile("processes/proba_pozycje.bpmn", items_process()),
            SourceFile("processes/proba_wezwany.bpmn", called_process()),
            SourceFile(f"forms/{FORM_NAME}", form_json()),
        ],
        ADMIN,
    )
    return people


def open_subjects(engine, actor, case_id) -> list[tuple[str, str | None]]:
    return sorted((t.bpmn_id, t.subject) for t in engine.tasks.of_case(actor, case_id))


# ---------------------------------------------------------------------- the test process


@pytest.fixture
def interviews(engine, people):
    """The test case at its interviews: one ``ut_wywiad`` per member named in the nomination."""
    driver = Driver(engine, roundtrip=False)
    driver.start(people.ops, partnership_id=people.partnership_id)
    driver.do(people.ops, "ut_zgloszenie", NOMINATION)
    driver.do(people.pcpr, "ut_pcpr", {"ocena_pcpr": "ok"})
    return driver


def test_each_instance_of_a_multi_instance_task_names_its_member_in_the_lists(engine, people, interviews):
    assert sorted((t.name, t.subject) for t in engine.tasks.queue(people.ops)) == [
        ("Wywiad z członkiem rodziny", "Anna"),
        ("Wywiad z członkiem rodziny", "Marek"),
    ]
    assert [t.subject for t in engine.tasks.archive(people.pcpr)] == [None]  # not a multi-instance task


def test_the_task_page_shows_the_item_and_keeps_it_after_completion(engine, people, interviews):
    marek = next(t for t in engine.tasks.queue(people.ops) if t.subject == "Marek")
    detail = engine.tasks.get(people.ops, marek.id)
    assert (detail.task.subject, detail.item, detail.data) == ("Marek", {"czlonek": "Marek"}, {"czlonek": "Marek"})

    engine.tasks.complete(people.ops, marek.id, {"wywiad": "Rozmowa odbyta."}, claim=True)
    assert [t.subject for t in engine.tasks.archive(people.ops) if t.id == marek.id] == ["Marek"]
    done = engine.tasks.get(people.ops, marek.id)
    assert (done.task.status, done.item, done.data) == ("completed", {"czlonek": "Marek"}, {})


def test_a_single_task_has_no_item(engine, people):
    case = engine.runtime.start(people.ops, "test_sprawa", partnership_id=people.partnership_id)
    [task] = engine.tasks.inbox(people.ops)
    assert task.case_id == case.id
    assert (task.subject, engine.tasks.get(people.ops, task.id).item) == (None, None)


# ---------------------------------------------------------------------- the rule, on every kind of activity


def test_subprocesses_call_activities_and_id_references_follow_one_rule(engine, items_deployed):
    people = items_deployed
    data = {"czlonkowie": MEMBERS, "pelnoletni": ["anna", "obcy"], "pozycje": ITEMS, "miesiace": [3]}
    case = engine.runtime.start(people.ops, "proba_pozycje", data)
    assert open_subjects(engine, people.supervisor, case.id) == [
        ("ut_miesiac", "3"),
        ("ut_potwierdzenie", "P1 – rehabilitacja"),
        ("ut_wezwany", "P1 – rehabilitacja"),
        ("ut_zgoda", "Anna"),  # the id "anna" stands for the member of czlonkowie
        ("ut_zgoda", "obcy"),  # an id nothing in the data has stays as it is
    ]
    items = {
        (t.bpmn_id, t.subject): engine.tasks.get(people.ops, t.id).item
        for t in engine.tasks.of_case(people.ops, case.id)
    }
    assert items == {
        ("ut_miesiac", "3"): {"miesiac": 3},
        ("ut_potwierdzenie", "P1 – rehabilitacja"): ITEMS[0],
        ("ut_wezwany", "P1 – rehabilitacja"): ITEMS[0],
        ("ut_zgoda", "Anna"): MEMBERS[0],
        ("ut_zgoda", "obcy"): {"czlonek_do_zgody": "obcy"},
    }


def test_an_id_found_in_two_different_objects_is_not_guessed(engine, items_deployed):
    people = items_deployed
    guests = [{"id": "anna", "imie": "Anna Obca"}]
    data = {"czlonkowie": MEMBERS, "goscie": guests, "pelnoletni": ["anna"], "pozycje": [], "miesiace": []}
    case = engine.runtime.start(people.ops, "proba_pozycje", data)
    assert open_subjects(engine, people.supervisor, case.id) == [("ut_zgoda", "anna")]


def test_a_task_after_a_multi_instance_task_is_about_nothing_in_particular(engine, items_deployed):
    people = items_deployed
    data = {"czlonkowie": MEMBERS, "pelnoletni": ["anna", "marek"], "pozycje": [], "miesiace": []}
    case = engine.runtime.start(people.ops, "proba_pozycje", data)
    for task in engine.tasks.of_case(people.ops, case.id):
        engine.tasks.complete(people.ops, task.id, {"uwagi": f"zgoda: {task.subject}"}, claim=True)
    # without an output item, the last instance's item is merged into the data the next task inherits
    assert open_subjects(engine, people.ops, case.id) == [("ut_po_zgodach", None)]


def test_other_institutions_see_that_a_task_is_open_but_not_what_it_is_about(engine, people, interviews):
    case_id = interviews.case.id
    assert {t.subject for t in engine.tasks.of_case(people.ops, case_id)} == {"Anna", "Marek"}
    assert {t.subject for t in engine.tasks.of_case(people.supervisor, case_id)} == {"Anna", "Marek"}
    seen_by_pcpr = engine.tasks.of_case(people.pcpr, case_id)
    assert [(t.name, t.subject) for t in seen_by_pcpr] == [("Wywiad z członkiem rodziny", None)] * 2
    assert PCPR_ROLE not in {t.role for t in seen_by_pcpr}
    detail = engine.tasks.get(people.pcpr, seen_by_pcpr[0].id)
    assert (detail.task.name, detail.task.subject, detail.item, detail.data) == (
        "Wywiad z członkiem rodziny",
        None,
        None,
        {},
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"id": "anna", "imie": "Anna", "wiek": 43}, "Anna"),
        ({"nazwa": "Stowarzyszenie Razem", "id": "ngo1"}, "Stowarzyszenie Razem"),
        ({"id": "P2", "usluga": "terapia_logopedyczna", "czlonek": "kacper"}, "P2 – terapia_logopedyczna"),
        ({"rola": "PCPR", "termin": "2025-03-01"}, "PCPR"),
        ({"imie": " ", "id": "x1"}, "x1"),
        ({"opis": "bez etykiety"}, None),
        ("Policja", "Policja"),
        (7, "7"),
        (True, None),
        (None, None),
        (["a", "b"], None),
        ("x" * 300, "x" * 200),
    ],
)
def test_labels(value, expected):
    assert label(value) == expected
