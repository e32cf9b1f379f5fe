"""Test data built through the engine's own services (never by writing rows directly).

Needs only the runtime dependencies (no pytest): ``bench/`` builds its data with it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine import Engine
from engine.dto import Actor
from engine.services.repository import collect

DATA = Path(__file__).parent / "data"
ADMIN = Actor.system("test setup")
OPS_ROLE, PCPR_ROLE, ANIMATOR_ROLE = "Pracownik socjalny OPS", "PCPR", "Animator"


@dataclass
class Directory:
    """Two partnerships' worth of people: who can do what in the test process."""

    ops: Actor  # social worker, GOPS Brzozowa Wola
    ops2: Actor  # second social worker of the same GOPS
    pcpr: Actor  # PCPR specialist
    animator: Actor  # animator (GOPS)
    outsider: Actor  # social worker of another gmina's OPS: not in the partnership
    supervisor: Actor
    analyst: Actor
    partnership_id: int
    institutions: dict[str, int]


def add_person(engine: Engine, login: str, institution_id: int, *roles: str, email: str | None = None) -> Actor:
    """One more user, returned as the Actor the services take."""
    info = engine.directory.add_user(
        ADMIN, login, login.replace(".", " ").title(), institution_id, list(roles), email=email
    )
    return Actor(info.id, login)


def email_of(actor: Actor) -> str:
    """The address ``make_directory(engine, emails=True)`` gives a user."""
    return f"{actor.label}@kooperacja.test"


def make_directory(engine: Engine, emails: bool = False) -> Directory:
    """The test partnership's people; with ``emails`` each has ``<login>@kooperacja.test``."""
    directory = engine.directory
    gops = directory.add_institution(ADMIN, "GOPS Brzozowa Wola", "OPS", "Brzozowa Wola").id
    pcpr = directory.add_institution(ADMIN, "PCPR w Brzozowej Woli", "PCPR").id
    other = directory.add_institution(ADMIN, "GOPS Lipiny Dolne", "OPS", "Lipiny Dolne").id

    def user(login, institution, *roles):
        email = email_of(Actor(None, login)) if emails else None
        return add_person(engine, login, institution, *roles, email=email)

    partnership = directory.add_partnership(
        ADMIN,
        "PZK Brzozowa Wola",
        "Brzozowa Wola",
        [(gops, OPS_ROLE), (pcpr, PCPR_ROLE), (gops, ANIMATOR_ROLE)],
    )
    return Directory(
        ops=user("k.mazur", gops, OPS_ROLE),
        ops2=user("j.nowak", gops, OPS_ROLE),
        pcpr=user("d.kwiatkowska", pcpr, PCPR_ROLE),
        animator=user("e.zielinska", gops, ANIMATOR_ROLE),
        outsider=user("a.obca", other, OPS_ROLE),
        supervisor=user("b.lis", gops, "Superwizor"),
        analyst=user("a.analityk", gops, "Analityk"),
        partnership_id=partnership.id,
        institutions={"gops": gops, "pcpr": pcpr, "other": other},
    )


def deploy_test_process(engine: Engine):
    return engine.repository.deploy(collect([DATA / "processes"]), ADMIN)
