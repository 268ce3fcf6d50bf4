"""What the sessions worker tells people (CONTRACT §3, §8), split from `dialogs/sessions.py`: after the calendar
answered, the students' notices and the tutor's word (`announce`); the reminder and "was it held?" sweeps
(`queue_reminders`, `ask_held`). They only read the tables and queue messages; the outbox keys are in
`dialogs/sessions.py`'s docstring.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from cards.i18n import text
from cards.sessions import Notice, held_question_card, notice_card, notice_text, session_card, subject
from dialogs.sessions import activity_of, new_submission, person_lang, view_of
from storage import UnitOfWork
from storage.outbox import EnqueueOutcome
from storage.sessions import SessionRow, SessionState
from tutoring.calendar import LinkKind, SyncOutcome
from tutoring.locale import Lang
from tutoring.norms import CATEGORY_OF_KIND, SessionKind, category_label
from tutoring.sessions import REMINDER_LEADS, reminder_due, tell_now, version_notice

# --- telling people (called by the sessions worker, after the calendar answered) ---------------------------


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
        lang = person_lang(student)
        activity = activity_of(notice_text(lang, view, notice), notice_card(lang, view, notice))
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
    notice = version_notice(session.state == SessionState.CANCELLED.value, session.announced_version)
    reach: Reach | None = None
    if notice is not None and tell_now(notice, outcome.kind, session.announced_version, session.version):
        reach = await tell_students(uow, row, notice, f"session:{session.id}:v{session.version}:{notice}")
        session.announced_version = session.version
        session.announced_at = now
    lang = person_lang(row.tutor)
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
    card = session_card(lang, view_of(row, students), tutor=True, notes=lines, submission=new_submission(),
                        now=now)
    key = f"session:{session.id}:v{session.version}.{session.sync_round}:tutor:{outcome.kind}"
    await uow.outbox.to_person(row.tutor, key, activity_of(lines[0], card))


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
        lang = person_lang(row.tutor)
        kind = SessionKind(session.kind)
        view = view_of(row)
        card = held_question_card(lang, view, Decimal(session.duration_min) / 60,
                                  category_label(CATEGORY_OF_KIND[kind], lang))
        line = f"{text(lang, 'sessions.held.title')} {subject(lang, view)}"
        await uow.outbox.to_person(row.tutor, f"session:{session.id}:held-question", activity_of(line, card))
        asked += 1
    return asked
