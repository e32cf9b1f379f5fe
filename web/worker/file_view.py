"""The case file as the pages show it: each entry's answers built into a read-only form view."""

from __future__ import annotations

from dataclasses import dataclass

from engine.dto.casefile import FileEntry, FileSection
from web import formview


@dataclass(frozen=True)
class EntryView:
    entry: FileEntry
    view: formview.FormView | None  # None: the task had no form


@dataclass(frozen=True)
class SectionView:
    section: FileSection
    entries: tuple[EntryView, ...]

    @property
    def id(self) -> str:
        return self.section.id

    @property
    def title(self) -> str:
        return self.section.title


def section_views(sections: tuple[FileSection, ...]) -> list[SectionView]:
    return [SectionView(s, tuple(_entry_view(e) for e in s.entries)) for s in sections]


def _entry_view(entry: FileEntry) -> EntryView:
    if not entry.schema:
        return EntryView(entry, None)
    return EntryView(entry, formview.build(entry.schema, entry.ui_schema or {}, entry.values, {}))
