"""Case file service: the "Teczka sprawy" — every completed decision of a case, re-readable, by section,
and what the case waits for now; and the part of it each task shows above its form.

What a reader sees follows the model's visibility table (``access.table``): the sections their role
in the case may read, only their own entries in own-only sections, and no data of household members
whose consent does not reach them (``access.need_to_know``). Every read is audited.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from engine.access.acting import Acting, acting, require_operation
from engine.access.audit import audit
from engine.access.need_to_know import Reader, reader_of
from engine.access.table import Section, VisibilityTable, table_of, values_at
from engine.access.visibility import require_visible
from engine.bpmn import steps
from engine.bpmn.specs import task_ids
from engine.dto import Actor
from engine.dto.casefile import Awaited, AwaitedTask, CaseFile, FileEntry, FileSection, TaskContext
from engine.form_rules import choice_lists
from engine.services.message_delivery import resolve_case
from engine.services.rectification_words import field_correction
from engine.services.task_guards import require_task_visible
from engine.store import corrections, file_rows
from engine.store.case_rows import case_info
from engine.store.cases import checkout
from engine.store.context import EngineContext
from engine.store.task_rows import load

#: Without a visibility table (a model that has none), the file is one section in order of completion.
WHOLE_CASE = Section("przebieg", "Przebieg sprawy", ())


class CaseFileService:
    """The case file and the task context."""

    def __init__(self, ctx: EngineContext):
        self._ctx = ctx

    def file(self, actor: Actor, case_id: str) -> CaseFile:
        """The sections of the case the actor may see, each with its completed tasks, and what the case
        waits for. Audited as ``casefile.read``.

        Raises:
            NotFound: no such case, or the actor may not see it.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            require_operation(who, "cases:read")
            roles = require_visible(session, who, case_id, "casefile.read")
            info = case_info(session, case_id)
            if info.anonymized:  # retention erased the decisions; the case's facts remain
                return CaseFile(info, (), Awaited((), (), ()), who.is_system or who.supervises)
            case = checkout(session, self._ctx, case_id)
            try:
                table = table_of(case.definition)
                reader = reader_of(who, roles, table, steps.current_data(case.workflow))
                sections = _sections(session, case, reader, table, wanted=None)
            finally:
                self._ctx.workflows.put(case.id, case)
            audit(session, now, who, "casefile.read", case_id)
            awaited = _awaited(session, case_id, table, reader)
            return CaseFile(info, sections, awaited, reader.whole_file)

    def file_of(self, actor: Actor, ref: str) -> CaseFile:
        """``file`` of the case with id or business key ``ref`` (what an integration knows a case by).

        Raises:
            NotFound: no such case, or the actor may not see it.
        """
        with self._ctx.transaction(write=False) as session:
            case_id = resolve_case(session, None, ref)
        return self.file(actor, case_id)

    def task_context(self, actor: Actor, task_id: str) -> TaskContext:
        """What the task's decision needs, read-only: the sections of the case file the model names for
        this task (``kontekst_zadan``), as far as the actor may see them. Only for those who may work on
        the task (its role's institution) and supervisors; audited as ``task.context``.

        Raises:
            NotFound: no such task, or the actor may not see its case.
        """
        now = self._ctx.clock.now()
        with self._ctx.transaction() as session:
            who = acting(session, actor)
            task = load(session, task_id)
            roles = require_task_visible(session, who, task)
            return context_of(session, self._ctx, who, task, roles, now)


def context_of(session: Session, ctx: EngineContext, who: Acting, task, roles, now, read_with=None) -> TaskContext:
    """``task_context`` of a task whose visibility was checked (``roles``: as ``require_task_visible`` gave
    them); audits ``task.context`` when there is a context to show. ``read_with``: as ``checkout`` takes it."""
    if not (who.is_system or who.supervises or task.role in who.own(roles)):
        return TaskContext()
    table = table_of(ctx.definitions.get(session, task.definition_id))  # the case's definition
    if table is None or not (table.task_context.get(task.bpmn_id) or table.task_facts.get(task.bpmn_id)):
        return TaskContext()  # nothing declared for this task: no workflow to load
    case = checkout(session, ctx, task.instance_id, read_with)
    try:
        data = steps.current_data(case.workflow)
        reader = reader_of(who, roles, table, data)
        wanted = table.task_context.get(task.bpmn_id, ())
        sections = _sections(session, case, reader, table, wanted=wanted) if wanted else ()
        facts = tuple(_fact(title, path, data, reader) for title, path in table.task_facts.get(task.bpmn_id, ()))
    finally:
        ctx.workflows.put(case.id, case)
    audit(session, now, who, "task.context", task.instance_id, task.id)
    return TaskContext(sections, tuple(fact for fact in facts if fact[1] not in (None, [], {})))


def file_sections(session: Session, case, reader: Reader, table: VisibilityTable | None) -> tuple[FileSection, ...]:
    """Every section of the case file as ``reader`` may see it (the data-protection officer's reports)."""
    return _sections(session, case, reader, table, wanted=None)


def _sections(session: Session, case, reader: Reader, table: VisibilityTable | None, wanted) -> tuple[FileSection, ...]:
    reached = {t.id: t for t in steps.completed_tasks(case.workflow)}
    order = {task_id: position for position, task_id in enumerate(reached)}  # as the workflow completed them
    rows = sorted(
        (
            row
            for row in file_rows.completed_tasks(session, case.id)
            if row.id in reached and reader.who.may_see_task_of(row.role, row.meant_for)
        ),
        key=lambda row: order[row.id],
    )
    forms = case.definition.forms
    household = reader.filtered(steps.current_data(case.workflow)) or {}  # names for ids, as far as the reader may know
    fixes = corrections.of_case(session, case.id)
    if table is None:
        entries = tuple(_entry(row, reached[row.id], forms, reader, household, fixes=fixes) for row in rows)
        return (FileSection(WHOLE_CASE.id, WHOLE_CASE.title, tuple(e for e in entries if e is not None)),)
    present = _task_ids(case.definition)  # the table serves every process: a group case has no family sections
    chosen = [
        s
        for s in table.sections
        if reader.may_read(s.id) and (wanted is None or s.id in wanted) and present & set(s.tasks)
    ]
    if wanted is not None:
        chosen.sort(key=lambda s: list(wanted).index(s.id))
    sections = []
    for section in chosen:
        mine = [row for row in rows if row.bpmn_id in section.tasks and reader.sees_entry(section, row.role)]
        entries = [
            _entry(row, reached[row.id], forms, reader, household, _previous(row, mine, reached), fixes) for row in mine
        ]
        sections.append(FileSection(section.id, section.title, tuple(e for e in entries if e is not None)))
    return tuple(sections)


def _task_ids(definition) -> frozenset[str]:
    """The task ids of the definition's process and what it calls, worked out once per definition object."""
    found = definition.__dict__.get("_task_ids")
    if found is None:
        found = definition.__dict__["_task_ids"] = task_ids((definition.spec, *definition.subprocess_specs.values()))
    return found


def _previous(row, rows: list, reached: dict):
    """The same task's completion before ``row`` (the previous version of a plan), if any."""
    earlier = [r for r in rows[: rows.index(row)] if r.bpmn_id == row.bpmn_id and not r.subject]
    return reached[earlier[-1].id] if earlier and not row.subject else None


def _fact(title: str, path: str, data: dict, reader: Reader) -> tuple[str, object]:
    found = values_at(data, path)
    value = found[0] if len(found) == 1 else found
    return title, reader.filtered(value)


def _entry(row, reached, forms: dict, reader: Reader, household: dict, previous=None, fixes=None) -> FileEntry | None:
    """The entry of one completed task, or None when it is about a member the reader may not know of. Corrected
    facts show their newest value; the corrections are listed with the entry."""
    if reached.item is not None and reader.filtered(reached.item.as_dict()) is None:
        return None
    schema = forms.get(row.form) if row.form else None
    fields = (schema or {}).get("properties", {})
    fixed = (fixes or {}).get(row.id, [])
    recorded = {name: reached.values[name] for name in fields if name in reached.values}
    values = reader.filtered(recorded | {k: v for k, v in corrections.newest_values(fixed).items() if k in fields})
    return FileEntry(
        task_id=row.id,
        task_name=row.name,
        role=row.role,
        subject=row.subject,
        completed_at=row.completed_at,
        completed_by=row.completed_by,
        institution=row.institution,
        schema=schema,
        ui_schema=forms.get(row.ui_form) if row.ui_form else None,
        values=values or {},
        choices=choice_lists(schema, household) if schema else {},
        previous=reader.filtered({name: previous.values[name] for name in fields if name in previous.values})
        if previous is not None
        else None,
        corrections=tuple(field_correction(c, fields) for c in fixed if c.field in (values or {})),
    )


def _awaited(session: Session, case_id: str, table: VisibilityTable | None, reader: Reader) -> Awaited:
    """What the case waits for; what another institution's task is about (its subject) is not the reader's."""
    labels = table.waiting_labels if table is not None else {}
    players = file_rows.players(session, case_id)
    tasks = tuple(
        AwaitedTask(
            row.id,
            row.name,
            row.subject if reader.whole_file or row.role in reader.roles else None,
            row.role,
            (row.meant_for,) if row.meant_for else players.get(row.role, ()),
            row.due_at,
            row.assignee_name,
        )
        for row in file_rows.open_tasks(session, case_id)
        if reader.who.may_see_task_of(row.role, row.meant_for)
    )
    timers = tuple(
        sorted(((labels.get(name, name), due) for name, due in file_rows.timers(session, case_id)), key=lambda t: t[1])
    )
    messages = tuple(labels.get(name, name) for name in file_rows.messages(session, case_id))
    return Awaited(tasks, _first_of_each(timers), messages)


def _first_of_each(timers: tuple[tuple[str, object], ...]) -> tuple[tuple[str, object], ...]:
    """The earliest date of each kind of timer (a multi-instance activity has one per instance)."""
    seen, first = set(), []
    for label, due in timers:
        if label not in seen:
            seen.add(label)
            first.append((label, due))
    return tuple(first)
