"""What a demo run created or found, and its text for the terminal."""

from __future__ import annotations

from dataclasses import dataclass

_STATUS = {"completed": "zakończona", "terminated": "przerwana", "error": "błąd", "suspended": "wstrzymana"}


@dataclass(frozen=True)
class DemoLogin:
    user_id: int
    login: str
    display_name: str
    institution: str
    roles: tuple[str, ...]
    new: bool  # False: the account existed before this run and kept its password


@dataclass(frozen=True)
class DemoCase:
    case_id: str
    business_key: str
    title: str
    description: str  # where the demo leaves the case, in Polish
    status: str
    stage: str | None  # the case's stage now (the stage of its newest open task)
    new: bool  # False: the case existed before this run and may have moved on since


@dataclass(frozen=True)
class DemoReport:
    logins: tuple[DemoLogin, ...]
    cases: tuple[DemoCase, ...]
    partnership_id: int
    deployed_version: int | None  # the version this run deployed; None when one was deployed already
    directory_created: bool  # any institution, user or the partnership was created by this run

    @property
    def created(self) -> bool:
        """Whether this run added anything at all."""
        return self.deployed_version is not None or self.directory_created or any(c.new for c in self.cases)


def render(report: DemoReport, password: str) -> str:
    """The logins and cases as a table, in Polish."""
    lines = ["Dane demonstracyjne: " + ("dodano brakujące." if report.created else "bez zmian, wszystko już było.")]
    if report.deployed_version is not None:
        lines.append(f"Wdrożono procesy i formularze jako wersję {report.deployed_version}.")
    lines += ["", f"Loginy (hasło każdego konta: {password}):"]
    rows = [("login", "imię i nazwisko", "instytucja", "role")]
    rows += [(_login(u), u.display_name, u.institution, ", ".join(u.roles)) for u in report.logins]
    lines += _table(rows)
    if not all(u.new for u in report.logins):
        lines.append("  * konto istniało już wcześniej; jego hasła nie zmieniono.")
    lines += ["", "Sprawy:"]
    rows = [("numer", "sprawa", "etap", "stan po wczytaniu")]
    rows += [(_key(c), c.title, _stage(c), c.description) for c in report.cases]
    lines += _table(rows)
    if not all(c.new for c in report.cases):
        lines.append("  * sprawa istniała już wcześniej; mogła od tego czasu pójść dalej.")
    return "\n".join(lines)


def _login(user: DemoLogin) -> str:
    return user.login if user.new else f"{user.login} *"


def _key(case: DemoCase) -> str:
    return case.business_key if case.new else f"{case.business_key} *"


def _stage(case: DemoCase) -> str:
    if case.status == "running":
        return case.stage or "w toku"
    return _STATUS.get(case.status, case.status)


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
