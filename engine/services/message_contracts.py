"""The message payload contracts of a deployed version, read once from its BPMN files.

The contracts live in the model (``engine.bpmn.payloads``); a deployed version never changes, so
they are parsed once per deployment content (its hash: ids repeat across databases) and kept.
"""

from __future__ import annotations

import threading

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.bpmn import payloads
from engine.bpmn.sources import SourceFile, kind_of, read_files
from engine.db.models import Deployment, DeploymentFile

_CAPACITY = 256
_cache: dict[str, dict] = {}
_lock = threading.Lock()


def require_valid_payload(session: Session, deployment_id: int, name: str, payload) -> None:
    """Raise ``InvalidMessagePayload`` (a 422) when ``payload`` breaks the message's contract."""
    payloads.check_payload(name, _contracts(session, deployment_id).get(name), payload)


def contracts_of(session: Session, deployment_id: int) -> dict[str, tuple[payloads.Field, ...]]:
    """Message name -> the fields its payload must (or may) have, in the version ``deployment_id``."""
    return _contracts(session, deployment_id)


def _contracts(session: Session, deployment_id: int) -> dict:
    digest = session.execute(select(Deployment.content_hash).where(Deployment.id == deployment_id)).scalar_one()
    found = _cache.get(digest)
    if found is not None:
        return found
    rows = session.execute(
        select(DeploymentFile.path, DeploymentFile.content).where(DeploymentFile.deployment_id == deployment_id)
    )
    files = read_files([SourceFile(path, content) for path, content in rows if kind_of(path) == "bpmn"])
    found = payloads.contracts(tree for _path, tree in files.bpmn_trees())
    with _lock:
        if len(_cache) >= _CAPACITY:
            _cache.clear()
        _cache[digest] = found
    return found
