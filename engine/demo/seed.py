"""``seed``: processes deployed, the Świlcza partnership with its users, and the demo families' cases."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from engine import Engine
from engine.access.passwords import hash_password
from engine.db.models import ProcessInstance
from engine.demo.directory import Directory, ensure_directory
from engine.demo.families import families
from engine.demo.meetings import LOCAL, DemoMeetings
from engine.demo.play import PROCESS_ID, CasePlayer
from engine.demo.questions import ensure_questions
from engine.demo.report import DemoCase, DemoReport
from engine.dto import Actor
from engine.services.repository import collect

SYSTEM = Actor.system("kooperacja demo")


def seed(engine: Engine, password: str, processes: str | Path = "processes") -> DemoReport:
    """Load the demo data, adding only what is missing; a second run adds nothing.

    ``processes`` (with its sibling ``forms``) is deployed when no deployed version has the family
    case yet. Institutions, users and the partnership are found by name or login, cases by business
    key; a case that exists is left as it is, whatever stage it has reached since.

    Raises:
        InvalidFormData: the password is too short.
        DefinitionError: the processes to deploy have problems.
        NotFound: the processes folder does not exist.
    """
    password_hash = hash_password(password)
    deployed = _ensure_deployed(engine, processes)
    directory = ensure_directory(engine, SYSTEM, password_hash)
    cases = _ensure_cases(engine, directory)
    ensure_questions(engine, directory.acting, cases)
    return DemoReport(directory.logins, cases, directory.partnership_id, deployed, directory.created)


def _ensure_deployed(engine: Engine, processes: str | Path) -> int | None:
    versions = engine.repository.versions()
    if any(process.process_id == PROCESS_ID for version in versions for process in version.processes):
        return None
    result = engine.repository.deploy(collect([processes]), SYSTEM)
    return result.version.number if result.created else None


def _ensure_cases(engine: Engine, directory: Directory) -> tuple[DemoCase, ...]:
    wanted = families(engine.clock.now().date())
    existing = _case_ids(engine, [family.business_key for family in wanted])
    meetings = DemoMeetings(engine, directory.acting, directory.partnership_id)
    player = CasePlayer(engine, directory.acting, SYSTEM, meeting=meetings.decide)
    cases = []
    for family in wanted:
        if family.business_key in existing:
            info, new = engine.runtime.case(SYSTEM, existing[family.business_key]), False
        else:
            steps = list(family.steps)
            info = player.start(
                family.starter,
                family.title,
                family.business_key,
                directory.partnership_id,
                steps,
                family.kind,
                family.process_id,
            )
            new = True
        cases.append(DemoCase(info.id, info.business_key, info.title, family.description, info.status, info.stage, new))
    if any(case.new for case in cases):
        meetings.plan_next(engine.clock.now().astimezone(LOCAL).date())
    return tuple(cases)


def _case_ids(engine: Engine, keys: list[str]) -> dict[str, str]:
    """The ids of the cases with these business keys; the runtime service looks cases up by id only."""
    with engine.context.transaction(write=False) as session:
        rows = session.execute(
            select(ProcessInstance.business_key, ProcessInstance.id).where(ProcessInstance.business_key.in_(keys))
        ).all()
    return {row.business_key: row.id for row in rows}
