"""`sessions`: what each role sees of webinars, consultations and trainings (split from dialogs/sessions.py).

A student: their courses' upcoming sessions. A tutor, a dean, an admin, the УОО: each course's plan (7.1, 7.2) with
its upcoming sessions; tutors and the УОО also the trainings for tutors (6.2) they are invited to or run.
"""

from __future__ import annotations

from cards.sessions import CoursePlanView, plan_overview_card, student_sessions_card
from cards.training import trainings_card
from dialogs.router import Reply, Router, Turn
from dialogs.sessions import course_dates, facts_of, plan_overrides, view_of, webinar_norm
from dialogs.training import training_view
from storage.sessions import SessionState
from tutoring.clock import local_date
from tutoring.plan import plan, webinar_progress
from tutoring.roles import Command, Role

router = Router("session_lists")

MAX_COURSES_SHOWN = 10
MAX_UPCOMING_SHOWN = 5


@router.command(Command.SESSIONS, "занятия", "сабақтар")
async def show_sessions(turn: Turn) -> list[Reply]:
    uow = turn.uow
    if turn.role is Role.STUDENT:
        rows = await uow.sessions.upcoming_for_student(turn.person.id, turn.now)
        return [Reply(card=student_sessions_card(turn.lang, [view_of(r) for r in rows]))]
    courses = await uow.people.courses_of(turn.person, turn.today)
    shown = courses[:MAX_COURSES_SHOWN]
    rows = await uow.sessions.of_courses([c.id for c in shown])
    today = local_date(turn.now)
    views: list[CoursePlanView] = []
    for course in shown:
        mine = [r for r in rows if r.course.id == course.id]
        facts = facts_of([r.session for r in mine])
        upcoming = [r for r in mine
                    if r.session.state == SessionState.SCHEDULED.value and r.session.end_at > turn.now]
        openable = frozenset(r.session.id for r in upcoming if r.session.tutor_id == turn.person.id)
        views.append(CoursePlanView(
            course.code,
            course.name,
            plan(course_dates(course), facts, today, await plan_overrides(uow, course)),
            webinar_progress(facts, await webinar_norm(uow, course)),
            [view_of(r) for r in upcoming[:MAX_UPCOMING_SHOWN]],
            openable if turn.role is Role.TUTOR else frozenset(),
        ))
    card = plan_overview_card(turn.lang, views, tutor=turn.role is Role.TUTOR, more=len(courses) - len(shown))
    return [Reply(card=card), *await _trainings(turn)]


async def _trainings(turn: Turn) -> list[Reply]:
    """The trainings a tutor is invited to (their school's and every school's); for the УОО every upcoming one."""
    if turn.role not in (Role.TUTOR, Role.UOO):
        return []
    rows = await turn.uow.sessions.upcoming_trainings(turn.now, turn.person.school_id,
                                                      every_school=turn.role is Role.UOO)
    if not rows:
        return []
    return [Reply(card=trainings_card(turn.lang, [training_view(r) for r in rows]))]
