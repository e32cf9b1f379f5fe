"""An API token reads the Nowakowski case (the real model and its visibility table, consents included)
exactly as the staff of its institution do: the same sections, entries and members' data, or nothing."""

from __future__ import annotations

from collections import Counter

import pytest

from engine.errors import NotFound
from tests.factories import ADMIN
from tests.processes.people import STAFF

# Roles whose institution plays no other role in the partnership: its staff and its token must agree.
SINGLE = sorted(role for role, (key, _login) in STAFF.items() if Counter(k for k, _ in STAFF.values())[key] == 1)


def _file(engine, actor, case_id):
    try:
        found = engine.casefile.file(actor, case_id)
    except NotFound:
        return None
    return found.sections, found.whole, found.awaited


@pytest.mark.parametrize("role", SINGLE)
def test_a_token_reads_the_case_as_its_institutions_staff(setting, role):
    institution = setting.people.institution[STAFF[role][0]]
    name = f"api-{STAFF[role][0]}"
    if name not in {t.name for t in setting.engine.directory.api_tokens()}:
        setting.engine.directory.create_api_token(ADMIN, name, institution, ["cases:read"])
    secret = setting.engine.directory.rotate_api_token(ADMIN, name)[1]
    token = setting.engine.directory.authenticate_token(secret)
    as_token = _file(setting.engine, token, setting.case.id)
    assert as_token == _file(setting.engine, setting.user(role), setting.case.id)
    listed = {c.id for c in setting.engine.runtime.cases_of(token).items}
    assert (setting.case.id in listed) == (as_token is not None)


def test_some_institutions_see_part_of_the_case_and_some_none_of_it(setting):
    """So the comparison above covers every kind of answer: nothing, and a part of the file."""
    files = {role: _file(setting.engine, setting.user(role), setting.case.id) for role in SINGLE}
    assert None in files.values()
    assert any(found is not None and not found[1] for found in files.values())
