"""`schedule` and `sessions`: webinars and consultations as Teams meetings (regulation 7.1, 7.2, 8.6, 8.8).

The dialogs record; they never call the calendar. Scheduling, moving and cancelling write the session (sync
pending) in the turn's transaction; after the commit the sessions worker (`bot/sessions_worker.py`) creates, moves
or cancels the calendar event and then calls `announce` here, which tells the students and the tutor through the
outbox. The reminder and "was it held?" sweeps (`queue_reminders`, `ask_held`) live here too: they only read the
tables and queue messages.

Outbox keys (each message once, whatever runs it and however often):

| message | key |
| --- | --- |
| a student's notice of a new / changed / cancelled session | `session:{id}:v{version}:{notice}:student:{person}` |
| a reminder | `session:{id}:remind_24h:{start epoch}:student:{person}` (and `remind_1h`) |
| the tutor's word after the calendar answered | `session:{id}:v{version}.{round}:tutor:{done / pending / failed / gave_up}` |
| "was it held?" | `session:{id}:held-question` |
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from cards.base import CARD_CONTENT_TYPE, Json
from cards.formats import fmt_date
from cards.i18n import TEXTS, text
from cards.sessions import (
    ACTION_CANCEL,
    ACTION_CHANGE,
    ACTION_HELD,
    ACTION_OPEN,
    ACTION_RETRY,
    ACTION_SCHEDULE,
    CourseChoice,
    CoursePlanView,
    Notice,
    SessionInput,
    SessionView,
    held_question_card,
    notice_card,
    notice_text,
    plan_overview_card,
    schedule_card,
    schedule_hint,
    session_card,
    student_sessions_card,
    subject,
)
from dialogs.guards import roles_only
from dialogs.router import Refusal, Reply, Router, Turn
from dialogs.submission import Flag, Id, Submission, Text
from storage import UnitOfWork
from storage.models import Course, Person
from storage.outbox import EnqueueOutcome
from storage.sessions import Session, SessionRow, SessionState, SyncState
from tutoring.calendar import LinkKind
from tutoring.clock import ALMATY, local_date
from tutoring.locale import Lang, lang_from_locale
from tutoring.norms import CATEGORY_OF_KIND, DEFAULT_NORMS, Category, SessionKind, category_label
from tutoring.plan import CourseDates, SessionFact, plan, propose, requirement_of, webinar_progress
from tutoring.roles import Command, Role
from tutoring.sessions import (
    MAX_DURATION_MIN,
    MAX_LINK,
    MAX_TITLE,
    MIN_DURATION_MIN,
    REMINDER_LEADS,
    FormProblem,
    Platform,
    parse_session_form,
    reminder_due,
)

router = Router("sessions")
log = logging.getLogger("tutorbot.sessions")

MAX_COURSES_SHOWN = 10
MAX_UPCOMING_SHOWN = 5


# --- shared helpers --------------------------------------------------------------------------------------


def view_of(row: SessionRow, students: int | None = None) -> SessionView:
    s = row.session
    return SessionView(
        id=s.id,
        kind=SessionKind(s.kind),
        course_code=row.course.code,
        course_name=row.course.name,
        start=s.start_at,
        duration_minutes=s.duration_min,
        platform=s.platform,
        tutor_name=row.tutor.name,
        state=s.state,
        title=s.title,
        join_url=s.join_url,
        link_kind=LinkKind(s.link_kind) if s.link_kind else None,
        sync_state=s.sync_state,
        sync_error=s.sync_error,
        cancel_reason=s.cancel_reason,
        attendance_count=s.attendance_count,
        students=students,
    )


def course_dates(course: Course) -> CourseDates:
    return CourseDates(course.start_date, course.rk1_date, course.rk2_date, course.exam_date)


def facts_of(sessions: list[Session]) -> list[SessionFact]:
    """The plan counts held and scheduled sessions; cancelled (or not held) ones do not exist for it."""
    return [
        SessionFact(SessionKind(s.kind), local_date(s.start_at), s.state == SessionState.HELD.value, s.duration_min)
        for s in sessions
        if s.state != SessionState.CANCELLED.value
    ]


async def plan_overrides(uow: UnitOfWork, course: Course) -> dict[SessionKind, dt.date]:
    """Default dates from the course's integration map (Appendix 1, Part 4), where the tutor planned them."""
    points = await uow.maps.consultation_points(course.id)
    return {p.kind: p.date for p in points or () if p.date is not None}


async def webinar_norm(uow: UnitOfWork, course: Course) -> Decimal | None:
    norms = await uow.hours.norms_for(course.semester)
    return norms.get(Category.SESSIONS, DEFAULT_NORMS[Category.SESSIONS])


def _activity(line: str, card: Json) -> dict[str, Any]:
    return {"type": "message", "text": line, "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": card}]}


def _person_lang(person: Person) -> Lang:
    return lang_from_locale(person.locale)


def _problem_text(lang: Lang, problem: FormProblem) -> str:
    """The field's message; a more specific one where the reason needs its own words (a past date, a Zoom link)."""
    specific = f"sessions.bad.{problem.field}.{problem.reason}"
    key = specific if specific in TEXTS else f"sessions.bad.{problem.field}"
    limits = {"title": MAX_TITLE, "link": MAX_LINK}
    return text(lang, key, min=MIN_DURATION_MIN, max=limits.get(problem.field, MAX_DURATION_MIN))


# --- what the cards send ----------------------------------------------------------------------------------


class SessionButton(Submission):
    """A button on a session's card: the session it is about (and the card's submission id)."""

    session: Id = Field(None, alias=SessionInput.SESSION)
    submission: Text = Field("", alias=SessionInput.SUBMISSION)


class ChangeSubmission(SessionButton):
    """The change form of a session's card; `parse_session_form` says which field is wrong."""

    date: Text = Field("", alias=SessionInput.DATE)
    time: Text = Field("", alias=SessionInput.TIME)
    duration: Text = Field("", alias=SessionInput.DURATION)
    link: Text = Field("", alias=SessionInput.LINK)
    title: Text = Field("", alias=SessionInput.TITLE)


class ScheduleSubmission(ChangeSubmission):
    """The schedule card (CONTRACT §7)."""

    course: Text = Field("", alias=SessionInput.COURSE)
    kind: Text = Field("", alias=SessionInput.KIND)
    platform: Text = Field("", alias=SessionInput.PLATFORM)


class HeldAnswer(SessionButton):
    """ "Was it held?": yes / no."""

    held: Flag = Field(False, alias=SessionInput.HELD)


def _submission_key(turn: Turn, form: SessionButton, verb: str, session_id: int | None = None) -> str:
    submission = form.submission[:80]
    scope = f"{verb}:{turn.person.id}" if session_id is None else f"{verb}:{session_id}"
    return f"{scope}:{submission}" if submission else f"{scope}:activity:{turn.activity_id}"


def _new_submission() -> str:
    return uuid.uuid4().hex


async def _own_session(turn: Turn, session_id: int | None) -> SessionRow:
    """The session a card is about, if it is this tutor's (locked for the change); else a refusal."""
    roles_only(turn, Command.SCHEDULE, Role.TUTOR)
    row = await turn.uow.sessions.get(session_id, for_update=True) if session_id is not None else None
    if row is None or session_id is None:
        raise Refusal("sessions.not_found")
    if row.tutor_id != turn.person.id:
        raise Refusal("sessions.not_yours")
    found = await turn.uow.sessions.row(session_id)
    assert found is not None
    return found


def _tutor_card(turn: Turn, row: SessionRow, notes: list[str] | None = None) -> Json:
    return session_card(turn.lang, view_of(row), tutor=True, notes=notes, submission=_new_submission(), now=turn.now)


def _state_word(lang: Lang, session: Session) -> str:
    if session.state == SessionState.CANCELLED.value and session.cancel_reason == "not_held":
        return text(lang, "sessions.state.not_held")
    return text(lang, f"sessions.state.{session.state}")


# --- schedule --------------------------------------------------------------------------------------------


@router.command(Command.SCHEDULE, "назначить", "тағайындау")
async def schedule(turn: Turn) -> list[Reply]:
    """The schedule card, proposing the next missing session of the course (`schedule CODE` picks the course)."""
    uow = turn.uow
    courses = await uow.people.courses_of(turn.person, turn.today)
    if not courses:
        return [Reply(text=text(turn.lang, "sessions.schedule.no_courses"))]
    today = local_date(turn.now)
    rows = await uow.sessions.of_courses([c.id for c in courses])
    facts = {c.id: facts_of([r.session for r in rows if r.course.id == c.id]) for c in courses}
    overrides = {c.id: await plan_overrides(uow, c) for c in courses}
    proposals = {c.id: propose(course_dates(c), facts[c.id], today, overrides[c.id]) for c in courses}
    wanted = turn.args.split()[0].lower() if turn.args.strip() else ""
    selected = next((c for c in courses if c.code.lower() == wanted), None)
    if selected is None:
        # The course whose next required session is due first.
        selected = min(courses, key=lambda c: (proposals[c.id].kind is SessionKind.WEBINAR,
                                               proposals[c.id].due_by or dt.date.max, c.code))
    proposal = proposals[selected.id]
    card = schedule_card(
        turn.lang,
        [CourseChoice(c.code, c.name) for c in courses],
        CourseChoice(selected.code, selected.name),
        proposal,
        plan(course_dates(selected), facts[selected.id], today, overrides[selected.id]),
        webinar_progress(facts[selected.id], await webinar_norm(uow, selected)),
        _new_submission(),
        today,
    )
    return [Reply(text=schedule_hint(turn.lang, proposal), card=card)]


@router.action(ACTION_SCHEDULE, command=Command.SCHEDULE, model=ScheduleSubmission)
async def submit_schedule(turn: Turn, form: ScheduleSubmission) -> list[Reply]:
    roles_only(turn, Command.SCHEDULE, Role.TUTOR)
    uow = turn.uow
    key = _submission_key(turn, form, "schedule")
    done = await uow.sessions.change_by_key(key)
    if done is not None:
        found = await uow.sessions.row(done.session_id)
        assert found is not None
        return [Reply(text=text(turn.lang, "sessions.replay"), card=_tutor_card(turn, found), update=True)]
    checked = parse_session_form(form.model_dump(by_alias=True), now=turn.now, tz=ALMATY, new=True)
    if isinstance(checked, FormProblem):
        return [Reply(text=_problem_text(turn.lang, checked))]
    course = next((c for c in await uow.people.courses_of(turn.person, turn.today)
                   if c.code.lower() == checked.course.lower()), None)
    if course is None or checked.kind is None or checked.platform is None:
        return [Reply(text=_problem_text(turn.lang, FormProblem("course", "choice")))]
    zoom = checked.platform is Platform.ZOOM
    session = Session(
        course_id=course.id,
        tutor_id=turn.person.id,
        kind=checked.kind.value,
        title=checked.title,
        start_at=checked.start,
        duration_min=checked.duration_minutes,
        platform=checked.platform.value,
        join_url=checked.link if zoom else None,
        link_kind=LinkKind.EXTERNAL.value if zoom else None,
        transaction_id=uuid.uuid4().hex,
        state=SessionState.SCHEDULED.value,
        version=1,
        synced_version=0,
        announced_version=0,
        sync_state=SyncState.PENDING.value,
        sync_attempts=0,
        sync_round=0,
        sync_next_at=turn.now,
        hours_recorded=False,
        created_by_id=turn.person.id,
        created_at=turn.now,
    )
    await uow.sessions.add(session)
    await uow.sessions.log_change(session.id, key, "schedule", turn.person.id, turn.now)
    students = await uow.sessions.students_of(course.id)
    notes = [text(turn.lang, f"sessions.scheduled.{checked.platform.value}", count=len(students))]
    requirement = requirement_of(course_dates(course), checked.kind, await plan_overrides(uow, course))
    if requirement is not None and local_date(checked.start) > requirement.due_by:
        notes.append(text(turn.lang, "sessions.scheduled.late", due=fmt_date(requirement.due_by, turn.lang)))
    found = await uow.sessions.row(session.id)
    assert found is not None
    return [Reply(text=" ".join(notes), card=_tutor_card(turn, found), update=True)]


# --- move, cancel, retry, open -----------------------------------------------------------------------------


async def _changeable(turn: Turn, form: SessionButton, verb: str) -> tuple[SessionRow, str, list[Reply]]:
    """The tutor's own session that may still be moved or cancelled, this submission's key, and for a replayed
    submission the card as it is now (else []); a past or cancelled session is refused."""
    found = await _own_session(turn, form.session)
    session = found.session
    key = _submission_key(turn, form, verb, session.id)
    if await turn.uow.sessions.change_by_key(key) is not None:
        return found, key, [Reply(text=text(turn.lang, "sessions.replay"), card=_tutor_card(turn, found), update=True)]
    if session.state != SessionState.SCHEDULED.value or session.start_at <= turn.now:
        raise Refusal("sessions.not_changeable", state=_state_word(turn.lang, session))
    return found, key, []


@router.action(ACTION_CHANGE, command=Command.SCHEDULE, model=ChangeSubmission)
async def submit_change(turn: Turn, form: ChangeSubmission) -> list[Reply]:
    found, key, replayed = await _changeable(turn, form, "move")
    if replayed:
        return replayed
    session = found.session
    checked = parse_session_form(form.model_dump(by_alias=True), now=turn.now, tz=ALMATY, new=False,
                                 platform=Platform(session.platform))
    if isinstance(checked, FormProblem):
        return [Reply(text=_problem_text(turn.lang, checked))]
    link = (checked.link or session.join_url) if session.platform == Platform.ZOOM.value else session.join_url
    if (checked.start, checked.duration_minutes, checked.title, link) == (
        session.start_at, session.duration_min, session.title, session.join_url
    ):
        return [Reply(text=text(turn.lang, "sessions.unchanged"))]
    session.start_at = checked.start
    session.duration_min = checked.duration_minutes
    session.title = checked.title
    session.join_url = link
    await turn.uow.sessions.mark_changed(session, turn.now)
    await turn.uow.sessions.log_change(session.id, key, "move", turn.person.id, turn.now,
                                       detail=f"{checked.start.isoformat()} {checked.duration_minutes} min")
    return [Reply(text=text(turn.lang, "sessions.changed"), card=_tutor_card(turn, found), update=True)]


@router.action(ACTION_CANCEL, command=Command.SCHEDULE, model=SessionButton)
async def submit_cancel(turn: Turn, form: SessionButton) -> list[Reply]:
    found, key, replayed = await _changeable(turn, form, "cancel")
    if replayed:
        return replayed
    session = found.session
    session.state = SessionState.CANCELLED.value
    session.cancel_reason = "cancelled"
    await turn.uow.sessions.mark_changed(session, turn.now)
    await turn.uow.sessions.log_change(session.id, key, "cancel", turn.person.id, turn.now)
    return [Reply(text=text(turn.lang, "sessions.cancelled"), card=_tutor_card(turn, found), update=True)]


@router.action(ACTION_RETRY, command=Command.SCHEDULE, model=SessionButton)
async def submit_retry(turn: Turn, form: SessionButton) -> list[Reply]:
    found = await _own_session(turn, form.session)
    session = found.session
    if session.sync_state == SyncState.FAILED.value and session.start_at > turn.now:
        await turn.uow.sessions.retry_sync(session, turn.now)
        return [Reply(text=text(turn.lang, "sessions.retrying"))]
    return [Reply(text=text(turn.lang, "sessions.replay"))]


@router.action(ACTION_OPEN, command=Command.SCHEDULE, model=SessionButton)
async def open_session(turn: Turn, form: SessionButton) -> list[Reply]:
    found = await _own_session(turn, form.session)
    students = len(await turn.uow.sessions.students_of(found.course.id))
    card = session_card(turn.lang, view_of(found, students), tutor=True, submission=_new_submission(), now=turn.now)
    return [Reply(card=card)]


# --- after the session: held or not ------------------------------------------------------------------------


@router.action(ACTION_HELD, command=Command.SCHEDULE, model=HeldAnswer)
async def submit_held(turn: Turn, form: HeldAnswer) -> list[Reply]:
    """ "Held" records the hours of the kind's Section 7 category in the ledger, once; "not held" puts the
    session back among the missing ones of the plan."""
    found = await _own_session(turn, form.session)
    session = found.session
    uow = turn.uow
    key = f"held:{session.id}"  # one answer per session, whichever card or button it comes from
    if await uow.sessions.change_by_key(key) is not None:
        return [Reply(text=text(turn.lang, "sessions.held.already", state=_state_word(turn.lang, session)))]
    if session.state != SessionState.SCHEDULED.value:
        return [Reply(text=text(turn.lang, "sessions.not_changeable", state=_state_word(turn.lang, session)))]
    if session.end_at > turn.now:
        return [Reply(text=text(turn.lang, "sessions.held.too_early"))]
    held = form.held
    session.held_answered_at = turn.now
    if session.held_asked_at is None:
        session.held_asked_at = turn.now
    await uow.sessions.log_change(session.id, key, "held" if held else "not_held", turn.person.id, turn.now)
    if not held:
        session.state = SessionState.CANCELLED.value
        session.cancel_reason = "not_held"
        return [Reply(text=text(turn.lang, "sessions.held.not_held"), card=_tutor_card(turn, found), update=True)]
    session.state = SessionState.HELD.value
    kind = SessionKind(session.kind)
    hours = Decimal(session.duration_min) / 60
    await uow.hours.record_session_hours(
        session.id, session.tutor_id, session.course_id, kind, hours, local_date(session.start_at),
        entered_by_id=turn.person.id, now=turn.now,
    )
    session.hours_recorded = True
    category = category_label(CATEGORY_OF_KIND[kind], turn.lang)
    lines = [text(turn.lang, "sessions.held.recorded", hours=format(hours.quantize(Decimal("0.01")).normalize(), "f"),
                  category=category)]
    if session.attendance_count is not None:
        total = len(await uow.sessions.students_of(session.course_id))
        lines.append(text(turn.lang, "sessions.held.attendance", count=session.attendance_count, total=total))
    return [Reply(text=" ".join(lines), card=_tutor_card(turn, found), update=True)]


# --- sessions --------------------------------------------------------------------------------------------


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
    return [Reply(card=card)]


# --- telling people (called by the sessions worker, after the calendar answered) ---------------------------


@dataclass(frozen=True)
class SyncOutcome:
    """What the calendar said about a session's latest version."""

    kind: Literal["done", "pending", "failed", "gave_up"]
    status: int | None = None
    message: str = ""


@dataclass
class Reach:
    sent: int = 0
    total: int = 0
    unreachable: list[str] | None = None


async def tell_students(uow: UnitOfWork, row: SessionRow, notice: Notice, key_prefix: str) -> Reach:
    """One message per enrolled student, each in their own language; the key makes it once."""
    students = await uow.sessions.students_of(row.course.id)
    view = view_of(row)
    reach = Reach(total=len(students), unreachable=[])
    for student in students:
        lang = _person_lang(student)
        activity = _activity(notice_text(lang, view, notice), notice_card(lang, view, notice))
        outcome = await uow.outbox.to_person(student, f"{key_prefix}:student:{student.id}", activity)
        if outcome is EnqueueOutcome.UNREACHABLE:
            assert reach.unreachable is not None
            reach.unreachable.append(student.name)
        else:
            reach.sent += 1
    return reach


def _graph_reason(lang: Lang, outcome: SyncOutcome) -> str:
    if outcome.status in (400, 401, 403, 404):
        return text(lang, f"sessions.graph.{outcome.status}", message=outcome.message)
    return text(lang, "sessions.graph.other", message=outcome.message.rstrip("."))


async def announce(uow: UnitOfWork, session_id: int, outcome: SyncOutcome, now: dt.datetime) -> None:
    """After the calendar answered for the session's current version: tell the students what they must know
    (a new session once it has its meeting; a change or a cancellation at once, whatever the calendar said), and
    tell the tutor what happened, plainly."""
    row = await uow.sessions.row(session_id)
    if row is None:
        return
    session = row.session
    notice: Notice | None
    if session.state == SessionState.CANCELLED.value:
        notice = "cancelled" if session.announced_version > 0 else None
    else:
        notice = "new" if session.announced_version == 0 else "changed"
    may_tell = outcome.kind == "done" or (outcome.kind != "gave_up" and session.announced_version > 0)
    reach: Reach | None = None
    if notice is not None and may_tell and session.announced_version < session.version:
        reach = await tell_students(uow, row, notice, f"session:{session.id}:v{session.version}:{notice}")
        session.announced_version = session.version
        session.announced_at = now
    lang = _person_lang(row.tutor)
    lines: list[str] = []
    changed = notice in ("changed", "cancelled") or session.state == SessionState.CANCELLED.value
    error = outcome.message or text(lang, "sessions.graph.unreachable")
    match outcome.kind:
        case "done" if session.state == SessionState.CANCELLED.value:
            lines.append(text(lang, "sessions.tutor.cancelled"))
        case "done" if changed:
            lines.append(text(lang, "sessions.tutor.changed"))
        case "done":
            link_kind = LinkKind(session.link_kind) if session.link_kind else LinkKind.EXTERNAL
            created = {LinkKind.TEAMS: "teams", LinkKind.LOCAL: "local", LinkKind.NO_TEAMS: "no_teams"}
            lines.append(text(lang, f"sessions.tutor.created.{created.get(link_kind, 'zoom')}"))
        case "pending":
            lines.append(text(lang, "sessions.tutor.pending_change" if changed else "sessions.tutor.pending",
                              error=error))
        case "failed":
            lines.append(text(lang, "sessions.tutor.failed_change" if changed else "sessions.tutor.failed",
                              status=outcome.status or "?", reason=_graph_reason(lang, outcome)))
        case "gave_up":
            lines.append(text(lang, "sessions.tutor.gave_up", error=error))
    if reach is not None:
        lines.append(text(lang, "sessions.tutor.reach", sent=reach.sent, total=reach.total))
        if reach.unreachable:
            lines.append(text(lang, "sessions.tutor.unreachable", names=", ".join(reach.unreachable)))
    students = len(await uow.sessions.students_of(row.course.id))
    card = session_card(lang, view_of(row, students), tutor=True, notes=lines, submission=_new_submission(),
                        now=now)
    key = f"session:{session.id}:v{session.version}.{session.sync_round}:tutor:{outcome.kind}"
    await uow.outbox.to_person(row.tutor, key, _activity(lines[0], card))


# --- sweeps (called by the sessions worker; they only read tables and queue messages) -----------------------


async def queue_reminders(uow: UnitOfWork, now: dt.datetime) -> int:
    """Reminders 24 h and 1 h before, to every enrolled student, once each (per start time)."""
    queued = 0
    for row in await uow.sessions.reminder_candidates(now, max(REMINDER_LEADS)):
        session = row.session
        for lead in REMINDER_LEADS:
            hours = int(lead.total_seconds() // 3600)
            column = "reminded_24h_for" if hours == 24 else "reminded_1h_for"
            sent_for: dt.datetime | None = getattr(session, column)
            if not reminder_due(
                lead,
                start=session.start_at,
                now=now,
                announced_at=session.announced_at,
                sent_for=sent_for,
            ):
                continue
            notice: Notice = "remind_24h" if hours == 24 else "remind_1h"
            epoch = int(session.start_at.timestamp())
            reach = await tell_students(uow, row, notice, f"session:{session.id}:{notice}:{epoch}")
            setattr(session, column, session.start_at)
            queued += reach.sent
    return queued


async def ask_held(uow: UnitOfWork, now: dt.datetime) -> int:
    """After a session ended, its tutor is asked once whether it was held."""
    asked = 0
    for row in await uow.sessions.ended_unasked(now):
        session = row.session
        if not await uow.sessions.mark_asked(session.id, now):
            continue
        lang = _person_lang(row.tutor)
        kind = SessionKind(session.kind)
        view = view_of(row)
        card = held_question_card(lang, view, Decimal(session.duration_min) / 60,
                                  category_label(CATEGORY_OF_KIND[kind], lang))
        line = f"{text(lang, 'sessions.held.title')} {subject(lang, view)}"
        await uow.outbox.to_person(row.tutor, f"session:{session.id}:held-question", _activity(line, card))
        asked += 1
    return asked
