"""What every case document shares: A4 pages in DejaVu Sans (for Polish letters), a running header,
a footer with the special-category warning and "Strona X z Y", metadata, and small layout helpers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fpdf import FPDF
from fpdf.enums import TableBordersLayout, XPos, YPos
from fpdf.fonts import FontFace

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_PACKAGE = "fonts-dejavu-core"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FAMILY = "DejaVu"
SENSITIVE = "Dokument zawiera dane osobowe szczególnej kategorii"
AUTHOR = "Kooperacja"
GREY, BLACK, HEADING_FILL = (90, 90, 90), (0, 0, 0), (230, 234, 240)


class MissingFont(RuntimeError):
    """The Unicode font the documents embed is not installed."""


def font_files(directory: Path = FONT_DIR) -> dict[str, Path]:
    """The regular and bold DejaVu Sans files (style -> path).

    Raises:
        MissingFont: a file is missing; the message names the Debian package that provides it.
    """
    files = {style: directory / name for style, name in FONT_FILES.items()}
    missing = [str(path) for path in files.values() if not path.is_file()]
    if missing:
        raise MissingFont(
            f"Brak czcionki do dokumentów PDF: {', '.join(missing)}. "
            f"Zainstaluj pakiet Debiana {FONT_PACKAGE} (apt-get install {FONT_PACKAGE})."
        )
    return files


class CaseDocument(FPDF):
    """An A4 document of one case; ``title`` names the PDF and runs in every page's header."""

    def __init__(self, title: str, case_number: str, generated_at: datetime, font_dir: Path = FONT_DIR):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        for style, path in font_files(font_dir).items():
            self.add_font(FAMILY, style, str(path))
        self.document_title, self.case_number = title, case_number
        self.set_margins(15, 16, 15)
        self.set_auto_page_break(True, margin=18)
        self.set_title(f"{title} – sprawa {case_number}")
        self.set_author(AUTHOR)
        self.set_creator(AUTHOR)
        self.set_subject(title)
        self.set_lang("pl")
        self.set_creation_date(generated_at)
        self.add_page()

    # ------------------------------------------------------------------ every page

    def header(self) -> None:
        self._small()
        self.cell(0, 4, f"{AUTHOR} · {self.document_title} · sprawa {self.case_number}", new_x=XPos.LMARGIN)
        self.ln(7)
        self._normal()

    def footer(self) -> None:
        self.set_y(-13)
        self._small()
        self.cell(self.epw / 2, 5, SENSITIVE)
        self.cell(self.epw / 2, 5, f"Strona {self.page_no()} z {{nb}}", align="R")

    def _small(self) -> None:
        self.set_font(FAMILY, "", 7.5)
        self.set_text_color(*GREY)

    def _normal(self) -> None:
        self.set_font(FAMILY, "", 10)
        self.set_text_color(*BLACK)

    # ------------------------------------------------------------------ building blocks

    def title_block(self, title: str, subtitle: str | None = None) -> None:
        self.set_font(FAMILY, "B", 16)
        self.multi_cell(0, 8, title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if subtitle:
            self.set_font(FAMILY, "", 11)
            self.multi_cell(0, 6, subtitle, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(3)
        self._normal()

    def section(self, heading: str) -> None:
        if self.will_page_break(22):  # keep a heading with the first lines under it
            self.add_page()
        self.ln(3)
        self.set_font(FAMILY, "B", 12)
        self.cell(0, 7, heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)
        self._normal()

    def paragraph(self, text: str, bold: bool = False, size: float = 10) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.multi_cell(0, 5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self._normal()

    def fields(self, rows: Sequence[tuple[str, str]]) -> None:
        """Label: value lines, labels in a narrow column."""
        with self.table(
            col_widths=(62, 118),
            first_row_as_headings=False,
            borders_layout=TableBordersLayout.NONE,
            text_align="LEFT",
            line_height=5,
            padding=(0.6, 1, 0.6, 0),
        ) as table:
            for label, value in rows:
                row = table.row()
                row.cell(label, style=FontFace(emphasis="BOLD"))
                row.cell(value or "—")

    def grid(self, headings: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], size=8.5):
        """A bordered table whose heading row repeats on every page it runs onto."""
        self.set_font(FAMILY, "", size)
        with self.table(
            col_widths=tuple(widths),
            headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
            text_align="LEFT",
            line_height=size * 0.5,
            padding=1,
        ) as table:
            table.row(list(headings))
            for values in rows:
                table.row([value or "—" for value in values])
        self._normal()

    def signatures(self, heading: str, people: Sequence[str]) -> None:
        """A section of signature lines, two to a row, each named underneath; the heading stays with
        the first row."""
        if self.will_page_break(36):
            self.add_page()
        self.section(heading)
        column = self.epw / 2
        for start in range(0, len(people), 2):
            if self.will_page_break(20):
                self.add_page()
            self.ln(10)
            y = self.get_y()
            self.set_font(FAMILY, "", 8.5)
            for index, person in enumerate(people[start : start + 2]):
                x = self.l_margin + index * column
                self.line(x + 2, y, x + column - 8, y)
                self.set_xy(x + 2, y + 1)
                self.multi_cell(column - 10, 4, person, align="L")
            self.set_xy(self.l_margin, y + 9)
        self._normal()

    def output_bytes(self) -> bytes:
        return bytes(self.output())


def polish_date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


def polish_moment(value: datetime | None) -> str:
    """A moment in Polish local time (UTC where the time zone database is missing)."""
    if value is None:
        return "—"
    return _in_poland(value).strftime("%d.%m.%Y, %H:%M")


MONTHS = (
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
)


def polish_moment_in_words(value: datetime | None) -> str:
    """A moment in Polish local time as a document of record writes it: ``10 grudnia 2026 r., godz. 10:00``."""
    if value is None:
        return "—"
    local = _in_poland(value)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year} r., godz. {local:%H:%M}"


def _in_poland(value: datetime) -> datetime:
    try:
        zone = ZoneInfo("Europe/Warsaw")
    except ZoneInfoNotFoundError:
        return value
    return value.astimezone(zone)


def amount(value: float) -> str:
    """Polish notation: ``13 350,00``."""
    whole, _, cents = f"{value:,.2f}".partition(".")
    return f"{whole.replace(',', ' ')},{cents}"


def money(value: float | None) -> str:
    return f"{amount(value)} zł" if value is not None else "—"


def recorded_text(recorded) -> str:
    """Who entered a decision and when (an ``engine.services.documents.Recorded``), for a document line."""
    if recorded is None:
        return "—"
    who = f"{recorded.name} ({recorded.institution})" if recorded.institution else recorded.name
    return f"{who}, {polish_moment(recorded.at)}" if recorded.at else who


def period(start: date | None, end: date | None) -> str:
    return f"{polish_date(start)} – {polish_date(end)}"
