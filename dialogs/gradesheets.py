"""`gradesheets`: the AIS grade sheets after RK1, RK2 and the exam (Regulation 7.4, CONTRACT §11). The tutor marks
each one filled (once, who and when kept), may log the time as documentation from the same card, is reminded once
on or after the due day, and the dean's report and weekly summary list the overdue ones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import Field

from cards.formats import fmt_date, fmt_hours
from cards.gradesheets import ACTION_FILLED, SheetInput, SheetLine, control_label, gradesheets_card
from cards.i18n import text
from dialogs.router import Reply, Router, Turn
from dialogs.submission import Submission, Text
from storage import Database, UnitOfWork
from storage.hours import HoursSource
from storage.models import Course
from tutoring.clock import Clock, local_date
from tutoring.gradesheets import SheetDue, parse_control, sheets_due
from tutoring.hours_rules import CourseWindow, check_entry
from tutoring.locale import lang_from_locale
from tutoring.norms import Category
from tutoring.regulation_calendar import GRADESHEET_DAYS, CourseDates
from tutoring.response_time import quiet_hours
from tutoring.roles import Command

router = Router("gradesheets")


def _dates(course: Course) -> CourseDates:
    return CourseDates(course.start_date, course.rk1_date, course.rk2_date, course.exam_date)


async def _open_sheets(uow: UnitOfWork, courses: list[Course], today: dt.date, days: int) -> list[SheetDue]:
    """The sheets of these courses that are due by `today` and not marked filled."""
    marked = await uow.gradesheets.of_courses([c.id for c in courses])
    return [s for c in courses for s in sheets_due(c.id, _dates(c), today, days)
            if (row := marked.get((c.id, s.control.value))) is None or row.filled_at is None]


async def _card(turn: Turn, courses: list[Course]) -> Reply | None:
    sheets = await _open_sheets(turn.uow, courses, turn.today, turn.gradesheet_days)
    if not sheets:
        return None
    by_id = {c.id: c for c in courses}
    lines = [SheetLine(by_id[s.course_id].code, by_id[s.course_id].name, s.control.value, s.control_date, s.due,
                       s.overdue(turn.today)) for s in sheets]
    return Reply(card=gradesheets_card(turn.lang, lines, days=turn.gradesheet_days))


@router.command(Command.GRADESHEETS, "ведомости", "ведомостар")
async def gradesheets(turn: Turn) -> list[Reply]:
    card = await _card(turn, await turn.uow.people.courses_of(turn.person, turn.today))
    return [card or Reply(text=text(turn.lang, "gradesheets.none"))]


class FilledSubmission(Submission):
    """"Filled in the AIS" on one sheet: its course code and control point, and the time spent (optional)."""

    course: Text = Field("", alias=SheetInput.COURSE)
    control: Text = Field("", alias=SheetInput.CONTROL)
    hours: Text = Field("", alias=SheetInput.HOURS)


@router.action(ACTION_FILLED, command=Command.GRADESHEETS, model=FilledSubmission)
async def filled(turn: Turn, form: FilledSubmission) -> list[Reply]:
    courses = await turn.uow.people.courses_of(turn.person, turn.today)
    course = next((c for c in courses if c.code.lower() == form.course.lower()), None)
    control = parse_control(form.control)
    due = [s for s in sheets_due(course.id, _dates(course), turn.today, turn.gradesheet_days)
           if s.control is control] if course is not None and control is not None else []
    if course is None or control is None or not due:
        return [Reply(text=text(turn.lang, "gradesheets.error.sheet"))]
    label = control_label(turn.lang, control.value)
    sheet = await turn.uow.gradesheets.sheet(course.id, control.value)
    if sheet.filled_at is not None:  # a second click, or a retry: nothing changes
        who = sheet.filled_by.name if sheet.filled_by else "—"
        return [Reply(text=text(turn.lang, "gradesheets.already", control=label, course=course.code, who=who,
                                when=fmt_date(local_date(sheet.filled_at), turn.lang)))]
    logged = ""
    if form.hours:
        problem = await _log_documentation(turn, course, control.value, form.hours)
        if isinstance(problem, str):
            return [Reply(text=problem)]
        logged = text(turn.lang, "gradesheets.marked.hours", hours=fmt_hours(problem, turn.lang))
    sheet.filled_by_id, sheet.filled_at = turn.person.id, turn.now
    said = text(turn.lang, "gradesheets.marked", control=label, course=course.code) + logged
    card = await _card(turn, courses)
    return [Reply(text=said)] + ([Reply(card=card.card, update=True)] if card is not None else [])


async def _log_documentation(turn: Turn, course: Course, control: str, raw: str) -> Decimal | str:
    """The time spent, as a 7.4 documentation line of the ledger; the hours rules decide (a message if not)."""
    windows = {course.id: CourseWindow(course.id, course.start_date, course.exam_date)}
    data: dict[str, object] = {"course": str(course.id), "category": Category.DOCUMENTATION.value, "hours": raw,
                               "date": turn.today.isoformat()}
    draft, problems = check_entry(data, courses=windows, today=turn.today,
                                  logged_that_day=await turn.uow.hours.day_totals(turn.person.id))
    if draft is None:
        problem = problems[0]
        return text(turn.lang, problem.key, **problem.values)
    await turn.uow.hours.add(key=f"gradesheet:{course.id}:{control}", tutor_id=turn.person.id, course_id=course.id,
                             category=Category.DOCUMENTATION, hours=draft.hours, date=draft.date,
                             entered_by_id=turn.person.id, now=turn.now, note=f"AIS {control}",
                             source=HoursSource.CARD)
    return draft.hours


# --- what the dean sees ------------------------------------------------------------------------------------------
async def overdue_lines(uow: UnitOfWork, school_id: int, semester: str | None, today: dt.date, lang: str,
                        days: int = GRADESHEET_DAYS) -> list[str]:
    """Each overdue sheet of the school's offerings in the semester: course code, control point, tutor."""
    if not semester:
        return []
    courses = await uow.gradesheets.courses(semester, school_id)
    tutors = await uow.gradesheets.tutors([c.id for c in courses])
    by_id = {c.id: c for c in courses}
    language = lang_from_locale(lang)
    lines: list[str] = []
    for sheet in await _open_sheets(uow, courses, today, days):
        if sheet.overdue(today):
            names = ", ".join(t.name for t in tutors[sheet.course_id]) or text(language, "gradesheets.no_tutor")
            lines.append(text(language, "gradesheets.summary.line", course=by_id[sheet.course_id].code,
                              control=control_label(language, sheet.control.value), tutors=names,
                              due=fmt_date(sheet.due, language)))
    return lines


# --- the reminder sweep ------------------------------------------------------------------------------------------
async def sweep(uow: UnitOfWork, now: dt.datetime, days: int = GRADESHEET_DAYS) -> int:
    """Remind the tutors once about each sheet not marked on or after its due day (not at night)."""
    if quiet_hours(now):
        return 0
    today = local_date(now)
    semester = await uow.people.current_semester(today)
    if not semester:
        return 0
    courses = await uow.gradesheets.courses(semester)
    tutors = await uow.gradesheets.tutors([c.id for c in courses])
    by_id = {c.id: c for c in courses}
    reminded = 0
    for due in await _open_sheets(uow, courses, today, days):
        if today < due.due:
            continue
        sheet = await uow.gradesheets.sheet(due.course_id, due.control.value)
        if sheet.reminded_at is not None:
            continue
        course = by_id[due.course_id]
        for tutor in tutors[due.course_id]:
            lang = lang_from_locale(tutor.locale)
            await uow.outbox.to_person(tutor, f"gradesheet:{course.id}:{due.control.value}:reminder:{tutor.id}", {
                "type": "message", "text": text(lang, "gradesheets.reminder", course=f"{course.code} {course.name}",
                                                control=control_label(lang, due.control.value),
                                                due=fmt_date(due.due, lang))})
        sheet.reminded_at = now
        reminded += 1
    return reminded


async def run_sweep(database: Database, clock: Clock, days: int = GRADESHEET_DAYS) -> int:
    async with database.unit_of_work() as uow:
        return await sweep(uow, clock.now(), days)
