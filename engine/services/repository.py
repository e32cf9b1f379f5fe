"""Repository service: validate and deploy process definitions, list deployed versions."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sqlalchemy import func, select

from engine import form_declarations
from engine.access.acting import require_role
from engine.access.table_check import check as table_check
from engine.bpmn import definitions, state
from engine.bpmn.definitions import SourceFile
from engine.bpmn.sources import kind_of
from engine.bpmn.specs import lane_roles
from engine.db.models import Deployment, DeploymentFile, ProcessDefinition
from engine.dto import Actor, DeployResult, ProcessInfo, VersionInfo
from engine.errors import DefinitionError, NotAllowed, NotFound, Problem
from engine.roles import DEPLOY_ROLES, VISIBILITY_TABLE_FILE
from engine.store.context import EngineContext


def collect(paths: list[str | Path]) -> list[SourceFile]:
    """The files under the given files or directories, named relative to the directory they came from.

    A directory named ``processes`` is paired with its sibling ``forms`` directory, so
    ``deploy processes`` deploys the diagrams together with their forms.
    """
    files: dict[str, SourceFile] = {}
    for raw in paths:
        path = Path(raw)
        roots = [path]
        if path.is_dir() and path.name == "processes" and (path.parent / "forms").is_dir():
            roots.append(path.parent / "forms")
        for root in roots:
            for file in _walk(root):
                name = _relative_name(file, root)
                files[name] = SourceFile(name, file.read_bytes())
    return [files[name] for name in sorted(files)]


def _walk(root: Path) -> list[Path]:
    """Diagrams anywhere below ``root``; JSON only inside a ``forms`` folder (other JSON is not a form)."""
    if root.is_file():
        return [root]
    if not root.exists():
        raise NotFound(f"Nie ma pliku ani katalogu {root}.")
    return sorted(p for p in root.rglob("*") if p.is_file() and _deployable(p, root))


def _deployable(path: Path, root: Path) -> bool:
    if kind_of(path.name) == "json":
        return path.name == VISIBILITY_TABLE_FILE or "forms" in (root.name, *path.relative_to(root).parts[:-1])
    return kind_of(path.name) != "other"  # .bpmn, .bpmn20.xml, .dmn ...


def _relative_name(file: Path, root: Path) -> str:
    if root.is_file():
        parent = root.resolve().parent.name
        return f"{parent}/{root.name}" if parent else root.name
    return f"{root.resolve().name}/{file.relative_to(root).as_posix()}"


def content_hash(files: list[SourceFile]) -> str:
    digest = hashlib.sha256()
    for source in sorted(files, key=lambda f: f.path):
        digest.update(source.path.encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(source.content).digest())
    return digest.hexdigest()


def validate_files(files: list[SourceFile]) -> list[Problem]:
    """Every problem found in the files (no database needed), the visibility table's included."""
    model, tables = split_model(files)
    if not any(f.kind in ("bpmn", "dmn") for f in model):
        return [Problem("-", None, None, "Nie podano żadnego pliku BPMN ani DMN.")]
    problems = definitions.check(model) + _declaration_problems(model)
    contents = {f.path: f.content for f in model}
    for table in tables:
        problems += table_check(table.path, table.content, contents)
    return problems


def _declaration_problems(model: list[SourceFile]) -> list[Problem]:
    """Rules and choice lists of the forms that name fields the forms do not have (``engine.form_declarations``)."""
    found = []
    for source in model:
        if source.path.endswith(".schema.json"):
            try:
                found += form_declarations.problems(source.path, json.loads(source.content.decode("utf-8")))
            except (ValueError, RecursionError):
                continue  # not JSON, or nested too deep: definitions.check reports it
    return found


def split_model(files: list[SourceFile]) -> tuple[list[SourceFile], list[SourceFile]]:
    """The diagrams and forms, and the visibility table(s), of a set of files."""
    tables = [f for f in files if f.name == VISIBILITY_TABLE_FILE]
    return [f for f in files if f.name != VISIBILITY_TABLE_FILE], tables


class RepositoryService:
    """Deployments are immutable and identified by the hash of their files."""

    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def validate(self, files: list[SourceFile]) -> list[Problem]:
        """Every problem found in the files; an empty list means they can be deployed."""
        return validate_files(files)

    def deploy(self, files: list[SourceFile], actor: Actor) -> DeployResult:
        """Store the files as a new version, or return the existing version with the same content.

        Raises:
            DefinitionError: the files have problems; nothing is stored.
            NotAllowed: the actor is neither an analyst nor an administrator.
        """
        with self._ctx.transaction(write=False) as session:
            require_role(session, actor, DEPLOY_ROLES, "wdrażać nowe wersje procesów")
        problems = self.validate(files)
        if problems:
            raise DefinitionError(problems)
        digest = content_hash(files)
        with self._ctx.transaction() as session:
            existing = session.execute(select(Deployment).where(Deployment.content_hash == digest)).scalar_one_or_none()
            if existing is not None:
                return DeployResult(_version_info(session, existing), created=False)
            deployment = self._store(session, files, digest, actor)
            return DeployResult(_version_info(session, deployment), created=True)

    def _store(self, session, files: list[SourceFile], digest: str, actor: Actor) -> Deployment:
        processes, _forms = definitions.build(split_model(files)[0])
        number = (session.execute(select(func.max(Deployment.number))).scalar() or 0) + 1
        deployment = Deployment(
            number=number, content_hash=digest, created_at=self._ctx.clock.now(), created_by=actor.label or "?"
        )
        session.add(deployment)
        session.flush()
        session.add_all(DeploymentFile(deployment_id=deployment.id, path=f.path, content=f.content) for f in files)
        session.add_all(
            ProcessDefinition(
                deployment_id=deployment.id,
                process_id=p.process_id,
                name=p.name,
                start_role=p.start_role,
                spec_json=state.specs_to_json(p.spec, p.subprocess_specs),
            )
            for p in processes
        )
        session.flush()
        return deployment

    def versions(self) -> list[VersionInfo]:
        """Every deployed version, newest first."""
        with self._ctx.transaction(write=False) as session:
            rows = session.execute(select(Deployment).order_by(Deployment.number.desc())).scalars()
            return [_version_info(session, row) for row in rows]

    def roles(self) -> list[str]:
        """The roles the newest version's diagrams name in their lanes, sorted; empty before the first deploy.

        Roles a task takes from case data (``candidateRole``) are not known until the task opens and are
        not listed. The parsed specs come from the definition cache, so this is cheap once warm.
        """
        with self._ctx.transaction(write=False) as session:
            newest = select(func.max(Deployment.number)).scalar_subquery()
            definition_ids = session.execute(
                select(ProcessDefinition.id)
                .join(Deployment, Deployment.id == ProcessDefinition.deployment_id)
                .where(Deployment.number == newest)
            ).scalars()
            definitions = [self._ctx.definitions.get(session, definition_id) for definition_id in definition_ids.all()]
        return sorted(lane_roles(spec for d in definitions for spec in (d.spec, *d.subprocess_specs.values())))

    def file(self, version_number: int, path: str) -> bytes:
        """The content of one deployed file."""
        with self._ctx.transaction(write=False) as session:
            content = session.execute(
                select(DeploymentFile.content)
                .join(Deployment, Deployment.id == DeploymentFile.deployment_id)
                .where(Deployment.number == version_number, DeploymentFile.path == path)
            ).scalar_one_or_none()
            if content is None:
                raise NotFound(f"Wersja {version_number} nie zawiera pliku {path}.")
            return content


def latest_definition_id(session, process_id: str) -> int:
    definition_id = session.execute(
        select(ProcessDefinition.id)
        .join(Deployment, Deployment.id == ProcessDefinition.deployment_id)
        .where(ProcessDefinition.process_id == process_id)
        .order_by(Deployment.number.desc())
        .limit(1)
    ).scalar_one_or_none()
    if definition_id is None:
        raise NotFound(f"Proces {process_id} nie został wdrożony.")
    return definition_id


def _version_info(session, deployment: Deployment) -> VersionInfo:
    processes = session.execute(
        select(ProcessDefinition.process_id, ProcessDefinition.name, ProcessDefinition.start_role)
        .where(ProcessDefinition.deployment_id == deployment.id)
        .order_by(ProcessDefinition.process_id)
    ).all()
    files = session.execute(
        select(DeploymentFile.path).where(DeploymentFile.deployment_id == deployment.id).order_by(DeploymentFile.path)
    ).scalars()
    return VersionInfo(
        id=deployment.id,
        number=deployment.number,
        content_hash=deployment.content_hash,
        created_at=deployment.created_at,
        created_by=deployment.created_by,
        processes=tuple(ProcessInfo(*row) for row in processes),
        files=tuple(files),
    )


__all__ = ["RepositoryService", "collect", "content_hash", "latest_definition_id", "NotAllowed"]
