"""The library's reads and writes: the newest deployed files, the drafts, the versions with comments."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from engine.db.models import Deployment, DeploymentFile, DeploymentNote, ModelDraft
from engine.dto.library import DeployedVersion, DraftInfo


def newest_number(session: Session) -> int | None:
    return session.execute(select(func.max(Deployment.number))).scalar()


def deployed_files(session: Session, number: int | None) -> dict[str, bytes]:
    """Path -> content of the files of version ``number`` (empty before the first deployment)."""
    if number is None:
        return {}
    rows = session.execute(
        select(DeploymentFile.path, DeploymentFile.content)
        .join(Deployment, Deployment.id == DeploymentFile.deployment_id)
        .where(Deployment.number == number)
    ).all()
    return {row.path: bytes(row.content) for row in rows}


def drafts(session: Session) -> dict[str, ModelDraft]:
    return {row.path: row for row in session.execute(select(ModelDraft)).scalars()}


def draft_info(row: ModelDraft) -> DraftInfo:
    return DraftInfo(updated_at=row.updated_at, updated_by=row.updated_by)


def put_draft(session: Session, path: str, content: bytes, at, by: str) -> None:
    row = session.get(ModelDraft, path)
    if row is None:
        session.add(ModelDraft(path=path, content=content, updated_at=at, updated_by=by))
    else:
        row.content, row.updated_at, row.updated_by = content, at, by
    session.flush()


def drop_draft(session: Session, path: str) -> bool:
    return session.execute(delete(ModelDraft).where(ModelDraft.path == path)).rowcount > 0


def drop_all_drafts(session: Session) -> None:
    session.execute(delete(ModelDraft))


def working_set(session: Session) -> dict[str, bytes]:
    """The newest deployed files with every draft laid over them: what a deployment would hold now."""
    files = deployed_files(session, newest_number(session))
    files.update({path: bytes(row.content) for path, row in drafts(session).items()})
    return files


def note(session: Session, number: int, comment: str) -> None:
    """Keep the comment of version ``number``; a version deployed again keeps its first comment."""
    deployment_id = session.execute(select(Deployment.id).where(Deployment.number == number)).scalar_one()
    if session.get(DeploymentNote, deployment_id) is None:
        session.add(DeploymentNote(deployment_id=deployment_id, comment=comment))
        session.flush()


def versions(session: Session) -> list[DeployedVersion]:
    counts = (
        select(DeploymentFile.deployment_id, func.count().label("files"))
        .group_by(DeploymentFile.deployment_id)
        .subquery()
    )
    rows = session.execute(
        select(Deployment, DeploymentNote.comment, counts.c.files)
        .outerjoin(DeploymentNote, DeploymentNote.deployment_id == Deployment.id)
        .outerjoin(counts, counts.c.deployment_id == Deployment.id)
        .order_by(Deployment.number.desc())
    ).all()
    return [
        DeployedVersion(
            number=d.number,
            content_hash=d.content_hash,
            created_at=d.created_at,
            created_by=d.created_by,
            comment=comment,
            file_count=files or 0,
        )
        for d, comment, files in rows
    ]


def newest_containing(session: Session) -> dict[str, int]:
    """Path -> the newest version number holding that path."""
    rows = session.execute(
        select(DeploymentFile.path, func.max(Deployment.number))
        .join(Deployment, Deployment.id == DeploymentFile.deployment_id)
        .group_by(DeploymentFile.path)
    ).all()
    return dict(rows)
