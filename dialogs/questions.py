"""`ask`, `questions` and their cards: students' questions and tutors' answers (regulation 8.8, 7.1, 7.2).

The flow: `ask` → question card → similar answered questions of the course (if any) → "that answers it" (nothing
sent, counted as a deflection) or "send mine anyway" → the question goes to the course's tutors through the
outbox → a tutor answers in the card (or from `questions`) → the answer goes back to the student through the
outbox, the question quoted → the student marks it resolved or follows up in the same thread.

Every submission carries a key (the card's `sid`, or the activity id for a typed `ask <text>`) stored with a
unique constraint, so a replay answers "already done" and changes nothing. Every proactive message has an
outbox key of its own (`question:<id>:new:<tutor>`, `…:answer:<answer id>`, `…:reminder:<tutor>`).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import Field

from cards.i18n import text
from cards.questions import (
    ACTION_ANSWER,
    ACTION_ASK,
    ACTION_FOLLOWUP,
    ACTION_RESOLVE,
    ACTION_SEND,
    ACTION_SIMILAR_ANSWERS,
    COURSE_TEXTS,
    MAX_ANSWER,
    MAX_QUESTION,
    SUPPORT_TEXTS,
    AnswerView,
    QuestionInput,
    SimilarItem,
    activity,
    answer_card,
    deflected_card,
    question_card,
    sent_card,
    similar_card,
    tutor_answered_card,
    tutor_card,
)
from dialogs.guards import offered_answer, personal_chat, roles_only
from dialogs.question_views import course_label, lang_of, short_subject, subject_label, texts_of, tutor_view
from dialogs.router import Refusal, Reply, Router, Turn
from dialogs.submission import Flag, Id, Submission, Text
from storage import Database, UnitOfWork
from storage.models import Course, Person
from storage.outbox import EnqueueOutcome
from storage.questions import Question, QuestionState
from tutoring.clock import Clock
from tutoring.response_time import OVERDUE, PROMISE, overdue_from, promised_by, quiet_hours
from tutoring.roles import Command, Role
from tutoring.similar import Candidate, find_similar

router = Router("questions")

LIST_LIMIT = 10  # cards per `questions`: one message each, so a long list would flood the chat
SWEEP_EVERY_S = 600  # the reminder / overdue sweep; reminders are due to the minute only to within this


def _new_sid() -> str:
    return secrets.token_hex(8)


# --- what the cards send ----------------------------------------------------------------------------------
class QuestionSubmission(Submission):
    """The question card, and the similar-answers card's buttons (which carry the draft along)."""

    course: Text = Field("", alias=QuestionInput.COURSE)
    question: Text = Field("", alias=QuestionInput.QUESTION)
    anonymous: Flag = Field(False, alias=QuestionInput.ANONYMOUS)
    sid: Text = Field("", alias=QuestionInput.SID)
    similar: Id = Field(None, alias=QuestionInput.SIMILAR)


class AnswerSubmission(Submission):
    """A tutor's answer card: the question by id (a named one) or by reference (an anonymous one)."""

    question_id: Id = Field(None, alias=QuestionInput.QUESTION_ID)
    question_ref: Text = Field("", alias=QuestionInput.QUESTION_REF)
    answer: Text = Field("", alias=QuestionInput.ANSWER)
    sid: Text = Field("", alias=QuestionInput.SID)


class AnsweredQuestionSubmission(Submission):
    """The student's answered-question card: resolve, or follow up with `question`."""

    question_id: Id = Field(None, alias=QuestionInput.QUESTION_ID)
    question: Text = Field("", alias=QuestionInput.QUESTION)
    sid: Text = Field("", alias=QuestionInput.SID)


def checked_question(body: str) -> str:
    if not body:
        raise Refusal("questions.error.empty")
    if len(body) > MAX_QUESTION:
        raise Refusal("questions.error.too_long", length=len(body), max=MAX_QUESTION)
    return body


def _student_only(turn: Turn) -> None:
    """Asking is for students only (CONTRACT §6); the bot's central rule already refuses others, this says why."""
    roles_only(turn, Command.ASK, Role.STUDENT)


# --- asking -------------------------------------------------------------------------
@router.command(Command.ASK, "спросить", "вопрос", "сұрақ")
async def ask(turn: Turn) -> list[Reply]:
    personal_chat(turn, "questions.error.channel", command=Command.ASK.value)
    courses = await turn.uow.people.courses_of(turn.person, turn.today)
    if not courses:
        return [Reply(text=text(turn.lang, "questions.error.no_courses"))]
    body = turn.args.strip()
    choices = [(c.code, c.name) for c in courses]
    if not body:
        return [Reply(card=question_card(turn.lang, choices, sid=_new_sid()))]
    checked_question(body)
    if len(courses) > 1:  # which course? the card asks, with the text already in it
        return [Reply(card=question_card(turn.lang, choices, sid=_new_sid(), draft=body))]
    return await _draft(turn, courses[0], body, anonymous=False, sid=f"typed:{turn.activity_id}", update=False)


async def _enrolled_course(turn: Turn, code: str) -> Course:
    """The student's course the card names (or their only one); else a refusal naming their courses."""
    courses = await turn.uow.people.courses_of(turn.person, turn.today)
    if not courses:
        raise Refusal("questions.error.no_courses")
    names = ", ".join(c.code for c in courses)
    if code:
        for course in courses:
            if course.code.lower() == code.lower():
                return course
        raise Refusal("questions.error.not_enrolled", course=code[:64], courses=names)
    if len(courses) > 1:
        raise Refusal("questions.error.choose_course", courses=names)
    return courses[0]


def submission_key(turn: Turn, sid: str) -> str:
    return sid[:100] or f"submit:{turn.activity_id}"


async def _not_replayed(turn: Turn, sid: str) -> None:
    """A submission already taken (Teams retry, double click) is answered "already done"."""
    earlier = await turn.uow.questions.by_key(sid)
    if earlier is not None:
        raise Refusal("questions.replay.asked", id=earlier.id)
    if await turn.uow.questions.deflection_by_key(sid) is not None:
        raise Refusal("questions.replay.deflected")


async def _submitted_question(turn: Turn, form: QuestionSubmission) -> tuple[Course, str]:
    """The question card's course and text, checked."""
    _student_only(turn)
    course = await _enrolled_course(turn, form.course)
    return course, checked_question(form.question)


@router.action(ACTION_ASK, command=Command.ASK, model=QuestionSubmission)
async def submit_question(turn: Turn, form: QuestionSubmission) -> list[Reply]:
    course, body = await _submitted_question(turn, form)
    return await _draft(turn, course, body, anonymous=form.anonymous, sid=submission_key(turn, form.sid), update=True)


async def _draft(turn: Turn, course: Course, body: str, *, anonymous: bool, sid: str, update: bool) -> list[Reply]:
    """Before it goes out: answered questions of the course that look like this one, if any."""
    await _not_replayed(turn, sid)
    answered = await turn.uow.questions.answered_in_course(course.id)
    by_id = {q.id: (q, a) for q, a in answered}
    matches = find_similar(body, [Candidate(q.id, q.text) for q, _ in answered])
    if not matches:
        return await send(turn, course, body, anonymous=anonymous, sid=sid, update=update)
    items = [SimilarItem(m.id, by_id[m.id][0].text, by_id[m.id][1].text) for m in matches]
    card = similar_card(turn.lang, course_label(course), body, items, sid=sid, course_code=course.code,
                        anonymous=anonymous)
    return [Reply(card=card, update=update)]


@router.action(ACTION_SEND, command=Command.ASK, model=QuestionSubmission)
async def send_anyway(turn: Turn, form: QuestionSubmission) -> list[Reply]:
    course, body = await _submitted_question(turn, form)
    return await send(turn, course, body, anonymous=form.anonymous, sid=submission_key(turn, form.sid), update=True)


@router.action(ACTION_SIMILAR_ANSWERS, command=Command.ASK, model=QuestionSubmission)
async def similar_answers_it(turn: Turn, form: QuestionSubmission) -> list[Reply]:
    _student_only(turn)
    sid = submission_key(turn, form.sid)
    await _not_replayed(turn, sid)
    course = await _enrolled_course(turn, form.course)
    offered = await offered_answer(turn, course, form.similar)
    if offered is None:
        raise Refusal("questions.error.unknown", command=Command.ASK.value)
    matched, first_answer = offered
    await turn.uow.questions.deflect(key=sid, course=course, student=turn.person, matched=matched,
                                     text=form.question[:MAX_QUESTION], now=turn.now)
    item = SimilarItem(matched.id, matched.text, first_answer.text)
    return [Reply(card=deflected_card(turn.lang, course_label(course), item), update=True)]


async def send(turn: Turn, course: Course | None, body: str, *, anonymous: bool, sid: str, update: bool,
               thread: Question | None = None) -> list[Reply]:
    """Record the question and queue a card to each who answers it (the course's tutors; with `course` None, a
    tutor's question to everyone of the УОО); tell the asker what happens next."""
    await _not_replayed(turn, sid)
    question = await turn.uow.questions.ask(course=course, student=turn.person, text=body, anonymous=anonymous,
                                            key=sid, now=turn.now, thread=thread)
    tutors = await turn.uow.questions.answerers(question)
    unreachable = await _notify_tutors(turn.uow, question, tutors, turn.now, kind="followup" if thread else "new")
    card = sent_card(turn.lang, question_id=question.id, course=subject_label(question, turn.lang),
                     tutors=[t.name for t in tutors], question=body, deadline=promised_by(turn.now),
                     anonymous=anonymous, unreachable=[t.name for t in unreachable], texts=texts_of(question))
    return [Reply(card=card, update=update)]


async def _notify_tutors(uow: UnitOfWork, question: Question, tutors: list[Person], now: dt.datetime, *,
                         kind: str) -> list[Person]:
    """Queue the answer card to each tutor (or УОО person); return those the bot cannot reach (never opened it)."""
    unreachable: list[Person] = []
    step = "reminder" if kind == "reminder" else "new"
    summary_key = f"{texts_of(question)}.{step}.summary"
    for tutor in tutors:
        lang = lang_of(tutor)
        card = tutor_card(lang, await tutor_view(uow, question, now, lang), sid=_new_sid(), kind=kind)
        outcome = await uow.outbox.to_person(tutor, f"question:{question.id}:{step}:{tutor.id}",
                                             activity(text(lang, summary_key, course=short_subject(question, lang)),
                                                      card))
        if outcome is EnqueueOutcome.UNREACHABLE:
            unreachable.append(tutor)
    return unreachable


# --- answering ----------------------------------------------------------------------------
@router.command(Command.QUESTIONS, "вопросы", "сұрақтар")
async def open_questions(turn: Turn) -> list[Reply]:
    personal_chat(turn, "questions.error.channel", command=Command.QUESTIONS.value)
    uoo = turn.role is Role.UOO  # the УОО answers tutors' questions (6.2), tutors their students'
    texts = SUPPORT_TEXTS if uoo else COURSE_TEXTS
    listed = turn.uow.questions.open_for_uoo(LIST_LIMIT) if uoo else \
        turn.uow.questions.open_for_tutor(turn.person.id, LIST_LIMIT)
    questions, total = await listed
    if not questions:
        return [Reply(text=text(turn.lang, f"{texts}.list.none"))]
    replies = [Reply(text=text(turn.lang, f"{texts}.list.header", count=total))]
    for question in questions:
        view = await tutor_view(turn.uow, question, turn.now, turn.lang)
        kind = "followup" if question.thread_id is not None else "new"
        replies.append(Reply(card=tutor_card(turn.lang, view, sid=_new_sid(), kind=kind)))
    if total > len(questions):
        replies.append(Reply(text=text(turn.lang, "questions.list.more", shown=len(questions), count=total)))
    return replies


def tutor_reference(question: Question) -> str:
    """How a question is named to a tutor: its id, or for an anonymous one its random reference."""
    return question.ref if question.anonymous else str(question.id)


async def _question_answered(turn: Turn, form: AnswerSubmission) -> Question:
    """The question an answer card is about, in a course this tutor answers: by its reference, or by id for a
    named one only (an anonymous question's id must not be tied to its reference in any reply)."""
    if form.question_ref:
        question = await turn.uow.questions.by_ref(form.question_ref[:16])
    else:
        question = await turn.uow.questions.get(form.question_id) if form.question_id is not None else None
        question = None if question is None or question.anonymous else question
    if question is None or (question.course is None and not await turn.uow.questions.may_answer(turn.person, question)):
        raise Refusal("questions.error.unknown", command=Command.QUESTIONS.value)
    if question.course is not None and not await turn.uow.questions.may_answer(turn.person, question):
        raise Refusal("questions.error.not_your_course", id=tutor_reference(question), course=question.course.code)
    return question


@router.action(ACTION_ANSWER, command=Command.QUESTIONS, model=AnswerSubmission)
async def answer(turn: Turn, form: AnswerSubmission) -> list[Reply]:
    question = await _question_answered(turn, form)
    reference = tutor_reference(question)
    sid = submission_key(turn, form.sid)
    if await turn.uow.questions.answer_by_key(sid) is not None:
        raise Refusal("questions.replay.answer")
    if question.state == QuestionState.CLOSED:
        raise Refusal("questions.error.closed", id=reference)
    if question.to_uoo and question.first_answered_at is not None:
        return await _answered_already(turn, question)
    body = form.answer
    if not body:
        raise Refusal("questions.error.answer_empty")
    if len(body) > MAX_ANSWER:
        raise Refusal("questions.error.answer_too_long", length=len(body), max=MAX_ANSWER)
    view = await tutor_view(turn.uow, question, turn.now, turn.lang)
    row = await turn.uow.questions.answer(question=question, tutor=turn.person, text=body, key=sid, now=turn.now)
    asker = question.student
    lang = lang_of(asker)
    texts = texts_of(question)
    card = answer_card(lang, AnswerView(question.id, subject_label(question, lang), question.text, turn.person.name,
                                        body, row.id, texts), state="final" if question.to_uoo else "open")
    outcome = await turn.uow.outbox.to_person(
        asker, f"question:{question.id}:answer:{row.id}",
        activity(text(lang, f"{texts}.answered.summary", course=short_subject(question, lang)), card),
    )
    if question.to_uoo:
        await _tell_the_other_answerers(turn, question, body)
    said = "answer.student_unreachable" if outcome is EnqueueOutcome.UNREACHABLE else "answer.sent"
    return [
        Reply(card=tutor_answered_card(turn.lang, view, body, turn.now), update=True),
        Reply(text=text(turn.lang, f"{texts}.{said}", id=reference)),
    ]


async def _answered_already(turn: Turn, question: Question) -> list[Reply]:
    """A question to the УОО is answered once, by whoever is first: a later answer changes nothing, and the card
    says who answered."""
    first = (await turn.uow.questions.answers([question.id]))[0]
    view = await tutor_view(turn.uow, question, turn.now, turn.lang)
    card = tutor_answered_card(turn.lang, view, first.text, first.answered_at, by=first.tutor.name)
    said = text(turn.lang, "support.already_answered", id=question.id, name=first.tutor.name)
    return [Reply(card=card, update=True), Reply(text=said)]


async def _tell_the_other_answerers(turn: Turn, question: Question, body: str) -> None:
    """Everyone else of the УОО got the same card: each learns who answered, so nobody answers twice."""
    for person in await turn.uow.questions.answerers(question):
        if person.id == turn.person.id:
            continue
        lang = lang_of(person)
        view = await tutor_view(turn.uow, question, turn.now, lang)
        card = tutor_answered_card(lang, view, body, turn.now, by=turn.person.name)
        summary = text(lang, "support.answered_by_other.summary", id=question.id, name=turn.person.name)
        await turn.uow.outbox.to_person(person, f"question:{question.id}:answered:{person.id}",
                                        activity(summary, card))


# --- the student after the answer -----------------------------------------------------------
async def _own_question(turn: Turn, question_id: int | None) -> Question:
    """The student's own question a card names; else a refusal."""
    question = await turn.uow.questions.get(question_id) if question_id is not None else None
    if question is None:
        raise Refusal("questions.error.unknown", command=Command.ASK.value)
    if question.student_id != turn.person.id:
        raise Refusal("questions.error.not_yours")
    return question


async def _answer_view(turn: Turn, question: Question) -> AnswerView | None:
    answers = await turn.uow.questions.answers([question.id])
    if not answers:
        return None
    last = answers[-1]
    return AnswerView(question.id, subject_label(question, turn.lang), question.text, last.tutor.name, last.text,
                      last.id, texts_of(question))


@router.action(ACTION_RESOLVE, command=Command.ASK, model=AnsweredQuestionSubmission)
async def resolve(turn: Turn, form: AnsweredQuestionSubmission) -> list[Reply]:
    question = await _own_question(turn, form.question_id)
    turn.anonymous = turn.anonymous or question.anonymous
    if await turn.uow.questions.close_thread(question, turn.now) == 0:
        return [Reply(text=text(turn.lang, "questions.replay.resolved"))]
    view = await _answer_view(turn, question)
    if view is None:
        return [Reply(text=text(turn.lang, "questions.resolved"))]
    return [Reply(card=answer_card(turn.lang, view, state="resolved"), update=True)]


@router.action(ACTION_FOLLOWUP, command=Command.ASK, model=AnsweredQuestionSubmission)
async def follow_up(turn: Turn, form: AnsweredQuestionSubmission) -> list[Reply]:
    question = await _own_question(turn, form.question_id)
    turn.anonymous = turn.anonymous or question.anonymous
    sid = submission_key(turn, form.sid)
    await _not_replayed(turn, sid)
    body = checked_question(form.question)
    course = question.course
    if course is None:  # a tutor's question to the УОО is never a student's to follow up
        raise Refusal("questions.error.not_yours")
    if not await turn.uow.questions.is_enrolled(turn.person.id, course.id):
        courses = await turn.uow.people.courses_of(turn.person, turn.today)
        raise Refusal("questions.error.not_enrolled", course=course.code,
                      courses=", ".join(c.code for c in courses) or "—")
    root = await turn.uow.questions.get(question.root_id) or question
    sent = await send(turn, course, body, anonymous=root.anonymous, sid=sid, update=False, thread=question)
    replies: list[Reply] = []
    view = await _answer_view(turn, question)
    new = await turn.uow.questions.by_key(sid)
    if view is not None and new is not None:
        replies.append(Reply(card=answer_card(turn.lang, view, state="followed_up", follow_up=body,
                                              follow_up_id=new.id), update=True))
    return replies + sent


# --- a new tutor takes over (8.3) -------------------------------------------------------------
async def hand_over(uow: UnitOfWork, course_ids: set[int], now: dt.datetime) -> int:
    """The course's tutor was replaced: each open question goes to the tutors now assigned, and its student
    learns who answers now. Keys name the new tutors, so a second run sends nothing twice."""
    handed = 0
    for question in await uow.questions.open_in_courses(course_ids):
        tutors = await uow.questions.answerers(question)
        if not tutors:
            continue
        await _notify_tutors(uow, question, tutors, now, kind="new")
        lang = lang_of(question.student)
        names = ", ".join(t.name for t in tutors)
        key = f"question:{question.id}:handover:{'-'.join(str(t.id) for t in tutors)}"
        await uow.outbox.to_person(question.student, key, {"type": "message", "text": text(
            lang, "questions.handover", course=subject_label(question, lang), tutors=names)})
        handed += 1
    return handed


# --- the sweep: reminders at 24 h, overdue at 48 h -------------------------------------------
@dataclass(frozen=True)
class SweepResult:
    reminded: int
    overdue: int


async def sweep(uow: UnitOfWork, now: dt.datetime) -> SweepResult:
    """Remind the tutors once about questions unanswered for 24 working hours; flag those past 48 as overdue.

    Idempotent: `reminded_at` / `overdue_at` mark what is done and the reminder's outbox key is unique, so a
    sweep that runs twice, late, or on two replicas sends each reminder once.
    """
    reminded = 0
    if not quiet_hours(now):  # a reminder due at night waits for the morning
        for question in await uow.questions.unanswered_since(now - PROMISE, not_reminded=True):
            if now < promised_by(question.asked_at):
                continue  # 24 wall-clock hours, but not 24 working hours yet (a weekend in between)
            tutors = await uow.questions.answerers(question)  # the course's tutors, or the УОО
            await _notify_tutors(uow, question, tutors, now, kind="reminder")
            question.reminded_at = now
            reminded += 1
    flagged = 0
    for question in await uow.questions.unanswered_since(now - OVERDUE, not_flagged=True):
        deadline = overdue_from(question.asked_at)
        if now >= deadline:
            question.overdue_at = deadline
            flagged += 1
    return SweepResult(reminded, flagged)


async def run_sweep(database: Database, clock: Clock, kick: Callable[[], None]) -> SweepResult:
    """What the scheduler runs (bot/jobs.py): one transaction, then wake the outbox delivery."""
    async with database.unit_of_work() as uow:
        result = await sweep(uow, clock.now())
    if uow.outbox.enqueued:
        kick()
    return result
