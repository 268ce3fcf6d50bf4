"""`training`: the Office of Online Education trains tutors (Regulation 6.2, CONTRACT §11).

A training is a session of kind `training` with no course: the УОО person who schedules it organizes the meeting,
the tutors of one school (or of every school) are its attendees. It is recorded like a tutor's session (sync
pending) and goes through the same sessions worker and calendar backends; after the calendar answered,
`announce_training` invites the tutors and tells the organizer, once per version:

| message | key |
| --- | --- |
| a tutor's invitation / change / cancellation | `session:{id}:v{version}:{notice}:tutor:{person}` |
| the organizer's word after the calendar answered | `session:{id}:v{version}.{round}:organizer:{outcome}` |
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from cards.i18n import text
from cards.training import (
    ACTION_TRAINING,
    ACTION_TRAINING_CANCEL,
    TrainingInput,
    TrainingNotice,
    TrainingView,
    invitation_card,
    invitation_text,
    training_card,
    training_session_card,
)
from dialogs.guards import roles_only
from dialogs.router import Refusal, Reply, Router, Turn
from dialogs.sessions import (
    NewSessionSubmission,
    activity_of,
    new_submission,
    pending_session,
    person_lang,
    problem_text,
)
from dialogs.submission import Id, Submission, Text
from storage import UnitOfWork
from storage.outbox import EnqueueOutcome
from storage.sessions import SessionState, TrainingRow
from tutoring.calendar import LinkKind, SyncOutcome
from tutoring.clock import ALMATY
from tutoring.roles import Command, Role
from tutoring.sessions import FormProblem, parse_session_form, tell_now, version_notice
from tutoring.training import TRAINING, parse_audience

router = Router("training")


class TrainingSubmission(NewSessionSubmission):
    """The training card: the schedule card's inputs with `school` (a code or `all`) for `course`."""

    school: Text = Field("", alias=TrainingInput.SCHOOL)


class TrainingButton(Submission):
    session: Id = Field(None, alias=TrainingInput.SESSION)
    submission: Text = Field("", alias=TrainingInput.SUBMISSION)


def training_view(row: TrainingRow) -> TrainingView:
    s = row.session
    school = f"{row.school.code} — {row.school.name}" if row.school is not None else None
    return TrainingView(id=s.id, school=school, start=s.start_at, duration_minutes=s.duration_min,
                        platform=s.platform, organizer_name=row.organizer.name, state=s.state, title=s.title,
                        join_url=s.join_url, link_kind=LinkKind(s.link_kind) if s.link_kind else None,
                        sync_state=s.sync_state)


def _key(turn: Turn, verb: str, submission: str) -> str:
    scope = f"training-{verb}:{turn.person.id}"
    return f"{scope}:{submission[:80]}" if submission else f"{scope}:activity:{turn.activity_id}"


async def _organizer_reply(turn: Turn, session_id: int, said: str) -> list[Reply]:
    """`said`, and the training's card in place of the submitted one (so it cannot be sent twice)."""
    row = await turn.uow.sessions.training_row(session_id)
    assert row is not None
    card = training_session_card(turn.lang, training_view(row), organizer=True, submission=new_submission(),
                                 now=turn.now)
    return [Reply(text=said, card=card, update=True)]


@router.command(Command.TRAINING, "обучение", "оқыту")
async def training(turn: Turn) -> list[Reply]:
    """The training card: every school to choose from, or all tutors."""
    schools = [(s.code, s.name) for s in await turn.uow.summary.schools()]
    return [Reply(card=training_card(turn.lang, schools, new_submission(), turn.today))]


@router.action(ACTION_TRAINING, command=Command.TRAINING, model=TrainingSubmission)
async def submit_training(turn: Turn, form: TrainingSubmission) -> list[Reply]:
    roles_only(turn, Command.TRAINING, Role.UOO)
    uow = turn.uow
    key = _key(turn, "schedule", form.submission)
    done = await uow.sessions.change_by_key(key)
    if done is not None:
        return await _organizer_reply(turn, done.session_id, text(turn.lang, "sessions.replay"))
    schools = await uow.summary.schools()
    audience = parse_audience(form.school, [s.code for s in schools])
    if isinstance(audience, FormProblem):
        return [Reply(text=text(turn.lang, "training.bad.school"))]
    checked = parse_session_form(form.model_dump(by_alias=True), now=turn.now, tz=ALMATY, new=True,
                                 course_session=False)
    if isinstance(checked, FormProblem):
        return [Reply(text=problem_text(turn.lang, checked))]
    school = next((s for s in schools if s.code == audience.school), None)
    session = pending_session(turn, checked, kind=TRAINING, school_id=school.id if school else None)
    await uow.sessions.add(session)
    await uow.sessions.log_change(session.id, key, "schedule", turn.person.id, turn.now)
    invited = await uow.sessions.trainees(session.school_id)
    return await _organizer_reply(turn, session.id, text(turn.lang, "training.scheduled", count=len(invited)))


@router.action(ACTION_TRAINING_CANCEL, command=Command.TRAINING, model=TrainingButton)
async def cancel_training(turn: Turn, form: TrainingButton) -> list[Reply]:
    """The organizer cancels a training that has not started; the tutors are told by the worker."""
    row = await turn.uow.sessions.training_row(form.session) if form.session is not None else None
    if row is None or row.session.tutor_id != turn.person.id:
        raise Refusal("training.not_found")
    session = row.session
    key = _key(turn, f"cancel-{session.id}", form.submission)
    if await turn.uow.sessions.change_by_key(key) is not None:
        return await _organizer_reply(turn, session.id, text(turn.lang, "sessions.replay"))
    if session.state != SessionState.SCHEDULED.value or session.start_at <= turn.now:
        raise Refusal("sessions.not_changeable", state=text(turn.lang, f"sessions.state.{session.state}"))
    session.state = SessionState.CANCELLED.value
    session.cancel_reason = "cancelled"
    await turn.uow.sessions.mark_changed(session, turn.now)
    await turn.uow.sessions.log_change(session.id, key, "cancel", turn.person.id, turn.now)
    return await _organizer_reply(turn, session.id, text(turn.lang, "training.cancelled"))


# --- after the calendar answered (called by the sessions worker) ----------------------------------------------
async def announce_training(uow: UnitOfWork, session_id: int, outcome: SyncOutcome, now: dt.datetime) -> None:
    """Invite the tutors once the meeting exists (a change or a cancellation at once), and tell the organizer."""
    row = await uow.sessions.training_row(session_id)
    if row is None:
        return
    session = row.session
    notice = version_notice(session.state == SessionState.CANCELLED.value, session.announced_version)
    sent, total = 0, 0
    if notice is not None and tell_now(notice, outcome.kind, session.announced_version, session.version):
        sent, total = await _tell_tutors(uow, row, notice)
        session.announced_version = session.version
        session.announced_at = now
    lang = person_lang(row.organizer)
    error = outcome.message or text(lang, "sessions.graph.unreachable")
    line = {"done": text(lang, "training.organizer.done", sent=sent, total=total),
            "pending": text(lang, "training.organizer.pending", error=error)}.get(
        outcome.kind, text(lang, "training.organizer.failed", status=outcome.status or "?", error=error))
    card = training_session_card(lang, training_view(row), notes=[line], organizer=True,
                                 submission=new_submission(), now=now)
    key = f"session:{session.id}:v{session.version}.{session.sync_round}:organizer:{outcome.kind}"
    await uow.outbox.to_person(row.organizer, key, activity_of(line, card))


async def _tell_tutors(uow: UnitOfWork, row: TrainingRow, notice: TrainingNotice) -> tuple[int, int]:
    """One message per invited tutor, in their language; the key makes it once. (sent, invited)."""
    tutors = await uow.sessions.trainees(row.session.school_id)
    view = training_view(row)
    sent = 0
    for tutor in tutors:
        lang = person_lang(tutor)
        activity = activity_of(invitation_text(lang, view, notice), invitation_card(lang, view, notice))
        key = f"session:{row.session.id}:v{row.session.version}:{notice}:tutor:{tutor.id}"
        if await uow.outbox.to_person(tutor, key, activity) is not EnqueueOutcome.UNREACHABLE:
            sent += 1
    return sent, len(tutors)
