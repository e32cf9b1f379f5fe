"""A throwaway engine for one practice run: its own SQLite file, a clock that moves when told, no mail.

The working set of the model is deployed into it as it stands (drafts included), the demo partnership
of gmina Świlcza gives every lane role a person (``engine.demo.directory``), and roles the demo does
not know get an institution and a person of their own, so every task has someone to do it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from datetime import datetime
from pathlib import Path

from engine import Engine
from engine.bpmn.sources import SourceFile
from engine.clock import FrozenClock
from engine.demo.directory import ensure_directory
from engine.dto import Actor
from engine.errors import EngineError, InvalidInput

SYSTEM = Actor.system("próba procesu")
#: Nobody logs in to a practice engine: its demo people get a hash no password matches.
NO_PASSWORD = "!"
_BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
_EXTRA_KIND = "NGO"


class Nowhere:
    """The practice engine's mailer: notifications are worked out as usual, and nobody gets them."""

    def send(self, email) -> None:
        return None


def open_engine(folder: Path, now: datetime) -> Engine:
    """The engine of a run folder, its clock set to the run's ``now``."""
    return Engine.from_url(
        f"sqlite:///{folder / 'practice.db'}", clock=FrozenClock(now), cache_capacity=8, mailer=Nowhere()
    )


def process_ids(content: bytes) -> list[str]:
    """The executable processes a diagram defines, in file order (the first is the one practised)."""
    root = ElementTree.fromstring(content)
    processes = list(root.iter(f"{_BPMN}process"))
    executable = [p.get("id") for p in processes if p.get("isExecutable") == "true"]
    return executable or [p.get("id") for p in processes]


def prepare(engine: Engine, files: dict[str, bytes]) -> tuple[dict[str, Actor], int]:
    """Schema, the model and the people: (role -> the person acting in it, the partnership's id)."""
    engine.migrate()
    engine.repository.deploy([SourceFile(path, files[path]) for path in sorted(files)], SYSTEM)
    directory = ensure_directory(engine, SYSTEM, NO_PASSWORD)
    actors = dict(directory.acting)
    for role in engine.repository.roles():
        if role not in actors:
            actors[role] = add_person(engine, role)
    return actors, directory.partnership_id


def add_person(engine: Engine, role: str) -> Actor:
    """An institution and a person for a role the demo partnership does not have."""
    institution = engine.directory.add_institution(SYSTEM, f"Instytucja ćwiczebna: {role}"[:200], _EXTRA_KIND)
    login = f"proba{len(engine.directory.institutions())}"
    user = engine.directory.add_user(
        SYSTEM, login, f"Osoba ćwiczebna ({role})", institution.id, [role], password_hash=NO_PASSWORD
    )
    return Actor(user.id, user.display_name)


def start_case(engine: Engine, process_id: str, actors: dict[str, Actor], partnership_id: int):
    processes = {p.process_id: p for version in engine.repository.versions()[:1] for p in version.processes}
    if process_id not in processes:
        raise InvalidInput(f"Model nie ma wykonywalnego procesu {process_id}.")
    role = processes[process_id].start_role
    starter = actors.get(role, SYSTEM) if role else SYSTEM
    members = {(role, institution) for institution, role in engine.directory.partnership(partnership_id).members}
    participants = [
        (r, i) for r, i in ((r, institution_of(engine, a)) for r, a in actors.items()) if (r, i) not in members
    ]
    try:
        return engine.runtime.start(
            starter, process_id, title="Próba procesu", partnership_id=partnership_id, participants=participants
        )
    except EngineError:
        raise
    except Exception as error:  # the draft's own expressions (role, deadline) fail: the analyst must read why
        raise InvalidInput(
            f"Nie można rozpocząć próby procesu {process_id}: {error} Proces wywoływany z innego "
            "(aktywność wywołania) dostaje dane od procesu, który go wywołuje: przećwicz tamten proces."
        ) from error


def institution_of(engine: Engine, actor: Actor) -> int:
    return engine.directory.user(actor.user_id).institution_id


def described(engine: Engine, actor: Actor) -> str:
    """The person as the analyst reads them: name and institution."""
    info = engine.directory.user(actor.user_id)
    return f"{info.display_name}, {info.institution_name}"
