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
from decimal import Decimal
from typing import Any

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
    SessionInput,
    SessionView,
    schedule_card,
    schedule_hint,
    session_card,
)
from dialogs.guards import roles_only
from dialogs.router import Refusal, Reply, Router, Turn
from dialogs.submission import Flag, Id, Submission, Text
from storage import UnitOfWork
from storage.models import Course, Person
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
    FormProblem,
    Platform,
    SessionForm,
    parse_session_form,
)
from tutoring.training import TRAINING

router = Router("sessions")
log = logging.getLogger("tutorbot.sessions")



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


def activity_of(line: str, card: Json) -> dict[str, Any]:
    return {"type": "message", "text": line, "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": card}]}


def person_lang(person: Person) -> Lang:
    return lang_from_locale(person.locale)


def problem_text(lang: Lang, problem: FormProblem) -> str:
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


class NewSessionSubmission(ChangeSubmission):
    """A card that makes a new session: the change form's inputs with its kind and platform. The schedule card
    adds the course; the training card (dialogs/training.py) the school."""

    kind: Text = Field("", alias=SessionInput.KIND)
    platform: Text = Field("", alias=SessionInput.PLATFORM)


class ScheduleSubmission(NewSessionSubmission):
    """The schedule card (CONTRACT §7)."""

    course: Text = Field("", alias=SessionInput.COURSE)


class HeldAnswer(SessionButton):
    """ "Was it held?": yes / no."""

    held: Flag = Field(False, alias=SessionInput.HELD)


def _submission_key(turn: Turn, form: SessionButton, verb: str, session_id: int | None = None) -> str:
    submission = form.submission[:80]
    scope = f"{verb}:{turn.person.id}" if session_id is None else f"{verb}:{session_id}"
    return f"{scope}:{submission}" if submission else f"{scope}:activity:{turn.activity_id}"


def new_submission() -> str:
    return uuid.uuid4().hex


def pending_session(turn: Turn, checked: SessionForm, *, kind: str, course_id: int | None = None,
                    school_id: int | None = None) -> Session:
    """A new session from a checked card (a course's, or a training for `school_id`'s tutors): version 1, its
    calendar event still to be made by the sessions worker (a Zoom link is the tutor's own)."""
    assert checked.platform is not None  # a new session's platform is read or refused by parse_session_form
    zoom = checked.platform is Platform.ZOOM
    return Session(
        course_id=course_id,
        school_id=school_id,
        tutor_id=turn.person.id,
        kind=kind,
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
    return session_card(turn.lang, view_of(row), tutor=True, notes=notes, submission=new_submission(), now=turn.now)


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
        [(c.code, c.name) for c in courses],
        selected.code,
        proposal,
        plan(course_dates(selected), facts[selected.id], today, overrides[selected.id]),
        webinar_progress(facts[selected.id], await webinar_norm(uow, selected)),
        new_submission(),
        today,
    )
    return [Reply(text=schedule_hint(turn.lang, proposal), card=card)]


@router.action(ACTION_SCHEDULE, command=Command.SCHEDULE, model=ScheduleSubmission)
async def submit_schedule(turn: Turn, form: ScheduleSubmission) -> list[Reply]:
    roles_only(turn, Command.SCHEDULE, Role.TUTOR)
    if form.kind.lower() == TRAINING:  # the УОО trains tutors (6.2): `training`, not a tutor's own session
        raise Refusal("training.tutors_cannot")
    uow = turn.uow
    key = _submission_key(turn, form, "schedule")
    done = await uow.sessions.change_by_key(key)
    if done is not None:
        found = await uow.sessions.row(done.session_id)
        assert found is not None
        return [Reply(text=text(turn.lang, "sessions.replay"), card=_tutor_card(turn, found), update=True)]
    checked = parse_session_form(form.model_dump(by_alias=True), now=turn.now, tz=ALMATY, new=True)
    if isinstance(checked, FormProblem):
        return [Reply(text=problem_text(turn.lang, checked))]
    course = next((c for c in await uow.people.courses_of(turn.person, turn.today)
                   if c.code.lower() == checked.course.lower()), None)
    if course is None or checked.kind is None or checked.platform is None:
        return [Reply(text=problem_text(turn.lang, FormProblem("course", "choice")))]
    session = pending_session(turn, checked, kind=checked.kind.value, course_id=course.id)
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
        return [Reply(text=problem_text(turn.lang, checked))]
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
    card = session_card(turn.lang, view_of(found, students), tutor=True, submission=new_submission(), now=turn.now)
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
        session.id, session.tutor_id, found.course.id, kind, hours, local_date(session.start_at),
        entered_by_id=turn.person.id, now=turn.now,
    )
    session.hours_recorded = True
    category = category_label(CATEGORY_OF_KIND[kind], turn.lang)
    lines = [text(turn.lang, "sessions.held.recorded", hours=format(hours.quantize(Decimal("0.01")).normalize(), "f"),
                  category=category)]
    if session.attendance_count is not None:
        total = len(await uow.sessions.students_of(found.course.id))
        lines.append(text(turn.lang, "sessions.held.attendance", count=session.attendance_count, total=total))
    return [Reply(text=" ".join(lines), card=_tutor_card(turn, found), update=True)]
