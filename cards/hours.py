"""Cards of the hours feature: the hours card (CONTRACT §7 inputs), progress, history, the school table, export.

Pure: plain data in, Adaptive Card 1.5 JSON out. All figures come from `tutoring.progress.compute_progress`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from cards.base import Json, adaptive_card, command_button, file_consent, file_info, paragraph, plain, title
from cards.charts import ChartColor, Series, grouped_bars
from cards.formats import fmt_date, fmt_hours, fmt_when
from cards.i18n import text
from tutoring.locale import Lang
from tutoring.norms import Category, category_label
from tutoring.progress import CourseProgress
from tutoring.regulation_calendar import hours_grace_until

ACTION_SUBMIT = "hours.submit"
ACTION_CORRECT = "hours.correct"
ACTION_EDIT = "hours.edit"
ACTION_UNDO = "hours.undo"
ACTION_HISTORY = "hours.history"
ACTION_EXPORT_FILE = "hours.export_file"


class HoursInput(StrEnum):
    """The ids of the hours cards' inputs and data: the card builders here and `dialogs.hours`' models use these."""

    COURSE = "course"
    CATEGORY = "category"
    HOURS = "hours"
    DATE = "date"
    NOTE = "note"
    SUBMISSION = "submission"  # the card's submission id: a replay records nothing
    ENTRY = "entry"  # the ledger entry a Correct / Undo button names
    SCHOOL = "school"  # the export consent card's context
    SEMESTER = "semester"


@dataclass(frozen=True)
class CourseChoice:
    id: int
    code: str
    name: str
    semester: str


@dataclass(frozen=True)
class HoursDefaults:
    """What the card is pre-filled with."""

    course_id: int | None
    date: dt.date
    category: Category | None = None
    hours: Decimal | None = None
    note: str | None = None


@dataclass(frozen=True)
class HistoryLine:
    """One ledger line as the history shows it."""

    id: int
    date: dt.date
    course_code: str
    category: Category
    hours: Decimal
    source: str  # card | session
    session_id: int | None
    entered_by: str
    created_at: dt.datetime  # aware
    reverses_id: int | None = None
    replaces_id: int | None = None
    reversed_by: tuple[int, str, dt.datetime] | None = None  # (entry id, who, when)
    correctable: bool = False


def _norm_text(norm: Decimal | None, lang: Lang) -> str:
    return text(lang, "hours.norm.none") if norm is None else text(lang, "hours.norm", norm=fmt_hours(norm, lang))


def hours_card(
    lang: Lang,
    courses: Sequence[CourseChoice],
    defaults: HoursDefaults,
    norms: Mapping[Category, Decimal | None],
    progress: Sequence[CourseProgress],
    *,
    submission: str,
    correcting: HistoryLine | None = None,
) -> Json:
    """The hours card: inputs `course`, `category`, `hours`, `date`, `note`; the Section 7 clause and norm of each
    category; the progress of the tutor's courses. `submission` is the card's own idempotency key."""
    body: list[Json] = []
    if correcting is None:
        body.append(title(text(lang, "hours.card.title")))
    else:
        body.append(title(text(lang, "hours.correct.title", id=correcting.id)))
        body.append(paragraph(text(
            lang, "hours.correct.intro", hours=fmt_hours(correcting.hours, lang),
            label=category_label(correcting.category, lang), date=fmt_date(correcting.date, lang),
        ), subtle=True))
    body += _entry_inputs(lang, courses, defaults, norms)
    body.append({"type": "Container", "separator": True, "items": _clauses(lang, norms)})
    for item in progress:
        body.append({"type": "Container", "separator": True, "items": _progress_blocks(lang, item)})

    data: Json = {HoursInput.SUBMISSION: submission}
    if correcting is None:
        data["action"] = ACTION_SUBMIT
        label = text(lang, "hours.button.submit")
    else:
        data |= {"action": ACTION_CORRECT, HoursInput.ENTRY: correcting.id}
        label = text(lang, "hours.button.correct_submit")
    actions: list[Json] = [{"type": "Action.Submit", "title": label, "style": "positive", "data": data}]
    if correcting is None:
        actions.append(_history_button(lang))
    return adaptive_card(body, actions)


def _entry_inputs(lang: Lang, courses: Sequence[CourseChoice], defaults: HoursDefaults,
                  norms: Mapping[Category, Decimal | None]) -> list[Json]:
    """The five inputs of CONTRACT §7, filled with `defaults` (the last entry, or the one being corrected)."""
    def choice(input_id: HoursInput, field: str, error: str, choices: list[Json], value: str | None) -> Json:
        node: Json = {"type": "Input.ChoiceSet", "id": input_id, "label": text(lang, field), "isRequired": True,
                      "errorMessage": text(lang, error), "style": "compact", "choices": choices}
        return node | ({"value": value} if value is not None else {})

    course = choice(HoursInput.COURSE, "hours.field.course", "hours.error.course.missing",
                    [{"title": f"{c.code} {c.name} ({c.semester})", "value": str(c.id)} for c in courses],
                    str(defaults.course_id) if defaults.course_id is not None else None)
    category = choice(HoursInput.CATEGORY, "hours.field.category", "hours.error.category",
                      [{"title": f"{category_label(c, lang)} ({_norm_text(norms.get(c), lang)})", "value": c.value}
                       for c in Category],
                      defaults.category.value if defaults.category is not None else None)
    hours: Json = {"type": "Input.Text", "id": HoursInput.HOURS, "label": text(lang, "hours.field.hours"),
                   "placeholder": text(lang, "hours.hours.placeholder"), "isRequired": True,
                   "errorMessage": text(lang, "hours.error.hours.missing"), "maxLength": 10}
    if defaults.hours is not None:
        hours["value"] = fmt_hours(defaults.hours, lang)
    date: Json = {"type": "Input.Date", "id": HoursInput.DATE, "label": text(lang, "hours.field.date"),
                  "isRequired": True, "errorMessage": text(lang, "hours.error.date.missing"),
                  "value": defaults.date.isoformat()}
    note: Json = {"type": "Input.Text", "id": HoursInput.NOTE, "label": text(lang, "hours.field.note"),
                  "placeholder": text(lang, "hours.note.placeholder"), "isMultiline": True, "maxLength": 500}
    if defaults.note:
        note["value"] = defaults.note
    return [course, category, hours, date, note]


def _clauses(lang: Lang, norms: Mapping[Category, Decimal | None]) -> list[Json]:
    """Each Section 7 category with its clause and norm, so the tutor picks the right one."""
    clauses: list[Json] = [paragraph(text(lang, "hours.card.intro"), subtle=True)]
    for category in Category:
        clauses.append({
            "type": "TextBlock",
            "text": f"**{category_label(category, lang)}** — {_norm_text(norms.get(category), lang)}",
            "wrap": True,
            "spacing": "Small",
        })
        clauses.append({
            "type": "TextBlock", "text": text(lang, f"hours.clause.{category.value}"), "wrap": True,
            "isSubtle": True, "size": "Small", "spacing": "None",
        })
    return clauses


def _history_button(lang: Lang) -> Json:
    return {"type": "Action.Submit", "title": text(lang, "hours.button.history"), "data": {"action": ACTION_HISTORY}}


def _progress_blocks(lang: Lang, item: CourseProgress, *, with_tutor: bool = False,
                     chart: bool = False) -> list[Json]:
    """A course's progress; with `chart`, a chart of the categories stands for their lines, which stay its
    fallback (what Teams on iOS shows)."""
    course = item.item
    heading = text(lang, "hours.progress.course", code=plain(course.course_code), name=plain(course.course_name),
                   semester=plain(course.semester))
    if with_tutor:
        heading = f"{plain(course.tutor_name)} — {heading}"
    blocks: list[Json] = [{"type": "TextBlock", "text": heading, "weight": "Bolder", "wrap": True}]
    lines = _category_lines(lang, item)
    blocks += [category_chart(lang, item, fallback={"type": "Container", "items": lines})] if chart else lines
    total = text(lang, "hours.progress.total", delivered=fmt_hours(item.delivered_total, lang),
                 norm=fmt_hours(item.norm_total, lang))
    if item.gap_total > 0:
        total += " — " + text(lang, "hours.progress.gap", gap=fmt_hours(item.gap_total, lang))
    else:
        total += " — " + text(lang, "hours.progress.done")
    if item.over_total > 0:
        total += " " + text(lang, "hours.progress.over", over=fmt_hours(item.over_total, lang))
    blocks.append({"type": "TextBlock", "text": total, "weight": "Bolder", "wrap": True})
    blocks += _next_blocks(lang, item)
    return blocks


def _category_lines(lang: Lang, item: CourseProgress) -> list[Json]:
    blocks: list[Json] = []
    for c in item.categories:
        label = category_label(c.category, lang)
        if c.norm is None:
            if c.delivered == 0:
                continue
            line = text(lang, "hours.progress.line.no_norm", label=label, delivered=fmt_hours(c.delivered, lang))
        else:
            line = text(lang, "hours.progress.line", label=label, delivered=fmt_hours(c.delivered, lang),
                        norm=fmt_hours(c.norm, lang))
        block: Json = {"type": "TextBlock", "text": line, "wrap": True, "spacing": "None"}
        if c.over_norm:
            block["text"] = f"{line} {text(lang, 'hours.progress.over', over=fmt_hours(c.over, lang))}"
            block["color"] = "Warning"
        elif c.norm is not None and c.remaining == 0:
            block["color"] = "Good"
        blocks.append(block)
    return blocks


def category_chart(lang: Lang, item: CourseProgress, *, fallback: Json) -> Json:
    """Delivered against the norm per category (documentation, which has no norm, once something is logged)."""
    shown = [c for c in item.categories if c.norm is not None or c.delivered != 0]
    series = [
        Series(text(lang, "charts.hours.delivered"), [c.delivered for c in shown], ChartColor.BLUE),
        Series(text(lang, "charts.hours.norm"), [c.norm or Decimal(0) for c in shown], ChartColor.LILAC),
    ]
    return grouped_bars(text(lang, "charts.progress.title", code=item.item.course_code),
                        [text(lang, f"charts.category.{c.category.value}") for c in shown], series, fallback=fallback)


def _next_blocks(lang: Lang, item: CourseProgress) -> list[Json]:
    point = item.next_control
    if point is None:
        return [paragraph(text(lang, "hours.progress.finished", date=fmt_date(item.item.exam_date, lang),
                               until=fmt_date(hours_grace_until(item.item.exam_date), lang)), subtle=True)]
    where = {"point": text(lang, f"hours.point.{point.kind.value}"), "date": fmt_date(point.date, lang)}
    if not item.missing_before_next:
        return [{"type": "TextBlock", "text": text(lang, "hours.progress.next.ok", **where), "wrap": True,
                 "color": "Good", "spacing": "Small"}]
    lines = [text(lang, "hours.progress.next", **where)] + [
        text(lang, "hours.progress.missing", label=category_label(c.category, lang),
             hours=fmt_hours(c.missing_before_next, lang))
        for c in item.missing_before_next
    ]
    return [{"type": "TextBlock", "text": "\n\n".join(lines), "wrap": True, "color": "Attention", "spacing": "Small"}]


def progress_card(
    lang: Lang,
    name: str,
    today: dt.date,
    progress: Sequence[CourseProgress],
    *,
    headline: str | None = None,
) -> Json:
    """The tutor's progress: per course each category delivered / norm, the total against the norm, over-norm
    flags and what is still missing before the next control point."""
    body: list[Json] = []
    if headline:
        body.append({"type": "TextBlock", "text": headline, "wrap": True, "weight": "Bolder", "color": "Good"})
    body += [
        title(text(lang, "hours.progress.title")),
        paragraph(text(lang, "hours.progress.as_of", date=fmt_date(today, lang), name=plain(name)), subtle=True),
    ]
    if not progress:
        body.append(paragraph(text(lang, "hours.progress.none")))
    for item in progress:
        body.append({"type": "Container", "separator": True, "items": _progress_blocks(lang, item, chart=True)})
    actions = [command_button(text(lang, "hours.button.more"), "hours"), _history_button(lang)]
    return adaptive_card(body, actions)


def history_card(lang: Lang, lines: Sequence[HistoryLine], *, recent_days: int) -> Json:
    body: list[Json] = [
        title(text(lang, "hours.history.title")),
        paragraph(text(lang, "hours.history.hint", days=recent_days), subtle=True),
    ]
    if not lines:
        body.append(paragraph(text(lang, "hours.history.empty")))
    for line in lines:
        label = category_label(line.category, lang)
        items: list[Json] = [{
            "type": "TextBlock",
            "text": text(lang, "hours.history.entry", id=line.id, date=fmt_date(line.date, lang),
                         course=plain(line.course_code), label=label, hours=fmt_hours(line.hours, lang)),
            "wrap": True,
            "weight": "Bolder",
            "color": "Attention" if line.hours < 0 else "Default",
        }]
        source = (text(lang, "hours.source.session", id=line.session_id) if line.source == "session"
                  else text(lang, "hours.source.card"))
        meta = [text(lang, "hours.history.meta", source=source, who=plain(line.entered_by),
                     when=fmt_when(line.created_at, lang))]
        if line.reverses_id is not None:
            meta.append(text(lang, "hours.history.reverses", id=line.reverses_id))
        if line.replaces_id is not None:
            meta.append(text(lang, "hours.history.replaces", id=line.replaces_id))
        if line.reversed_by is not None:
            rid, who, when = line.reversed_by
            meta.append(text(lang, "hours.history.reversed_by", id=rid, who=plain(who), when=fmt_when(when, lang)))
        items.append({"type": "TextBlock", "text": " · ".join(meta), "wrap": True, "isSubtle": True,
                      "size": "Small", "spacing": "None"})
        if line.correctable:
            items.append({"type": "ActionSet", "actions": [
                {"type": "Action.Submit", "title": text(lang, "hours.button.correct", id=line.id),
                 "data": {"action": ACTION_EDIT, HoursInput.ENTRY: line.id}},
                {"type": "Action.Submit", "title": text(lang, "hours.button.undo", id=line.id),
                 "data": {"action": ACTION_UNDO, HoursInput.ENTRY: line.id}},
            ]})
        body.append({"type": "Container", "separator": True, "items": items})
    return adaptive_card(body, [command_button(text(lang, "hours.button.report"), "report")])


def school_card(lang: Lang, scope: str, today: dt.date, progress: Sequence[CourseProgress]) -> Json:
    """The hours of a school (or all schools) for a dean or an admin: one block per tutor and course."""
    body: list[Json] = [
        title(text(lang, "hours.school.title", scope=plain(scope))),
        paragraph(text(lang, "hours.progress.as_of", date=fmt_date(today, lang), name=plain(scope)), subtle=True),
    ]
    if not progress:
        body.append(paragraph(text(lang, "hours.progress.none")))
    for item in progress:
        row = text(lang, "hours.school.row", tutor=plain(item.item.tutor_name), course=plain(item.item.course_code),
                   delivered=fmt_hours(item.delivered_total, lang), norm=fmt_hours(item.norm_total, lang))
        details: list[str] = []
        if item.gap_total > 0:
            details.append(text(lang, "hours.progress.gap", gap=fmt_hours(item.gap_total, lang)))
        else:
            details.append(text(lang, "hours.progress.done"))
        for c in item.over_norm:
            details.append(f"{category_label(c.category, lang)} "
                           f"{text(lang, 'hours.progress.over', over=fmt_hours(c.over, lang))}")
        items: list[Json] = [
            {"type": "TextBlock", "text": row, "wrap": True, "weight": "Bolder"},
            {"type": "TextBlock", "text": "; ".join(details), "wrap": True, "isSubtle": True, "spacing": "None"},
        ]
        items += _next_blocks(lang, item)
        body.append({"type": "Container", "separator": True, "items": items})
    body.append(paragraph(text(lang, "hours.school.hint"), subtle=True))
    return adaptive_card(body, [command_button("export hours", "export hours")])


def export_card(lang: Lang, *, scope: str, command: str, rows: int, entries: int) -> Json:
    body: list[Json] = [
        title(text(lang, "hours.export.title")),
        {"type": "FactSet", "facts": [
            {"title": text(lang, "hours.export.scope"), "value": plain(scope)},
            {"title": text(lang, "hours.export.rows"), "value": str(rows)},
            {"title": text(lang, "hours.export.entries"), "value": str(entries)},
        ]},
        paragraph(text(lang, "hours.export.allow")),
        paragraph(text(lang, "hours.export.console", command=command), subtle=True),
    ]
    return adaptive_card(body)


def export_consent_attachment(lang: Lang, *, name: str, size: int, scope: str, context: Json) -> Json:
    return file_consent(name=name, size=size, context=context,
                        description=text(lang, "hours.export.description", scope=scope))


def export_file_info(upload: Mapping[str, object]) -> Json:
    return file_info(upload, "xlsx")
