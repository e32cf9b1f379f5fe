"""The Polish text of every notification: a subject and a plain-text body."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

try:
    LOCAL = ZoneInfo("Europe/Warsaw")
except ZoneInfoNotFoundError:  # a system without time zone data: show UTC and say so
    LOCAL = UTC

FOOTER = (
    "\n\n-- \nWiadomość wysłana automatycznie przez system Kooperacja; prosimy na nią nie odpowiadać.\n"
    "Powiadomienia e-mail możesz wyłączyć w ustawieniach swojego konta."
)


@dataclass(frozen=True)
class TaskNotice:
    """What a notification says about one task."""

    task_id: str
    task_name: str
    case_key: str
    case_title: str
    role: str | None
    due_at: datetime | None


def when(moment: datetime | None) -> str:
    if moment is None:
        return "bez terminu"
    local = moment.astimezone(LOCAL)
    return local.strftime("%d.%m.%Y, godz. %H:%M") + (" UTC" if LOCAL is UTC else "")


def render(kind: str, notice: TaskNotice, recipient: str, base_url: str | None = None) -> tuple[str, str]:
    """(subject, body) of a ``kind`` notification about ``notice`` for the person named ``recipient``."""
    subject, lead = _TEXTS[kind](notice)
    lines = [
        f"Dzień dobry, {recipient}!",
        "",
        lead,
        "",
        f"Zadanie: {notice.task_name}",
        f"Sprawa: {notice.case_key} – {notice.case_title}",
    ]
    if notice.role:
        lines.append(f"Rola: {notice.role}")
    lines.append(f"Termin: {when(notice.due_at)}")
    if base_url:
        lines += ["", f"Zadanie w systemie: {base_url.rstrip('/')}/zadania/{notice.task_id}"]
    return f"[Kooperacja] {subject}", "\n".join(lines) + FOOTER


def _task_new(notice: TaskNotice) -> tuple[str, str]:
    return (
        f"Nowe zadanie w kolejce: {notice.task_name} ({notice.case_key})",
        "W kolejce Twojej instytucji pojawiło się nowe zadanie. Podejmij je, jeśli możesz się nim zająć.",
    )


def _task_assigned(notice: TaskNotice) -> tuple[str, str]:
    return (
        f"Przydzielono Ci zadanie: {notice.task_name} ({notice.case_key})",
        "Przydzielono Ci zadanie do wykonania.",
    )


def _reminder(notice: TaskNotice) -> tuple[str, str]:
    return (
        f"Przypomnienie: termin zadania „{notice.task_name}” ({notice.case_key}) mija {when(notice.due_at)}",
        f"Przypominamy, że termin wykonania zadania mija {when(notice.due_at)}, a zadanie nie jest jeszcze wykonane.",
    )


def _escalation(notice: TaskNotice) -> tuple[str, str]:
    return (
        f"Eskalacja: przekroczony termin zadania „{notice.task_name}” ({notice.case_key})",
        f"Termin wykonania zadania minął {when(notice.due_at)}, a zadanie nadal nie jest wykonane. "
        "Jako animator lub superwizor sprawy zdecyduj, co dalej: przypomnij wykonawcy, przydziel zadanie "
        "innej osobie albo zmień plan.",
    )


_TEXTS = {
    "task_new": _task_new,
    "task_assigned": _task_assigned,
    "reminder": _reminder,
    "escalation": _escalation,
}
