"""The model library: the analysts' drafts of diagrams, decisions and forms, checked, deployed, exported.

Drafts live in ``model_draft`` and never reach running cases: a deployment (through the repository
service, the same path ``kooperacja deploy`` takes) is the only way in. Every call takes the acting
user, requires the analyst or administrator role, and writes an audit entry for every change.
"""

from __future__ import annotations

from engine.access.acting import require_role
from engine.access.audit import audit
from engine.bpmn import code_check
from engine.bpmn.definitions import SourceFile
from engine.dto import Actor, DeployResult
from engine.dto.comparison import Comparison, Side
from engine.dto.library import Checked, CodeCheck, Library, LibraryFile, OpenedFile
from engine.errors import DefinitionError, InvalidInput, NotFound
from engine.roles import DEPLOY_ROLES
from engine.services.library import archive, compare, rows
from engine.services.library.checks import domain_problems
from engine.services.library.paths import check_content, check_path, kind_of
from engine.services.repository import RepositoryService, validate_files
from engine.store.context import EngineContext

MAX_COMMENT = 2000
MAX_CODE = 20_000
_WHAT = "zmieniać model procesów"


class LibraryService:
    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def overview(self, actor: Actor) -> Library:
        """Every file of the working model (newest deployed plus drafts) and every deployed version."""
        with self._ctx.transaction(write=False) as session:
            require_role(session, actor, DEPLOY_ROLES, _WHAT)
            newest = rows.newest_number(session)
            deployed = rows.deployed_files(session, newest)
            drafts = rows.drafts(session)
            files = tuple(
                LibraryFile(
                    path=path,
                    kind=kind_of(path),
                    deployed_in=newest if path in deployed else None,
                    draft=rows.draft_info(drafts[path]) if path in drafts else None,
                )
                for path in sorted(set(deployed) | set(drafts))
            )
            return Library(files=files, versions=tuple(rows.versions(session)))

    def open(self, actor: Actor, path: str) -> OpenedFile:
        """The working content of ``path``: the draft if there is one, else the newest deployed file."""
        with self._ctx.transaction(write=False) as session:
            require_role(session, actor, DEPLOY_ROLES, _WHAT)
            newest = rows.newest_number(session)
            deployed = rows.deployed_files(session, newest)
            draft = rows.drafts(session).get(path)
            if draft is None and path not in deployed:
                raise NotFound(f"W modelu nie ma pliku {path}.")
            content = bytes(draft.content) if draft is not None else deployed[path]
            deployed_in = newest if path in deployed else None
            return OpenedFile(path, kind_of(path), content, draft is not None, deployed_in)

    def save(self, actor: Actor, path: str, content: bytes) -> Checked:
        """Keep ``content`` as the draft of ``path`` (even with problems) and check the whole working set."""
        check_content(check_path(path), content)
        with self._ctx.transaction() as session:
            who = require_role(session, actor, DEPLOY_ROLES, _WHAT)
            now = self._ctx.clock.now()
            rows.put_draft(session, path, content, now, actor.label or "?")
            audit(session, now, who, "model_draft_saved", path=path, size=len(content))
            files = rows.working_set(session)
        return _checked(files)

    def discard(self, actor: Actor, path: str) -> None:
        """Drop the draft of ``path``; the newest deployed content is the working content again."""
        with self._ctx.transaction() as session:
            who = require_role(session, actor, DEPLOY_ROLES, _WHAT)
            if not rows.drop_draft(session, path):
                raise NotFound(f"Plik {path} nie ma wersji roboczej.")
            audit(session, self._ctx.clock.now(), who, "model_draft_discarded", path=path)

    def require_modeller(self, actor: Actor) -> None:
        """Raises NotAllowed unless the actor may work on the model (analysts and administrators)."""
        with self._ctx.transaction(write=False) as session:
            require_role(session, actor, DEPLOY_ROLES, _WHAT)

    def check_code(self, actor: Actor, kind: str, source: str) -> CodeCheck:
        """``source`` compiled in the sandbox as the deployment check compiles it (nothing stored).

        ``kind``: ``script``, ``expression`` (conditions, dueIn, candidateRole…) or a timer's
        ``duration``, ``date`` or ``cycle``; a literal timer also says when it would fire from now.
        """
        if kind not in (*code_check.KINDS, *code_check.TIMER_KINDS):
            raise InvalidInput(f"Nieznany rodzaj kodu: {kind[:40]}.")
        if len(source) > MAX_CODE:
            raise InvalidInput(f"Kod może mieć najwyżej {MAX_CODE} znaków.")
        self.require_modeller(actor)
        if kind in code_check.TIMER_KINDS:
            return code_check.timer(kind, source, self._ctx.clock.now())
        return code_check.check(kind, source)

    def working_files(self, actor: Actor) -> dict[str, bytes]:
        """Path -> content of the working set (newest deployed files with the drafts laid over them)."""
        with self._ctx.transaction(write=False) as session:
            require_role(session, actor, DEPLOY_ROLES, _WHAT)
            return rows.working_set(session)

    def check(self, actor: Actor) -> Checked:
        """Every problem of the working set (newest deployed files with the drafts laid over them)."""
        with self._ctx.transaction(write=False) as session:
            require_role(session, actor, DEPLOY_ROLES, _WHAT)
            files = rows.working_set(session)
        return _checked(files)

    def deploy(self, actor: Actor, comment: str) -> DeployResult:
        """Deploy the working set as a new version with ``comment``; the drafts are then gone.

        Raises DefinitionError (nothing stored, drafts kept) when the working set has problems, the
        domain checks' included (the CLI's ``kooperacja deploy`` applies the engine validation only).
        """
        comment = comment.strip()
        if not comment:
            raise InvalidInput("Podaj komentarz do wdrożenia: co się zmienia i dlaczego.")
        if len(comment) > MAX_COMMENT:
            raise InvalidInput(f"Komentarz może mieć najwyżej {MAX_COMMENT} znaków.")
        with self._ctx.transaction(write=False) as session:
            require_role(session, actor, DEPLOY_ROLES, _WHAT)
            files = rows.working_set(session)
        problems = _checked(files).problems
        if problems:
            raise DefinitionError(list(problems))
        result = RepositoryService(self._ctx).deploy(_sources(files), actor)
        with self._ctx.transaction() as session:
            who = require_role(session, actor, DEPLOY_ROLES, _WHAT)
            rows.note(session, result.version.number, comment)
            rows.drop_all_drafts(session)
            audit(session, self._ctx.clock.now(), who, "model_deployed", version=result.version.number)
        return result

    def compare(self, actor: Actor, old: int, new: int | None) -> Comparison:
        """The files added, removed or changed from version ``old`` to version ``new`` (None: the working draft)."""
        with self._ctx.transaction(write=False) as session:
            require_role(session, actor, DEPLOY_ROLES, _WHAT)
            known = {v.number: v for v in rows.versions(session)}
            for number in (old, new):
                if number is not None and number not in known:
                    raise NotFound(f"Nie ma wdrożonej wersji {number}.")
            before = rows.deployed_files(session, old)
            after = rows.working_set(session) if new is None else rows.deployed_files(session, new)
        changes, same = compare.files(before, after)
        sides = [
            Side(n, known[n].created_at, known[n].created_by) if n is not None else Side(None, None, None)
            for n in (old, new)
        ]
        return Comparison(sides[0], sides[1], tuple(changes), same)

    def version_file(self, actor: Actor, number: int | None, path: str) -> bytes:
        """The content of ``path`` in deployed version ``number`` (None: the working draft), to draw it."""
        with self._ctx.transaction(write=False) as session:
            require_role(session, actor, DEPLOY_ROLES, _WHAT)
            files = rows.working_set(session) if number is None else rows.deployed_files(session, number)
        if path not in files:
            where = "wersji roboczej" if number is None else f"wersji {number}"
            raise NotFound(f"W {where} nie ma pliku {path}.")
        return files[path]

    def export(self, actor: Actor, number: int) -> bytes:
        """Version ``number`` as a zip holding ``kooperacja-vN/processes/…`` and ``kooperacja-vN/forms/…``."""
        with self._ctx.transaction() as session:
            who = require_role(session, actor, DEPLOY_ROLES, _WHAT)
            files = rows.deployed_files(session, number)
            if not files:
                raise NotFound(f"Nie ma wersji {number}.")
            audit(session, self._ctx.clock.now(), who, "model_exported", version=number)
        return archive.pack(files, f"kooperacja-v{number}")

    def import_zip(self, actor: Actor, data: bytes) -> tuple[list[str], list[str]]:
        """Lay the model files of a zip over the working set as drafts: (changed paths, skipped names).

        Files equal to the working content are not made drafts; nothing is deployed.
        """
        files, skipped = archive.unpack(data)
        for path, content in files.items():
            check_content(path, content)
        with self._ctx.transaction() as session:
            who = require_role(session, actor, DEPLOY_ROLES, _WHAT)
            now = self._ctx.clock.now()
            current = rows.working_set(session)
            changed = sorted(path for path, content in files.items() if current.get(path) != content)
            for path in changed:
                rows.put_draft(session, path, files[path], now, actor.label or "?")
            audit(session, now, who, "model_imported", changed=changed, skipped=skipped)
        return changed, skipped


def _checked(files: dict[str, bytes]) -> Checked:
    sources = _sources(files)
    return Checked(tuple(validate_files(sources) + domain_problems(sources)))


def _sources(files: dict[str, bytes]) -> list[SourceFile]:
    return [SourceFile(path, files[path]) for path in sorted(files)]
