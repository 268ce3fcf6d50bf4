"""The sessions worker: brings calendars and people up to date with what the dialogs recorded.

Dialogs record a session (or its move, or its cancellation) with `sync_state = pending` in the turn's transaction.
After the commit the agent kicks this worker, and a timed sweep (`bot/jobs.py`) runs it too, as the safety net
after an outage or a restart. Like the outbox, the truth of what is due is in the table:

1. `sync_due` claims pending sessions whose time has come (a lease; `FOR UPDATE SKIP LOCKED` on PostgreSQL),
   calls the calendar outside any transaction (create with `transactionId`, PATCH, cancel), then records the
   result and calls `dialogs.session_notices.announce`, which queues the students' notices and the tutor's message in
   the same transaction. A 429 / 5xx / no answer (after the SDK's own `Retry-After` retries) leaves the session
   pending with its next attempt, honouring `Retry-After`, and the tutor is told once; a 4xx is explained;
   a session whose start passes while the calendar is still unreachable is given up on, and the tutor told.
2. `remind_due` queues the 24 h and 1 h reminders; `after_sessions` asks tutors whether a session was held and
   reads Teams attendance reports where the app may (a 403 is logged once per process, not per session).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.tasks import stop_task
from cards.i18n import text
from cards.sessions import kind_with_clause, subject
from cards.training import training_subject
from dialogs.session_notices import SyncOutcome, announce, ask_held, queue_reminders
from dialogs.sessions import view_of
from dialogs.training import announce_training, training_view
from storage import Database, UnitOfWork
from storage.sessions import AttendanceState, SessionRow, SessionState, SyncJob, SyncState, TrainingRow
from tutoring.calendar import Attendee, Calendar, CalendarError, LinkKind, MeetingRequest, MeetingResult
from tutoring.clock import Clock
from tutoring.locale import Lang, lang_from_locale
from tutoring.norms import SessionKind
from tutoring.training import TRAINING

log = logging.getLogger("tutorbot.sessions")

LEASE = dt.timedelta(minutes=2)
BATCH = 20
ATTENDANCE_AFTER_END = dt.timedelta(minutes=15)  # Teams needs a few minutes to produce the report
ATTENDANCE_GIVE_UP = dt.timedelta(hours=24)
FORBIDDEN_PAUSE = dt.timedelta(hours=24)  # after a 403, ask for attendance again only after this


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, … capped at 15 min between attempts while the calendar is unreachable."""
    return dt.timedelta(seconds=min(900.0, 30.0 * 2 ** max(0, attempts - 1)))


@dataclass(frozen=True)
class _Call:
    action: str | None  # create | update | cancel | None (nothing outside: Zoom, or never created)
    request: MeetingRequest | None
    organizer: str
    event_id: str | None


class SessionsWorker:
    def __init__(self, database: Database, calendar: Calendar, clock: Clock,
                 on_enqueued: Callable[[], None] | None = None) -> None:
        self.database = database
        self.calendar = calendar
        self.clock = clock
        self.on_enqueued = on_enqueued or (lambda: None)
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._again = False
        self._stopped = False
        self._attendance_forbidden_logged = False
        self._attendance_paused_until: dt.datetime | None = None

    # --- triggering ----------------------------------------------------------
    def after_turn(self, uow: UnitOfWork) -> None:
        """The agent's post-commit hook: a turn that changed a session wakes the worker."""
        if uow.sessions.changed:
            self.kick()

    def kick(self) -> None:
        if self._stopped:
            return
        self._again = True
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run_kicked(), name="sessions-sync")

    async def _run_kicked(self) -> None:
        while self._again and not self._stopped:
            self._again = False
            try:
                await self.sync_due()
            except Exception:
                log.exception("sessions sync failed; the next sweep retries")

    async def stop(self) -> None:
        self._stopped = True
        await stop_task(self._task)

    async def sweep(self) -> None:
        """The timed job: everything due now."""
        await self.sync_due()
        await self.remind_due()
        await self.after_sessions()

    # --- calendar sync ---------------------------------------------------------
    async def sync_due(self) -> int:
        """Bring every due session's calendar event and people up to its latest version; how many were handled."""
        handled = 0
        async with self._lock:
            while not self._stopped:
                async with self.database.unit_of_work() as uow:
                    claimed = await uow.sessions.claim_sync(self.clock.now(), BATCH, LEASE)
                if not claimed:
                    return handled
                for job in claimed:
                    await self._sync_one(job)
                    handled += 1
        return handled

    async def _sync_one(self, job: SyncJob) -> None:
        async with self.database.unit_of_work() as uow:
            call, start = await _call_of(uow, job.session_id)
        if call is None or start is None:
            return
        result: MeetingResult | None = None
        error: CalendarError | None = None
        try:
            if call.action == "create" and start <= self.clock.now():
                # Never reached the calendar before the start (the bot was down): no meeting in the past.
                raise CalendarError("the session started before its meeting could be created")
            result = await self._calendar(call)
        except CalendarError as failure:
            error = failure
            log.warning("calendar %s of session %d: HTTP %s %s", call.action, job.session_id,
                        failure.status or "-", failure.message)
        async with self.database.unit_of_work() as uow:
            await self._record(uow, job, call, result, error)
        if uow.outbox.enqueued:
            self.on_enqueued()

    async def _calendar(self, call: _Call) -> MeetingResult | None:
        match call.action:
            case "create" if call.request is not None:
                return await self.calendar.create(call.request)
            case "update" if call.request is not None and call.event_id:
                return await self.calendar.update(call.event_id, call.request)
            case "cancel" if call.event_id:
                try:
                    await self.calendar.cancel(call.organizer, call.event_id, "")
                except CalendarError as error:
                    if error.status != 404:  # already gone from the calendar: that is what we wanted
                        raise
        return None

    async def _record(self, uow: UnitOfWork, job: SyncJob, call: _Call, result: MeetingResult | None,
                      error: CalendarError | None) -> None:
        now = self.clock.now()
        row = await uow.sessions.get(job.session_id, for_update=True)
        if row is None:
            return
        row.sync_lease_until = None
        if result is not None:
            row.graph_event_id = result.event_id or row.graph_event_id
            if call.action == "create" or result.join_url:
                row.join_url = result.join_url
                row.link_kind = result.link_kind.value
        if row.version != job.version:  # changed while we were at the calendar: do the latest at once
            row.sync_next_at = now
            return
        if error is None:
            row.sync_state = SyncState.SYNCED.value
            row.synced_version = row.version
            row.sync_attempts = 0
            row.sync_error = None
            row.sync_error_status = None
            await _announce(uow, row.id, row.kind, SyncOutcome("done"), now)
            return
        row.sync_error = error.message[:500]
        row.sync_error_status = error.status
        outcome: SyncOutcome
        if error.transient and now < row.start_at:
            row.sync_attempts += 1
            wait = max(backoff(row.sync_attempts), dt.timedelta(seconds=error.retry_after or 0))
            row.sync_next_at = now + wait
            outcome = SyncOutcome("pending", error.status, error.message)
        elif error.transient:
            row.sync_state = SyncState.FAILED.value
            outcome = SyncOutcome("gave_up", error.status, error.message)
        else:
            row.sync_state = SyncState.FAILED.value
            outcome = SyncOutcome("failed", error.status, error.message)
        await _announce(uow, row.id, row.kind, outcome, now)

    # --- reminders, "was it held?", attendance ---------------------------------
    async def remind_due(self) -> int:
        async with self._lock, self.database.unit_of_work() as uow:
            queued = await queue_reminders(uow, self.clock.now())
        if uow.outbox.enqueued:
            self.on_enqueued()
        return queued

    async def after_sessions(self) -> int:
        async with self._lock:
            async with self.database.unit_of_work() as uow:
                asked = await ask_held(uow, self.clock.now())
            if uow.outbox.enqueued:
                self.on_enqueued()
            await self._attendance()
        return asked

    async def _attendance(self) -> None:
        now = self.clock.now()
        async with self.database.unit_of_work() as uow:
            due = await uow.sessions.attendance_due(now, ATTENDANCE_AFTER_END)
            wanted = [(r, {s.email for s in await uow.sessions.students_of(r.course.id)}) for r in due]
        for row, enrolled in wanted:
            session = row.session
            state: AttendanceState | None = None
            count: int | None = None
            if self._attendance_paused_until is not None and now < self._attendance_paused_until:
                state = AttendanceState.UNAVAILABLE
            else:
                try:
                    emails = await self.calendar.attendance(row.tutor.email, session.join_url or "")
                except CalendarError as error:
                    if error.status == 403:
                        if not self._attendance_forbidden_logged:
                            log.warning(
                                "Graph refused attendance reports (HTTP 403): the app needs the application "
                                "permissions OnlineMeetings.Read.All and OnlineMeetingArtifact.Read.All and an "
                                "application access policy; sessions are recorded without attendance"
                            )
                            self._attendance_forbidden_logged = True
                        self._attendance_paused_until = now + FORBIDDEN_PAUSE
                        state = AttendanceState.UNAVAILABLE
                    elif not error.transient:
                        state = AttendanceState.UNAVAILABLE
                    else:
                        continue  # the next sweep asks again
                else:
                    if emails is not None:
                        count = len({e.lower() for e in emails} & enrolled)
                        state = AttendanceState.DONE
                        if self._attendance_paused_until is not None:
                            self._attendance_paused_until = None
                    elif now > session.end_at + ATTENDANCE_GIVE_UP:
                        state = AttendanceState.UNAVAILABLE
            if state is not None:
                async with self.database.unit_of_work() as uow:
                    await uow.sessions.set_attendance(session.id, count, state)


async def _announce(uow: UnitOfWork, session_id: int, kind: str, outcome: SyncOutcome, now: dt.datetime) -> None:
    """Tell the people of a course session (its students and tutor) or of a training (tutors and organizer)."""
    if kind == TRAINING:
        await announce_training(uow, session_id, outcome, now)
    else:
        await announce(uow, session_id, outcome, now)


async def _call_of(uow: UnitOfWork, session_id: int) -> tuple[_Call | None, dt.datetime | None]:
    """What the calendar must do for a session (or a training), and its start; (None, None) when it is gone."""
    found = await uow.sessions.row(session_id)
    if found is not None:
        students = await uow.sessions.students_of(found.course.id)
        return _call_for(found, tuple(Attendee(s.email, s.name) for s in students)), found.session.start_at
    training = await uow.sessions.training_row(session_id)
    if training is None:
        return None, None
    tutors = await uow.sessions.trainees(training.session.school_id)
    return _training_call(training, tuple(Attendee(t.email, t.name) for t in tutors)), training.session.start_at


def _training_call(row: TrainingRow, attendees: tuple[Attendee, ...]) -> _Call:
    """A training's meeting is in its organizer's (the УОО person's) mailbox, the tutors invited."""
    session = row.session
    organizer = row.organizer.email
    if session.state == SessionState.CANCELLED.value:
        return _Call("cancel" if session.graph_event_id else None, None, organizer, session.graph_event_id)
    if session.platform != "teams" or session.link_kind == LinkKind.EXTERNAL.value:
        return _Call(None, None, organizer, session.graph_event_id)
    lang = lang_from_locale(row.organizer.locale)
    view = training_view(row)
    request = MeetingRequest(
        organizer_email=organizer, subject=training_subject(lang, view),
        body_html=f"<p>{html.escape(training_subject(lang, view))}</p><p>{html.escape(row.organizer.name)}</p>"
                  "<p>Tutorbot</p>",
        start=session.start_at, duration_minutes=session.duration_min, attendees=attendees,
        transaction_id=session.transaction_id,
    )
    return _Call("update" if session.graph_event_id else "create", request, organizer, session.graph_event_id)


def _call_for(found: SessionRow, attendees: tuple[Attendee, ...]) -> _Call:
    """What the calendar must do for the session's current version."""
    session = found.session
    organizer = found.tutor.email
    if session.state == SessionState.CANCELLED.value:
        return _Call("cancel" if session.graph_event_id else None, None, organizer, session.graph_event_id)
    if session.state != SessionState.SCHEDULED.value or session.platform != "teams":
        return _Call(None, None, organizer, session.graph_event_id)
    if session.link_kind == LinkKind.EXTERNAL.value:
        return _Call(None, None, organizer, session.graph_event_id)
    lang = lang_from_locale(found.course.language)  # the event reads the way the course is taught
    view = view_of(found)
    request = MeetingRequest(
        organizer_email=organizer,
        subject=subject(lang, view),
        body_html=_body_html(lang, found),
        start=session.start_at,
        duration_minutes=session.duration_min,
        attendees=attendees,
        transaction_id=session.transaction_id,
    )
    return _Call("update" if session.graph_event_id else "create", request, organizer, session.graph_event_id)


def _body_html(lang: Lang, found: SessionRow) -> str:
    kind = kind_with_clause(lang, SessionKind(found.session.kind))
    course = f"{found.course.code} — {found.course.name}"
    tutor = f"{text(lang, 'sessions.card.tutor')}: {found.tutor.name}"
    return f"<p>{html.escape(kind)}</p><p>{html.escape(course)}</p><p>{html.escape(tutor)}</p><p>Tutorbot</p>"
