"""The dean's weekly summary card: totals, problems first (most urgent first), then the table, then the export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date

from cards.base import Json, adaptive_card, command_button, paragraph, plain, title
from cards.i18n import text
from cards.summary_charts import summary_charts
from tutoring.locale import Lang
from tutoring.weekly import CourseProblem, ProblemKind, WeeklySummary

MAX_PROBLEMS = 8
MAX_ROWS = 12


def _hours(value: Decimal | int, lang: Lang) -> str:
    """2.50 -> "2,5" in ru and kk, "2.5" in en; 11.00 -> "11"."""
    number = f"{Decimal(value).normalize():f}"
    return number if lang == "en" else number.replace(".", ",")


def _day(day: dt.date, lang: Lang) -> str:
    return format_date(day, "d MMM", locale={"ru": "ru", "kk": "kk", "en": "en"}[lang])


def _duration(value: dt.timedelta | None, lang: Lang) -> str:
    if value is None:
        return text(lang, "summary.none")
    hours = Decimal(value.total_seconds() / 3600).quantize(Decimal("0.1"))
    return text(lang, "summary.value.hours", hours=_hours(hours, lang))


def problem_line(problem: CourseProblem, lang: Lang) -> str:
    who = f"**{plain(problem.tutor_name)}** · {plain(problem.course_code)}: "
    match problem.kind:
        case ProblemKind.CONSULTATION_MISSING:
            what = text(lang, "summary.problem.consultation_missing",
                        control=text(lang, f"summary.control.{problem.control}"), days=problem.days_left)
        case ProblemKind.INTRO_MISSING:
            what = text(lang, "summary.problem.intro_missing")
        case ProblemKind.QUESTIONS_OVERDUE:
            what = text(lang, "summary.problem.questions_overdue", count=problem.count)
        case ProblemKind.HOURS_BEHIND:
            what = text(lang, "summary.problem.hours_behind", hours=_hours(problem.hours, lang),
                        control=text(lang, f"summary.control_before.{problem.control}"))
    return who + what


def control_block(lang: Lang, lines: list[str]) -> list[Json]:
    """7.3 per course: students behind on deadlines, proctoring reports waiting and the oldest's age."""
    if not lines:
        return []
    return [{**title(text(lang, "deadlines.summary.title")), "size": "Default", "color": "Attention"},
            paragraph("\n".join(f"- {plain(line)}" for line in lines[:MAX_PROBLEMS]))]


def summary_card(summary: WeeklySummary, lang: Lang, as_of: dt.date, *, export_command: str | None,
                 control: list[str] | None = None) -> Json:
    week = summary.week
    body: list[Json] = [
        title(text(lang, "summary.title", school=plain(summary.school))),
        paragraph(text(lang, "summary.period", week=str(week), monday=_day(week.monday, lang),
                       sunday=_day(week.sunday, lang), asof=_day(as_of, lang)), subtle=True),
    ]
    if summary.untutored:
        body.append({**title(text(lang, "appoint.summary.untutored")), "size": "Default", "color": "Attention"})
        body.append(paragraph("\n".join(f"- {label}" for label in summary.untutored[:MAX_PROBLEMS])))
    if summary.overdue_sheets:
        body.append({**title(text(lang, "gradesheets.summary.title")), "size": "Default", "color": "Attention"})
        body.append(paragraph("\n".join(f"- {line}" for line in summary.overdue_sheets[:MAX_PROBLEMS])))
    body += control_block(lang, control or [])
    if not summary.rows:
        body.append(paragraph(text(lang, "summary.empty")))
        return adaptive_card(body)
    totals = summary.totals
    body.append({"type": "FactSet", "facts": [
        {"title": text(lang, "summary.fact.hours_week"),
         "value": text(lang, "summary.value.hours", hours=_hours(totals["hours_week"], lang))},
        {"title": text(lang, "summary.fact.hours_semester"),
         "value": text(lang, "summary.value.hours_semester", delivered=_hours(totals["hours_delivered"], lang),
                       norm=_hours(totals["hours_norm"], lang))},
        {"title": text(lang, "summary.fact.sessions"), "value": str(totals["sessions_held"])},
        {"title": text(lang, "summary.fact.questions"),
         "value": text(lang, "summary.value.questions", received=totals["questions_received"],
                       answered=totals["questions_answered"], overdue=totals["questions_overdue"])},
        {"title": text(lang, "summary.fact.median"), "value": _duration(summary.median_response, lang)},
    ]})
    body.append({**title(text(lang, "summary.problems")), "size": "Default", "color": "Attention",
                 "separator": True, "spacing": "Medium"})
    if summary.problems:
        lines = [f"- {problem_line(p, lang)}" for p in summary.problems[:MAX_PROBLEMS]]
        body.append(paragraph("\n".join(lines)))
        if len(summary.problems) > MAX_PROBLEMS:
            body.append(paragraph(text(lang, "summary.more_problems", count=len(summary.problems) - MAX_PROBLEMS),
                                  subtle=True))
    else:
        body.append(paragraph(text(lang, "summary.no_problems")))
    body += summary_charts(summary, lang)
    body.append({**title(text(lang, "summary.table")), "size": "Default", "separator": True, "spacing": "Medium"})
    facts: list[Json] = []
    for row in summary.rows[:MAX_ROWS]:
        item = row.progress.item
        facts.append({
            "title": plain(f"{item.course_code} · {item.tutor_name}"),
            "value": text(lang, "summary.row", delivered=_hours(row.progress.delivered_total, lang),
                          norm=_hours(row.progress.norm_total, lang), week_hours=_hours(row.hours_this_week, lang),
                          sessions=row.sessions.held_this_week, received=row.questions.received,
                          overdue=row.questions.overdue + row.questions.open_overdue),
        })
    body.append({"type": "FactSet", "facts": facts})
    if len(summary.rows) > MAX_ROWS:
        body.append(paragraph(text(lang, "summary.more_rows", count=len(summary.rows) - MAX_ROWS), subtle=True))
    actions = [command_button(text(lang, "summary.export"), export_command)] if export_command else None
    return adaptive_card(body, actions)
