"""Proctoring reports (Regulation 7.3, CONTRACT §9): a report arrives (`POST /api/proctoring`, `import-proctoring`),
the course's tutors review those at or above the threshold or with violations (`reviews`, the card), one decision
each; a resend that changes the score or the violations reopens it."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from cards.i18n import text
from cards.proctoring import ACTION_REVIEW, MAX_COMMENT, ReportView, ReviewInput, review_card
from cards.questions import activity
from dialogs.router import Refusal, Reply, Router, Turn
from dialogs.submission import Id, Submission, Text
from storage import UnitOfWork
from storage.proctoring import ProctoringReport, ReviewState
from tutoring.locale import lang_from_locale
from tutoring.proctoring import ProctoringRecord
from tutoring.roles import Command

router = Router("proctoring")
LIST_LIMIT = 10


def _view(report: ProctoringReport) -> ReportView:
    return ReportView(
        report_id=report.id, version=report.version, course=f"{report.course.code} {report.course.name}",
        student=report.student.name, exam=report.exam, started_at=report.started_at, score=report.score,
        violations=report.violations(), video_url=report.video_url, state=report.review_state,
        decided_by=report.decided_by.name if report.decided_by else None, decided_at=report.decided_at,
        comment=report.comment,
    )


async def receive(uow: UnitOfWork, record: ProctoringRecord, now: dt.datetime) -> str | None:
    """Store a report (or its resend); a review to do goes to the course's tutors. The problem naming the field
    when the course or the student is not in the roster."""
    course = await uow.proctoring.offering(record.course, record.semester)
    if course is None:
        return f"course: no course {record.course!r} in semester {record.semester!r}"
    student = await uow.people.by_email(record.student_email)
    if student is None or student.role != "student":
        return f"student_email: {record.student_email!r} is not a student in the roster"
    received = await uow.proctoring.receive(record, course=course, student=student, now=now)
    if received.to_review:
        report = received.report
        for tutor in await uow.questions.tutors_of(course.id):
            lang = lang_from_locale(tutor.locale)
            card = review_card(lang, _view(report))
            await uow.outbox.to_person(tutor, f"proctoring:{report.id}:v{report.version}:{tutor.id}",
                                       activity(text(lang, "proctoring.summary", course=course.code), card))
    return None


@router.command(Command.REVIEWS, "проверки", "тексерулер")
async def reviews(turn: Turn) -> list[Reply]:
    pending = await turn.uow.proctoring.pending_for_tutor(turn.person.id)
    if not pending:
        return [Reply(text=text(turn.lang, "proctoring.none"))]
    replies = [Reply(text=text(turn.lang, "proctoring.header", count=len(pending)))]
    return replies + [Reply(card=review_card(turn.lang, _view(r))) for r in pending[:LIST_LIMIT]]


class ReviewSubmission(Submission):
    """The review card: which report (and which version of its data), the verdict, the comment."""

    report: Id = Field(None, alias=ReviewInput.REPORT)
    version: Id = Field(None, alias=ReviewInput.VERSION)
    verdict: Text = Field("", alias=ReviewInput.VERDICT)
    comment: Text = Field("", alias=ReviewInput.COMMENT)


@router.action(ACTION_REVIEW, command=Command.REVIEWS, model=ReviewSubmission)
async def review(turn: Turn, form: ReviewSubmission) -> list[Reply]:
    report = await turn.uow.proctoring.get(form.report) if form.report is not None else None
    if report is None or not await turn.uow.questions.is_tutor_of(turn.person.id, report.course_id):
        raise Refusal("proctoring.error.unknown")
    stale = form.version != report.version
    if report.review_state != ReviewState.PENDING.value or stale:  # decided, or a card of older data
        return [Reply(card=review_card(turn.lang, _view(report)), update=True)]
    verdict, comment = form.verdict, form.comment
    problem = None
    if verdict not in ("approve", "decline"):
        problem = text(turn.lang, "proctoring.error.verdict")
    elif len(comment) > MAX_COMMENT or (verdict == "decline" and not comment):
        problem = text(turn.lang, "proctoring.error.comment")
    if problem is not None:
        return [Reply(card=review_card(turn.lang, _view(report), problem=problem), update=True)]
    await turn.uow.proctoring.decide(report, approve=verdict == "approve", comment=comment, tutor=turn.person,
                                     now=turn.now)
    return [Reply(card=review_card(turn.lang, _view(report)), update=True)]
