"""`deadlines` (Regulation 7.3, CONTRACT §9). A student: my upcoming and missed work with its status, `deadlines
off` / `on` for the reminders. A tutor: per course, who has not handed in what is overdue or due within 7 days, with
Remind and Remind all, each reminder recorded once. The 48-hour reminder sweep, and what the reports count."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from cards.deadlines import (
    ACTION_REMIND,
    ACTION_REMIND_ALL,
    BehindRow,
    RemindInput,
    StudentLine,
    Work,
    report_card,
    student_card,
    tutor_card,
)
from cards.formats import fmt_when
from cards.i18n import text
from dialogs.guards import personal_chat
from dialogs.router import Refusal, Reply, Router, Turn
from dialogs.submission import Id, Submission
from storage import Database, UnitOfWork
from storage.deadlines import WorkStanding
from storage.models import Course, Person
from storage.outbox import EnqueueOutcome
from tutoring.clock import Clock, local_date
from tutoring.deadlines import REMIND_BEFORE
from tutoring.locale import Lang, lang_from_locale
from tutoring.response_time import quiet_hours
from tutoring.roles import Command, Role

router = Router("deadlines")
OFF_WORDS = ("off", "выкл", "өшіру")
ON_WORDS = ("on", "вкл", "қосу")


@router.command(Command.DEADLINES, "сроки", "мерзімдер")
async def deadlines(turn: Turn) -> list[Reply]:
    personal_chat(turn, "deadlines.error.channel")  # names and marks of students: never in a shared conversation
    word = turn.args.strip().lower()
    if word in OFF_WORDS or word in ON_WORDS:
        if turn.role is not Role.STUDENT:
            raise Refusal("deadlines.students_only")
        off = word in OFF_WORDS
        changed = await turn.uow.deadlines.set_off(turn.person.id, off, turn.now)
        key = ("off" if off else "on") if changed else ("already_off" if off else "already_on")
        return [Reply(text=text(turn.lang, f"deadlines.{key}"))]
    if word:
        raise Refusal("deadlines.usage")
    courses = await turn.uow.people.courses_of(turn.person, turn.today)
    if turn.role is Role.STUDENT:
        return [await _student_reply(turn, courses)]
    return await _tutor_replies(turn, courses)


async def _student_reply(turn: Turn, courses: list[Course]) -> Reply:
    work = await turn.uow.deadlines.work([c.id for c in courses], student_id=turn.person.id)
    if not work:
        return Reply(text=text(turn.lang, "deadlines.student.none"))
    codes = {c.id: c.code for c in courses}
    lines = [StudentLine(codes[w.assignment.course_id], w.assignment.title, w.standing.due, w.standing.cutoff,
                         w.standing.status(turn.now)) for w in work]
    preference = await turn.uow.deadlines.preference(turn.person.id)
    return Reply(card=student_card(turn.lang, lines, turn.now, reminders_off=bool(preference and preference.off)))


# --- the tutor -----------------------------------------------------------------------------------------------------
async def _pending(uow: UnitOfWork, course: Course, now: dt.datetime) -> list[WorkStanding]:
    """The course's students' work not handed in, overdue or due within 7 days."""
    return [w for w in await uow.deadlines.work([course.id]) if w.standing.for_tutor(now)]


async def _rows(uow: UnitOfWork, pending: list[WorkStanding], now: dt.datetime) -> list[BehindRow]:
    reminded = await uow.deadlines.reminded(sorted({w.assignment.id for w in pending}), "tutor")
    by_student: dict[int, list[WorkStanding]] = {}
    for w in pending:
        by_student.setdefault(w.student.id, []).append(w)
    rows = [BehindRow(works[0].student.id, works[0].student.name,
                      [Work(w.assignment.title, w.standing.due, w.standing.due < now) for w in works],
                      all((w.assignment.id, w.student.id) in reminded for w in works))
            for works in by_student.values()]
    # The most overdue first; among equals, by name.
    return sorted(rows, key=lambda r: (r.reminded, min(w.due for w in r.works), r.name))


async def _course_card(turn: Turn, course: Course) -> Reply | None:
    rows = await _rows(turn.uow, await _pending(turn.uow, course, turn.now), turn.now)
    if not rows:
        return None
    return Reply(card=tutor_card(turn.lang, f"{course.code} {course.name}", course.id, rows))


async def _tutor_replies(turn: Turn, courses: list[Course]) -> list[Reply]:
    if not await turn.uow.deadlines.assignments([c.id for c in courses]):
        return [Reply(text=text(turn.lang, "deadlines.tutor.no_assignments"))]
    cards = [card for c in courses if (card := await _course_card(turn, c)) is not None]
    return cards or [Reply(text=text(turn.lang, "deadlines.tutor.none"))]


class RemindButton(Submission):
    """Remind (one student of a course) or Remind all (the course): the ids the tutor's card carries."""

    course: Id = Field(None, alias=RemindInput.COURSE)
    student: Id = Field(None, alias=RemindInput.STUDENT)


async def _own_course(turn: Turn, course_id: int | None) -> Course:
    course = next((c for c in await turn.uow.people.courses_of(turn.person, turn.today) if c.id == course_id), None)
    if course is None or turn.role is not Role.TUTOR:
        raise Refusal("deadlines.error.not_yours")
    return course


@router.action(ACTION_REMIND, command=Command.DEADLINES_REMIND, model=RemindButton)
async def remind(turn: Turn, form: RemindButton) -> list[Reply]:
    course = await _own_course(turn, form.course)
    pending = [w for w in await _pending(turn.uow, course, turn.now) if w.student.id == form.student]
    if not pending:
        raise Refusal("deadlines.error.not_yours")
    return await _remind(turn, course, pending)


@router.action(ACTION_REMIND_ALL, command=Command.DEADLINES_REMIND, model=RemindButton)
async def remind_all(turn: Turn, form: RemindButton) -> list[Reply]:
    course = await _own_course(turn, form.course)
    pending = await _pending(turn.uow, course, turn.now)
    if not pending:
        raise Refusal("deadlines.error.not_yours")
    return await _remind(turn, course, pending)


async def _remind(turn: Turn, course: Course, pending: list[WorkStanding]) -> list[Reply]:
    """One message per student and assignment, once: the claimed row and the queued message share the turn."""
    sent = 0
    unreachable: set[int] = set()
    for w in pending:
        if not await turn.uow.deadlines.claim_reminder(w.assignment.id, w.student.id, "tutor", turn.now,
                                                       turn.person.id):
            continue  # a replayed click, or reminded before
        lang = lang_from_locale(w.student.locale)
        said = text(lang, "deadlines.tutor_reminder", tutor=turn.person.name, course=f"{course.code} {course.name}",
                    title=w.assignment.title, due=fmt_when(w.standing.due, lang))
        outcome = await turn.uow.outbox.to_person(w.student, _key(w, "tutor"), {"type": "message", "text": said})
        sent += 1
        if outcome is EnqueueOutcome.UNREACHABLE:
            unreachable.add(w.student.id)
    said = text(turn.lang, "deadlines.reminded", sent=sent) if sent else text(turn.lang, "deadlines.reminded_already")
    if unreachable:
        said += " " + text(turn.lang, "deadlines.unreachable", count=len(unreachable))
    card = await _course_card(turn, course)
    return [Reply(text=said)] + ([Reply(card=card.card, update=True)] if card is not None else [])


def _key(work: WorkStanding, kind: str) -> str:
    return f"deadline:{work.assignment.id}:{work.student.id}:{kind}"


# --- the 48-hour reminder sweep --------------------------------------------------------------------------------------
async def sweep(uow: UnitOfWork, now: dt.datetime) -> int:
    """Remind each student once, 48 h before a deadline of work not handed in, unless they said `deadlines off`."""
    if quiet_hours(now):
        return 0
    semester = await uow.people.current_semester(local_date(now))
    if not semester:
        return 0
    courses = {c.id: c for c in await uow.gradesheets.courses(semester)}
    # Only what falls due in the next 48 h (a student's extension included): the rest of the term is not read.
    due_soon = await uow.deadlines.due_between(list(courses), now, now + REMIND_BEFORE)
    if not due_soon:
        return 0
    preferences = await uow.deadlines.preferences()
    reminded = 0
    for w in await uow.deadlines.work(list(courses), only=due_soon):
        preference = preferences.get(w.student.id)
        if preference is not None and preference.off:
            continue
        if not w.standing.needs_reminder(now, preference.changed_at if preference else None):
            continue
        if not await uow.deadlines.claim_reminder(w.assignment.id, w.student.id, "auto", now):
            continue
        await _send_reminder(uow, w, courses[w.assignment.course_id])
        reminded += 1
    return reminded


async def _send_reminder(uow: UnitOfWork, work: WorkStanding, course: Course) -> None:
    lang = lang_from_locale(work.student.locale)
    said = text(lang, "deadlines.reminder", course=f"{course.code} {course.name}", title=work.assignment.title,
                due=fmt_when(work.standing.due, lang))
    await uow.outbox.to_person(work.student, _key(work, "auto"), {"type": "message", "text": said})


async def run_sweep(database: Database, clock: Clock) -> int:
    async with database.unit_of_work() as uow:
        return await sweep(uow, clock.now())


# --- what the reports count ------------------------------------------------------------------------------------------
async def behind_counts(uow: UnitOfWork, courses: list[Course], now: dt.datetime) -> dict[int, int]:
    """Per offering: how many students have work whose deadline passed and that they have not handed in."""
    behind: dict[int, set[int]] = {c.id: set() for c in courses}
    for w in await uow.deadlines.work([c.id for c in courses]):
        if w.standing.behind(now):
            behind[w.assignment.course_id].add(w.student.id)
    return {course_id: len(students) for course_id, students in behind.items()}


async def tutor_report(turn: Turn, person: Person) -> Reply | None:
    """The tutor's `report`: students behind per course, where the courses have deadlines."""
    courses = await turn.uow.people.courses_of(person, turn.today)
    if not await turn.uow.deadlines.assignments([c.id for c in courses]):
        return None
    counts = await behind_counts(turn.uow, courses, turn.now)
    return Reply(card=report_card(turn.lang, [(c.code, counts[c.id]) for c in courses]))


async def control_lines(uow: UnitOfWork, school_id: int, semester: str | None, now: dt.datetime,
                        lang: Lang) -> list[str]:
    """The dean's view per course of the school: students behind, proctoring reports waiting and the oldest's age."""
    if not semester:
        return []
    courses = await uow.gradesheets.courses(semester, school_id)
    counts = await behind_counts(uow, courses, now)
    waiting = await uow.deadlines.pending_reviews([c.id for c in courses])
    lines: list[str] = []
    for course in courses:
        parts: list[str] = []
        if counts[course.id]:
            parts.append(text(lang, "deadlines.summary.behind", count=counts[course.id]))
        if course.id in waiting:
            count, oldest = waiting[course.id]
            parts.append(text(lang, "deadlines.summary.reviews", count=count, days=(now - oldest).days))
        if parts:
            lines.append(f"{course.code}: " + "; ".join(parts))
    return lines
