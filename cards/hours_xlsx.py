"""The XLSX of the hours for load accounting (issue 5, item 7). Pure: plain data in, the file's bytes out.

Sheet 1 "load": one row per tutor and course; per Section 7 category two columns (delivered, norm); then the total,
the total norm, what is short of the norms, the categories over their norm, the next control point and what is
missing before it. Formatted for print: landscape A4, fit to one page wide, the header rows repeated.
Sheet 2 "ledger": every ledger line as stored (reversals included), oldest first.
Sheet 3 "norms": the norms in force per semester.

Every text cell is text: a name or a note that starts with "=", "+", "-", "@", a tab or a CR is stored as a string
with Excel's quote prefix, never as a formula (CSV/formula injection), and characters XML forbids are cleaned out.

It lives in `cards/` rather than `bot/` because both the CLI (`python -m bot export hours`) and the Teams route
(`export hours`) build it, and dialogs may not import `bot`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cards.formats import fmt_date
from cards.i18n import text
from tutoring.locale import Lang
from tutoring.norms import CLAUSE, Category, category_label
from tutoring.progress import CourseProgress
from tutoring.text import clean_text

HOURS_FORMAT = "0.00"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what Excel (or LibreOffice) reads as the start of a formula
CELL_MAX = 32767  # characters Excel keeps in a cell; past it Excel "repairs" the file
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_OVER_FILL = PatternFill("solid", fgColor="FFE699")
_GAP_FONT = Font(color="C00000", bold=True)
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass(frozen=True)
class LedgerSheetRow:
    id: int
    created_at: dt.datetime  # local (Almaty), naive: Excel has no time zones
    school: str
    semester: str
    tutor: str
    tutor_email: str
    course: str
    category: Category
    hours: Decimal
    date: dt.date
    note: str | None
    source: str
    session_id: int | None
    entered_by: str
    reverses_id: int | None
    replaces_id: int | None


def load_columns(lang: Lang) -> list[str]:
    """The header of the load sheet's second header row, left to right (tests read the sheet by these)."""
    columns = [text(lang, f"hours.xlsx.{k}") for k in ("school", "semester", "tutor", "email", "course",
                                                         "course_name")]
    for _category in Category:
        columns += [text(lang, "hours.xlsx.delivered"), text(lang, "hours.xlsx.norm")]
    columns += [text(lang, f"hours.xlsx.{k}") for k in ("total", "norm_total", "gap", "over", "next", "missing")]
    return columns


def hours_workbook(
    lang: Lang,
    *,
    scope: str,
    today: dt.date,
    progress: Sequence[CourseProgress],
    ledger: Sequence[LedgerSheetRow],
    norms: Mapping[str, Mapping[Category, tuple[Decimal | None, str]]],
) -> bytes:
    book = Workbook()
    load = book.active
    assert load is not None
    load.title = text(lang, "hours.xlsx.sheet.load")
    _load_sheet(load, lang, scope, today, progress)
    _ledger_sheet(book.create_sheet(text(lang, "hours.xlsx.sheet.ledger")), lang, ledger)
    _norms_sheet(book.create_sheet(text(lang, "hours.xlsx.sheet.norms")), lang, norms)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _load_sheet(sheet: Worksheet, lang: Lang, scope: str, today: dt.date, progress: Sequence[CourseProgress]) -> None:
    columns = load_columns(lang)
    first_category_col = 7
    _put(sheet, 1, 1, text(lang, "hours.xlsx.title", scope=scope, date=fmt_date(today, lang))).font = Font(
        bold=True, size=13
    )
    # Header row 2: each category's name over its two columns; row 3: every column's name (one row to read).
    for index in range(len(columns)):
        col = index + 1
        cell = _put(sheet, 3, col, columns[index])
        cell.font, cell.fill, cell.alignment, cell.border = _BOLD, _HEADER_FILL, _CENTER, _BORDER
        top = sheet.cell(2, col)
        top.fill, top.border = _HEADER_FILL, _BORDER
    for i, category in enumerate(Category):
        col = first_category_col + 2 * i
        top = _put(sheet, 2, col, category_label(category, lang))
        top.font, top.alignment = _BOLD, _CENTER
        sheet.merge_cells(start_row=2, start_column=col, end_row=2, end_column=col + 1)
    row = 4
    for item in progress:
        course = item.item
        values: list[Any] = [course.school, course.semester, course.tutor_name, course.tutor_email,
                                course.course_code, course.course_name]
        for c in item.categories:
            values += [c.delivered, c.norm]
        over = ", ".join(f"{CLAUSE[c.category]} {c.category.value} +{c.over}" for c in item.over_norm)
        point = item.next_control
        next_text = (f"{text(lang, f'hours.point.{point.kind.value}')} {fmt_date(point.date, lang)}"
                     if point else text(lang, "hours.xlsx.none"))
        values += [item.delivered_total, item.norm_total, item.gap_total, over, next_text, item.missing_total]
        for index, value in enumerate(values):
            cell = _put(sheet, row, index + 1, value)
            cell.border = _BORDER
            if isinstance(value, Decimal):
                cell.number_format = HOURS_FORMAT
            cell.alignment = _WRAP
        for i, c in enumerate(item.categories):
            if c.over_norm:
                sheet.cell(row, first_category_col + 2 * i).fill = _OVER_FILL
        gap_col = first_category_col + 2 * len(Category) + 2
        if item.gap_total > 0:
            sheet.cell(row, gap_col + 1).font = _GAP_FONT
        if item.missing_total > 0:
            sheet.cell(row, len(columns)).font = _GAP_FONT
        row += 1
    widths = [8, 11, 24, 28, 11, 28] + [7] * (2 * len(Category)) + [9, 9, 11, 18, 16, 12]
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.row_dimensions[2].height = 60
    sheet.freeze_panes = f"{get_column_letter(first_category_col)}4"
    sheet.print_title_rows = "2:3"
    _for_print(sheet)
    if progress:
        sheet.auto_filter.ref = f"A3:{get_column_letter(len(columns))}{row - 1}"


def _ledger_sheet(sheet: Worksheet, lang: Lang, ledger: Sequence[LedgerSheetRow]) -> None:
    keys = ("id", "created", "school", "semester", "tutor", "email", "course", "clause", "category", "hours",
            "date", "note", "source", "session", "entered_by", "reverses", "replaces")
    for index, key in enumerate(keys):
        cell = _put(sheet, 1, index + 1, text(lang, f"hours.xlsx.{key}"))
        cell.font, cell.fill, cell.alignment, cell.border = _BOLD, _HEADER_FILL, _CENTER, _BORDER
    labels = {c: category_label(c, lang) for c in Category}
    # Plain rows (no per-cell borders): a semester's ledger of a whole university is tens of thousands of lines.
    for row, line in enumerate(ledger, start=2):
        for col, value in enumerate([
            line.id, line.created_at, line.school, line.semester, line.tutor, line.tutor_email, line.course,
            CLAUSE[line.category], labels[line.category], line.hours, line.date, line.note,
            line.source, line.session_id, line.entered_by, line.reverses_id, line.replaces_id,
        ], start=1):
            _put(sheet, row, col, value)
        sheet.cell(row, 2).number_format = "dd.mm.yyyy hh:mm"
        sheet.cell(row, 10).number_format = HOURS_FORMAT
        sheet.cell(row, 11).number_format = "dd.mm.yyyy"
    for index, width in enumerate([8, 16, 8, 11, 24, 28, 11, 6, 36, 7, 11, 30, 9, 8, 24, 9, 9]):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    _for_print(sheet)


def _norms_sheet(
    sheet: Worksheet, lang: Lang, norms: Mapping[str, Mapping[Category, tuple[Decimal | None, str]]]
) -> None:
    keys = ("semester", "clause", "category", "norm", "set_by")
    for index, key in enumerate(keys):
        cell = _put(sheet, 1, index + 1, text(lang, f"hours.xlsx.{key}"))
        cell.font, cell.fill, cell.border = _BOLD, _HEADER_FILL, _BORDER
    row = 2
    for semester in sorted(norms):
        for category in Category:
            hours, set_by = norms[semester].get(category, (None, ""))
            values: list[Any] = [semester, CLAUSE[category], category_label(category, lang), hours, set_by]
            for index, value in enumerate(values):
                cell = _put(sheet, row, index + 1, value)
                cell.border = _BORDER
                if isinstance(value, Decimal):
                    cell.number_format = HOURS_FORMAT
            row += 1
    for index, width in enumerate([11, 6, 48, 8, 28]):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    _for_print(sheet)


def _put(sheet: Worksheet, row: int, col: int, value: Any) -> Cell:
    """Write one cell; a string is always text (cleaned, never a formula, quote-prefixed where it looks like one)."""
    cell = cast(Cell, sheet.cell(row, col))
    if isinstance(value, str):
        value = clean_text(value)[:CELL_MAX]
        cell.value = value
        cell.data_type = "s"  # openpyxl makes "=…" a formula; this keeps it the text it is
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True  # Excel shows it as text, and keeps it text when the cell is edited
    else:
        cell.value = value
    return cell


def _for_print(sheet: Worksheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    sheet.print_options.gridLines = False
    sheet.page_margins.left = sheet.page_margins.right = 0.4
