"""/api/v1/meetings: a partnership's meetings read by a token of a member institution, with the case on the
agenda named only to an institution taking part in it; others get problem+json, not the meeting."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.engine.helpers import audit_rows
from tests.factories import ADMIN
from tests.processes.conftest import database_url, people, prepared_sqlite  # noqa: F401 - fixtures
from tests.processes.driver import CaseDriver
from tests.processes.people import PS, PZK
from tests.processes.scenarios import PLAN_ZAAKCEPTOWANY, ZATWIERDZENIE, do_planu_skrot
from tests.web.test_api import _assert_matches
from web import create_app

AT = datetime(2025, 3, 27, 9, 0, tzinfo=UTC)
PROBLEM = "application/problem+json"


@pytest.fixture
def call(engine, people):  # noqa: F811 - the imported fixture
    """A request with a token; every answer is checked against the served document's schema for it."""
    client = create_app({"TESTING": True, "ENGINE": engine}).test_client()
    document = client.get("/api/v1/openapi.json").get_json()

    def call(path: str, token: str):
        response = client.get(path, headers={"Authorization": f"Bearer {token}"})
        _assert_matches(document, "GET", path, response)
        return response

    return call


@pytest.fixture
def held(engine, people):  # noqa: F811
    """A closed meeting that approved one case's plan; eight institutions came."""
    case = CaseDriver(engine, people, roundtrip=False, check_visibility=False)
    case.start(title="Rodzina Nowakowskich")
    case.play(do_planu_skrot() + PLAN_ZAAKCEPTOWANY[:4])
    coordinator = people.user[PZK]
    task_id = case.find(PZK, "ut_zatwierdzenie_pzk").id
    meeting = engine.meetings.schedule(coordinator, people.partnership_id, AT, "Sala narad GOPS", [task_id])
    meeting_id = meeting.summary.id
    engine.meetings.record_attendance(coordinator, meeting_id, sorted(set(people.institution.values()))[:8])
    engine.meetings.record_decision(coordinator, meeting_id, meeting.items[0].id, ZATWIERDZENIE)
    engine.meetings.close(coordinator, meeting_id)
    return meeting_id, case.case


def token(engine, name: str, institution_id: int, operations=("meetings:read",)) -> str:
    return engine.directory.create_api_token(ADMIN, name, institution_id, list(operations), [])[1]


def test_a_member_institution_reads_the_meeting_and_the_decision_in_its_own_case(call, engine, people, held):  # noqa: F811
    meeting_id, case = held
    gops = token(engine, "gops", people.institution_of(PS))

    listed = call("/api/v1/meetings", gops)
    read = call(f"/api/v1/meetings/{meeting_id}", gops)

    assert listed.status_code == 200
    assert [(m["id"], m["status"], m["agenda_items"]) for m in listed.get_json()["items"]] == [
        (meeting_id, "closed", 1)
    ]
    body = read.get_json()
    assert body["meeting"]["place"] == "Sala narad GOPS"
    assert body["quorum"] == {
        "present": 8,
        "members": 14,
        "required": 8,
        "met": True,
        "from_agreement": False,
        "members_from_process": False,
    }
    assert sum(a["present"] for a in body["attendance"]) == 8
    [entry] = body["agenda"]
    assert (entry["case_visible"], entry["business_key"], entry["family"]) == (True, case.business_key, "Rodzina N.")
    assert (entry["decision"]["decyzja_pzk"], entry["outcome"]) == ("zatwierdzony", "done")
    assert entry["decision_summary"] == "Decyzja: Plan zatwierdzony"
    assert audit_rows(engine, "meeting.read")[-1][1] == case.id  # audited by case, as the page read is


def test_a_member_outside_the_case_gets_the_kind_of_decision_only(call, engine, people, held):  # noqa: F811
    meeting_id, _case = held
    oik = token(engine, "oik", people.institution_of("OIK"))

    [entry] = call(f"/api/v1/meetings/{meeting_id}", oik).get_json()["agenda"]

    assert entry["task_name"] == "Zatwierdzenie planu przez PZK"
    assert [entry[k] for k in ("case_visible", "case_id", "business_key", "family", "decision")] == [False] + [None] * 4


def test_an_institution_outside_the_partnership_or_a_token_without_the_scope_gets_nothing(
    call,
    engine,
    people,  # noqa: F811
    held,
):
    meeting_id, _case = held
    other = engine.directory.user(people.outsider.user_id).institution_id
    outsider = token(engine, "lipiny", other)
    unscoped = token(engine, "gops-zadania", people.institution_of(PS), ["tasks:read"])

    assert call("/api/v1/meetings", outsider).get_json()["items"] == []
    hidden = call(f"/api/v1/meetings/{meeting_id}", outsider)
    assert (hidden.status_code, hidden.mimetype) == (404, PROBLEM)
    assert hidden.get_json()["detail"] == f"Nie ma posiedzenia {meeting_id}."
    for path in ("/api/v1/meetings", f"/api/v1/meetings/{meeting_id}"):
        refused = call(path, unscoped)
        assert (refused.status_code, refused.mimetype) == (403, PROBLEM)
    for wrong in ("abc", "0", str(2**31), "99999"):
        assert call(f"/api/v1/meetings/{wrong}", outsider).status_code == 404
