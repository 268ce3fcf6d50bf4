"""The integration map as the university's document: a DOCX laid out as Appendix 1 of П-УОО-04.

Title and goal, Part 1 (a two-column table), Part 2 (the MOOCs with their match in percent), Part 3 (the
chosen model with its text from the regulation), Part 4 on landscape pages (the model again as 4.1, the
schedule table of 4.2: weeks 1–15 with the consultation and control rows where Appendix 1 puts them), and the
signature block "Составлено / Согласовано". In the course's language (Russian by default). Pure: data in,
bytes out; used by the Teams button (through the dialog) and by `python -m bot export map`.

The file says it is the bot's: author "Tutorbot", the course as its title, the document's language (also on the
default run style, so Word's spelling check uses it) and the export's time, not python-docx's template values.
Every text goes through `clean_text`: a topic pasted from Word with a vertical tab would otherwise stop the export.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from typing import Any, cast

import docx.oxml
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Length, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from cards.formats import fmt_date, fmt_day_month, fmt_number
from cards.i18n import text
from tutoring.integration_map import (
    COURSE_PART,
    MOOC_COLUMNS,
    MOOC_ROW,
    SCHEDULE_COLUMNS,
    WEEK_ROW,
    ControlRow,
    Field,
    Kind,
    MapDocument,
    MapState,
    WeekPlan,
    control_row,
    is_url,
    model_text,
    schedule,
)
from tutoring.locale import Lang
from tutoring.regulation_calendar import week_dates
from tutoring.text import clean_text

P = "integration_map."
# python-docx has no API for links, shading or repeated header rows: those are raw XML, typed loosely here.
OxmlElement = cast(Callable[[str], Any], getattr(docx.oxml, "OxmlElement"))  # noqa: B009
FONT = "Times New Roman"
GREY = RGBColor(0x59, 0x59, 0x59)
# Part 4's seven columns on a landscape A4 page (25.7 cm between 2 cm margins).
CONTROL_FILL = "F2F2F2"  # the RK1, RK2 and final control rows stand out, as the bold rows of the template
SCHEDULE_WIDTHS = (Cm(2.0), Cm(6.2), Cm(1.6), Cm(4.3), Cm(3.3), Cm(3.0), Cm(5.3))
AUTHOR = "Tutorbot"
LANGUAGE_TAG: dict[Lang, str] = {"ru": "ru-RU", "kk": "kk-KZ", "en": "en-US"}


def render_map_docx(doc: MapDocument, *, now: dt.datetime) -> bytes:
    """The document as of `now` (aware; its created and modified time)."""
    document = Document()
    _properties(document, doc, now)
    _base_style(document)
    _page(document.sections[0], landscape=False)
    _title(document, doc)
    _part1(document, doc)
    _part2(document, doc)
    # Part 3
    _heading(document, _t(doc, "doc.part3"))
    _subheading(document, _t(doc, "doc.part3_1"))
    _model_paragraph(document, doc)
    # Part 4, landscape
    _page(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    _heading(document, _t(doc, "doc.part4"))
    _subheading(document, _t(doc, "doc.part4_1"))
    _model_paragraph(document, doc)
    _subheading(document, _t(doc, "doc.part4_2"))
    _schedule_table(document, doc)
    _signatures(document, doc)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _t(doc: MapDocument, key: str, **values: object) -> str:
    return text(doc.lang, P + key, **values)


def _title(document: DocxDocument, doc: MapDocument) -> None:
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, _t(doc, "doc.title") + " ", bold=True, size=14)
    _run(title, doc.content.course.discipline or doc.facts.name, bold=True, size=14, underline=True)
    status = _status(doc)
    if status:
        line = document.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(line, status, italic=True, size=10, color=GREY)
    goal = document.add_paragraph()
    _run(goal, _t(doc, "doc.goal") + " ", bold=True)
    _run(goal, _t(doc, "doc.goal_text"))


def _part1(document: DocxDocument, doc: MapDocument) -> None:
    """Part 1's table: a row per DOCX cell of the part's fields (`COURSE_PART`), labelled `doc.f.<cell>`."""
    _heading(document, _t(doc, "doc.part1"))
    cells = doc_cells(doc.lang, doc.content.course, COURSE_PART, sep=" / ")
    table = _table(document, len(cells), 2, (Cm(7.0), Cm(10.0)))
    for i, (name, (value, link)) in enumerate(cells.items()):
        _fill(table.cell(i, 0), _t(doc, f"doc.f.{name}"), bold=True)
        _fill(table.cell(i, 1), value, link=link)


def _part2(document: DocxDocument, doc: MapDocument) -> None:
    _heading(document, _t(doc, "doc.part2"))
    _subheading(document, _t(doc, "doc.part2_1"))
    moocs = doc.content.moocs
    table = _table(document, len(moocs) + 1, len(MOOC_COLUMNS), (Cm(1.0), Cm(6.5), Cm(6.5), Cm(3.0)))
    for col, name in enumerate(MOOC_COLUMNS):
        _fill(table.cell(0, col), _t(doc, f"doc.mooc.{name}"), bold=True, shade=True)
    _repeat_header(table)
    for i, mooc in enumerate(moocs, start=1):
        cells = doc_cells(doc.lang, mooc, MOOC_ROW) | {"no": (str(i), None)}
        for col, name in enumerate(MOOC_COLUMNS):
            value, link = cells.get(name, ("", None))
            _fill(table.cell(i, col), value, link=link)


Cell = tuple[str, str | None]  # a DOCX cell's text and the link in it


def doc_cells(lang: Lang, row: object, fields: tuple[Field, ...], *, sep: str = "\n") -> dict[str, Cell]:
    """One row of a part as its DOCX cells, from the field protocol: each field's value shown in the document's
    language, fields sharing a cell joined by `sep`, a URL field's value as the cell's link."""
    texts: dict[str, list[str]] = {}
    links: dict[str, str] = {}
    for f in fields:
        if not f.doc_cell:
            continue
        value = _shown(lang, f, getattr(row, f.attribute))
        texts.setdefault(f.doc_cell, []).extend([value] if value else [])
        if f.kind is Kind.URL and value:
            links[f.doc_cell] = value
    return {cell: (sep.join(values), links.get(cell)) for cell, values in texts.items()}


def _shown(lang: Lang, f: Field, value: Any) -> str:
    match f.kind:
        case Kind.NUMBER:
            return fmt_number(value, lang, places=4)
        case Kind.PERCENT:
            return "" if value is None else f"{value}%"
        case Kind.CHOICE:
            return text(lang, P + f"{f.name}.{value}") if value else ""
        case Kind.CHOICES:
            return "\n".join(text(lang, P + f"{f.name}.{v}") for v in value)
        case Kind.DATE:
            return fmt_date(value, lang) if value else ""
        case _:
            return str(value)


# --- pieces ------------------------------------------------------------------------------------------------


def _status(doc: MapDocument) -> str:
    lang = doc.lang
    if doc.version == 0 and doc.latest_version:  # the working draft of a map that has versions
        return text(lang, P + "doc.status.draft_after", n=doc.latest_version,
                    state=text(lang, P + f"state.{doc.latest_state.value}"))
    if doc.version == 0:
        return text(lang, P + "doc.status.draft")
    if doc.state is MapState.APPROVED:
        day = fmt_date(doc.approved_on, lang) if doc.approved_on else ""
        return text(lang, P + "doc.status.approved", n=doc.version, date=day)
    return text(lang, P + f"doc.status.{doc.state.value}", n=doc.version)


def _properties(document: DocxDocument, doc: MapDocument, now: dt.datetime) -> None:
    properties = document.core_properties
    properties.author = properties.last_modified_by = AUTHOR
    properties.title = clean_text(f"{doc.facts.code} — {doc.facts.name}")
    properties.subject = text(doc.lang, P + "doc.title").rstrip(" :")
    properties.comments = ""  # the template says "generated by python-docx"
    properties.language = LANGUAGE_TAG[doc.lang]
    moment = now.astimezone(dt.UTC).replace(microsecond=0)
    properties.created = properties.modified = moment
    properties.revision = 1
    # The default run style's language: what Word checks the spelling in (the template has en-US).
    styles: Any = document.styles.element
    for lang_element in styles.findall(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"):
        lang_element.set(qn("w:val"), LANGUAGE_TAG[doc.lang])


def _base_style(document: DocxDocument) -> None:
    style = cast(Any, document.styles["Normal"])  # a ParagraphStyle; its `font` is untyped
    style.font.name = FONT
    style.font.size = Pt(11)
    # Cyrillic text takes the East Asian / complex-script font slots in some Word versions: set them all.
    fonts = style.element.rPr.rFonts
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(4)


def _page(section: Section, *, landscape: bool) -> None:
    width, height = Cm(21.0), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = Cm(1.8)
    section.bottom_margin = Cm(1.8)


def _run(paragraph: Paragraph, value: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
         underline: bool = False, color: RGBColor | None = None) -> None:
    run = paragraph.add_run(clean_text(value))
    run.bold = bold or None
    run.italic = italic or None
    run.underline = underline or None
    if size is not None:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color


def _heading(document: DocxDocument, value: str) -> None:
    paragraph: Paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.paragraph_format.keep_with_next = True
    _run(paragraph, value, bold=True, size=12)


def _subheading(document: DocxDocument, value: str) -> None:
    paragraph: Paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    _run(paragraph, value, bold=True)


def _model_paragraph(document: DocxDocument, doc: MapDocument) -> None:
    paragraph: Paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if doc.content.model is None:
        _run(paragraph, text(doc.lang, P + "doc.no_model"), italic=True)
        return
    name, description = model_text(doc.content.model, doc.lang)
    _run(paragraph, name + ": ", bold=True)
    _run(paragraph, description if doc.lang == "en" else continued(description))


def continued(description: str) -> str:
    """A model's description after "Name: ": its first word lower-cased, unless it is an abbreviation ("МООК
    используется…" stays, where "мООК" was printed)."""
    first = description.split(" ", 1)[0]
    return description if first.isupper() else description[0].lower() + description[1:]


def _table(document: DocxDocument, rows: int, cols: int, widths: tuple[Length, ...]) -> Table:
    table: Table = document.add_table(rows=rows, cols=cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Word reads the cells' widths, LibreOffice the grid's: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    return table


def _fill(cell: Any, value: str, *, bold: bool = False, shade: bool | str = False, size: float = 10,
          link: str | None = None, center: bool = False, small: str | None = None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    value = clean_text(value)
    lines = value.split("\n") if value else [""]
    for i, line in enumerate(lines):
        if i:
            paragraph = cell.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
        if link and line == link and is_url(link):
            _hyperlink(paragraph, link, size)
        else:
            _run(paragraph, line, bold=bold, size=size)
    if small:
        extra = cell.add_paragraph()
        extra.paragraph_format.space_after = Pt(0)
        if center:
            extra.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(extra, small, size=size - 2, color=GREY)
    if shade:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), shade if isinstance(shade, str) else "E7E6E6")
        cell._tc.get_or_add_tcPr().append(shading)


def _hyperlink(paragraph: Paragraph, url: str, size: float) -> None:
    """A real, clickable link (python-docx has no API for it)."""
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0563C1")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    font_size = OxmlElement("w:sz")
    font_size.set(qn("w:val"), str(int(size * 2)))
    props.extend([color, underline, font_size])
    run.append(props)
    value = OxmlElement("w:t")
    value.text = clean_text(url)
    run.append(value)
    link.append(run)
    cast(Any, paragraph)._p.append(link)


def _repeat_header(table: Table) -> None:
    """Repeat the header row on every page the table runs over."""
    tr_pr = cast(Any, table.rows[0])._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _schedule_table(document: DocxDocument, doc: MapDocument) -> None:
    lang = doc.lang
    rows = schedule(doc.content, doc.facts.start_date)
    table = _table(document, len(rows) + 1, len(SCHEDULE_COLUMNS), SCHEDULE_WIDTHS)
    for col, name in enumerate(SCHEDULE_COLUMNS):
        _fill(table.cell(0, col), text(lang, P + f"doc.col.{name}"), bold=True, shade=True, size=9, center=True)
    _repeat_header(table)
    for i, row in enumerate(rows, start=1):
        cells = table.rows[i].cells
        if isinstance(row, WeekPlan):
            first, last = week_dates(doc.facts.start_date, row.week)
            _fill(cells[0], str(row.week), size=9, center=True,
                  small=f"{fmt_day_month(first, lang)}–{fmt_day_month(last, lang)}")
            _row_cells(cells, doc_cells(lang, row, WEEK_ROW), first=1)
        else:
            _control_cells(lang, cells, row)


def _row_cells(cells: Sequence[Any], values: dict[str, Cell], *, first: int, shade: bool | str = False) -> None:
    """The schedule's columns from `first` on, each from its cell of the field protocol (empty when none)."""
    for col in range(first, len(SCHEDULE_COLUMNS)):
        name = SCHEDULE_COLUMNS[col]
        value, link = values.get(name, ("", None))
        _fill(cells[col], value, size=9, link=link, shade=shade, center=name == "hours")


def _control_cells(lang: Lang, cells: Sequence[Any], row: ControlRow) -> None:
    name = text(lang, P + f"control.{row.kind.value}")
    when = fmt_date(row.date, lang) if row.date else ""
    values = doc_cells(lang, row, control_row(row.kind))
    if row.is_consultation:
        _fill(cells[0], "", size=9)
        _fill(cells[1], name, size=9, small=when or None)
        _row_cells(cells, values, first=2)
        return
    merged = cells[0].merge(cells[1])
    _fill(merged, name, bold=True, size=9, small=when or None, shade=CONTROL_FILL)
    _row_cells(cells, values, first=2, shade=CONTROL_FILL)


def _signatures(document: DocxDocument, doc: MapDocument) -> None:
    lang = doc.lang
    placeholder = text(lang, P + "doc.name_placeholder")
    lines = [
        ("doc.compiled", [("doc.lecturer", doc.lecturer, None)]),
        ("doc.agreed", [("doc.program_leader", doc.program_leader, doc.program_leader_on),
                        ("doc.director", doc.director, doc.director_on)]),
    ]
    spacer: Paragraph = document.add_paragraph()
    spacer.paragraph_format.space_before = Pt(10)
    for header, people in lines:
        heading: Paragraph = document.add_paragraph()
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.space_before = Pt(6)
        _run(heading, text(lang, P + header), bold=True)
        for role, name, day in people:
            paragraph: Paragraph = document.add_paragraph()
            tab_stops = cast(Any, paragraph.paragraph_format.tab_stops)
            tab_stops.add_tab_stop(Cm(7.5))
            tab_stops.add_tab_stop(Cm(12.5))
            _run(paragraph, text(lang, P + role) + "\t" + "_" * 22 + "\t")
            _run(paragraph, name or placeholder, italic=name is None)
            if day is not None:  # each signature with its day (the УОО signs after the school)
                _run(paragraph, "\t" + fmt_date(day, lang))
