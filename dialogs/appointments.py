"""`appoint`: a tutor candidate from the school's teaching staff is proposed for an offering (8.2), the dean
agrees or rejects with a comment on an Action.Execute card, and the School Council's decision (8.3) makes the
assignment active from its date; the tutor is welcomed and the course's students learn who their tutor is."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from pydantic import Field

from cards.appointments import (
    ACTION_DECIDE,
    ACTION_PROPOSE,
    MAX_COMMENT,
    MAX_COUNCIL_NUMBER,
    AppointInput,
    Choice,
    ProposalView,
    council_text,
    proposal_form,
    review_card,
)
from cards.i18n import text
from cards.questions import activity
from dialogs.questions import hand_over
from dialogs.router import Refusal, Reply, Router, Turn
from dialogs.submission import Id, Submission, Text
from storage.appointments import ProposalState, TutorProposal
from storage.models import Course, Person
from storage.outbox import EnqueueOutcome
from tutoring.locale import Lang, lang_from_locale
from tutoring.roles import Command, Role

router = Router("appointments")


class ProposalSubmission(Submission):
    """The proposal form: an offering (by id) and a candidate (by email)."""

    course: Text = Field("", alias=AppointInput.COURSE)
    tutor: Text = Field("", alias=AppointInput.TUTOR)
    sid: Text = Field("", alias=AppointInput.SID)


class DecisionSubmission(Submission):
    """The dean's review card (Action.Execute): approve with the council's number and date, or reject with a
    comment."""

    proposal: Id = Field(None, alias=AppointInput.PROPOSAL)
    verdict: Text = Field("", alias=AppointInput.VERDICT)
    council_number: Text = Field("", alias=AppointInput.COUNCIL_NUMBER)
    council_date: Text = Field("", alias=AppointInput.COUNCIL_DATE)
    comment: Text = Field("", alias=AppointInput.COMMENT)


def _t(lang: Lang, key: str, **values: object) -> str:
    return text(lang, "appoint." + key, **values)


def _label(course: Course) -> str:
    return f"{course.code} {course.name}"


def _lang_of(person: Person) -> Lang:
    return lang_from_locale(person.locale)


@router.command(Command.APPOINT, "закрепить", "бекіту")
async def appoint(turn: Turn) -> list[Reply]:
    courses = await turn.uow.people.courses_of(turn.person, turn.today)
    if not courses:
        return [Reply(text=_t(turn.lang, "no_courses"))]
    if turn.args:
        words = turn.args.split()
        if len(words) != 2:
            return [Reply(text=_t(turn.lang, "error.usage"))]
        course = next((c for c in courses if c.code.lower() == words[0].lower()), None)
        if course is None:
            return [Reply(text=_t(turn.lang, "error.course"))]
        return await _propose(turn, course, words[1], key=f"typed:{turn.activity_id or uuid.uuid4().hex}")
    semester = courses[0].semester
    untutored = {c.id for c in await turn.uow.appointments.untutored(semester, turn.person.school_id
                                                                      if turn.role is Role.DEAN else None)}
    ordered = sorted(courses, key=lambda c: (c.id not in untutored, c.code))
    course_choices = [Choice(str(c.id), _label(c) + (f" — {_t(turn.lang, 'no_tutor_mark')}" if c.id in untutored
                                                      else "")) for c in ordered]
    staff: list[Person] = []
    for school_id in sorted({c.school_id for c in courses}):
        staff += await turn.uow.appointments.staff_of_school(school_id)
    tutor_choices = [Choice(p.email, f"{p.name} ({p.email})") for p in staff]
    return [Reply(card=proposal_form(turn.lang, course_choices, tutor_choices, sid=uuid.uuid4().hex))]


@router.action(ACTION_PROPOSE, command=Command.APPOINT, model=ProposalSubmission)
async def propose(turn: Turn, form: ProposalSubmission) -> list[Reply]:
    courses = await turn.uow.people.courses_of(turn.person, turn.today)
    course = next((c for c in courses if str(c.id) == form.course), None)
    if course is None:
        raise Refusal("appoint.error.course")
    sid = form.sid[:100] or turn.activity_id
    return await _propose(turn, course, form.tutor, key=f"card:{sid}")


async def _propose(turn: Turn, course: Course, email: str, *, key: str) -> list[Reply]:
    uow = turn.uow
    replayed = await uow.appointments.by_key(key)
    if replayed is not None:
        return [Reply(text=_t(turn.lang, "error.pending", tutor=replayed.tutor.name, course=course.code))]
    tutor = await uow.people.by_email(email.strip().lower()[:320])
    if tutor is None or tutor.role != Role.TUTOR.value or tutor.school_id != course.school_id:
        return [Reply(text=_t(turn.lang, "error.tutor"))]
    if await uow.questions.is_tutor_of(tutor.id, course.id):
        return [Reply(text=_t(turn.lang, "error.already", tutor=tutor.name, course=course.code))]
    if await uow.appointments.pending(course.id, tutor.id) is not None:
        return [Reply(text=_t(turn.lang, "error.pending", tutor=tutor.name, course=course.code))]
    deans = await uow.appointments.deans_of_school(course.school_id)
    if not deans:
        return [Reply(text=_t(turn.lang, "error.no_dean"))]
    proposal = await uow.appointments.propose(key=key, course=course, tutor=tutor, by=turn.person, now=turn.now)
    replies = [Reply(text=_t(turn.lang, "sent", tutor=tutor.name, course=course.code,
                             deans=", ".join(d.name for d in deans)), update=True)]
    unreachable: list[str] = []
    for dean in deans:
        if dean.id == turn.person.id:  # the dean proposes: the approval card comes right here
            replies.append(Reply(card=review_card(turn.lang, _view(proposal), today=turn.today)))
            continue
        lang = _lang_of(dean)
        card = review_card(lang, _view(proposal), today=turn.today)
        outcome = await uow.outbox.to_person(dean, f"appoint:{proposal.id}:review:{dean.id}",
                                             activity(_t(lang, "review.summary", course=course.code), card))
        if outcome is EnqueueOutcome.UNREACHABLE:
            unreachable.append(dean.name)
    if unreachable:
        replies.append(Reply(text=_t(turn.lang, "unreachable", deans=", ".join(unreachable))))
    return replies


def _view(proposal: TutorProposal) -> ProposalView:
    return ProposalView(
        proposal_id=proposal.id, course=_label(proposal.course), semester=proposal.course.semester,
        candidate=proposal.tutor.name, proposed_by=proposal.proposed_by.name, state=proposal.state,
        decided_by=proposal.decided_by.name if proposal.decided_by else None, decided_at=proposal.decided_at,
        council_number=proposal.council_number, council_date=proposal.council_date, comment=proposal.comment,
    )


async def _proposal_of_my_school(turn: Turn, proposal_id: int | None) -> TutorProposal:
    """The proposal a review card names, if it is for an offering of this dean's school; else a refusal."""
    proposal = await turn.uow.appointments.get(proposal_id) if proposal_id is not None else None
    if proposal is None:
        raise Refusal("appoint.error.unknown")
    if turn.role is not Role.DEAN or turn.person.school_id != proposal.course.school_id:
        raise Refusal("appoint.error.not_dean")
    return proposal


@router.action(ACTION_DECIDE, command=Command.APPOINT_DECIDE, model=DecisionSubmission)
async def decide(turn: Turn, form: DecisionSubmission) -> list[Reply]:
    proposal = await _proposal_of_my_school(turn, form.proposal)
    if proposal.state != ProposalState.PROPOSED.value:  # a second click: show the decision, change nothing
        return [Reply(card=review_card(turn.lang, _view(proposal)), update=True)]
    if form.verdict == "approve":
        return await _approve(turn, form, proposal)
    if form.verdict == "reject":
        return await _reject(turn, form, proposal)
    raise Refusal("bad_submission")


def _council_date(value: str, today: dt.date) -> dt.date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return day if day <= today else None


async def _approve(turn: Turn, form: DecisionSubmission, proposal: TutorProposal) -> list[Reply]:
    number = " ".join(form.council_number.split())
    day = _council_date(form.council_date, turn.today)
    problem = None
    if not number or len(number) > MAX_COUNCIL_NUMBER:
        problem = _t(turn.lang, "error.council_number")
    elif day is None:
        problem = _t(turn.lang, "error.council_date")
    if problem is not None or day is None:
        return [Reply(card=review_card(turn.lang, _view(proposal), problem=problem, today=turn.today), update=True)]
    uow = turn.uow
    await uow.appointments.approve(proposal, dean=turn.person, council_number=number, council_date=day, now=turn.now)
    course, tutor = proposal.course, proposal.tutor
    lang = _lang_of(tutor)
    await uow.outbox.to_person(tutor, f"appoint:{proposal.id}:welcome", {"type": "message", "text": _t(
        lang, "welcome", course=_label(course), semester=course.semester, council=council_text(lang, number, day))})
    for student in await uow.sessions.students_of(course.id):
        lang = _lang_of(student)
        await uow.outbox.to_person(student, f"appoint:{proposal.id}:student:{student.id}", {
            "type": "message", "text": _t(lang, "students", course=_label(course), tutor=tutor.name)})
    await hand_over(uow, {course.id}, turn.now)  # questions asked while the course had no tutor
    await _tell_proposer(turn, proposal, _t(_lang_of(proposal.proposed_by), "decided.approved", tutor=tutor.name,
                                            course=course.code))
    return [Reply(card=review_card(turn.lang, _view(proposal)), update=True)]


async def _reject(turn: Turn, form: DecisionSubmission, proposal: TutorProposal) -> list[Reply]:
    comment = form.comment
    if not comment or len(comment) > MAX_COMMENT:
        return [Reply(card=review_card(turn.lang, _view(proposal), problem=_t(turn.lang, "error.comment"),
                                       today=turn.today), update=True)]
    await turn.uow.appointments.reject(proposal, dean=turn.person, comment=comment, now=turn.now)
    await _tell_proposer(turn, proposal, _t(_lang_of(proposal.proposed_by), "decided.rejected",
                                            tutor=proposal.tutor.name, course=proposal.course.code, comment=comment))
    return [Reply(card=review_card(turn.lang, _view(proposal)), update=True)]


async def _tell_proposer(turn: Turn, proposal: TutorProposal, message: str) -> None:
    if proposal.proposed_by_id != turn.person.id:
        await turn.uow.outbox.to_person(proposal.proposed_by, f"appoint:{proposal.id}:decided",
                                        {"type": "message", "text": message})
