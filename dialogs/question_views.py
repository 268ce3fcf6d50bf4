"""How a question is shown: what it is about, which texts it reads, and the card view of those who answer it.

Shared by students' questions (dialogs/questions.py) and tutors' questions to the УОО (dialogs/support.py).
"""

from __future__ import annotations

import datetime as dt

from cards.i18n import text
from cards.questions import COURSE_TEXTS, SUPPORT_TEXTS, TutorView
from storage import UnitOfWork
from storage.models import Course, Person
from storage.questions import Question
from tutoring.locale import Lang, lang_from_locale
from tutoring.response_time import is_overdue, promised_by


def course_label(course: Course) -> str:
    return f"{course.code} — {course.name}"


def subject_label(question: Question, lang: Lang) -> str:
    """What a question is about: its course, or for a tutor's question to the УОО the tutor's school."""
    if question.course is not None:
        return course_label(question.course)
    school = question.student.school
    return text(lang, "support.subject", school=school.code if school else "—")


def short_subject(question: Question, lang: Lang) -> str:
    """The same, short, for a notification's preview line."""
    return question.course.code if question.course is not None else subject_label(question, lang)


def texts_of(question: Question) -> str:
    """The text keys' prefix where a question to the УОО reads differently from a student's question."""
    return SUPPORT_TEXTS if question.to_uoo else COURSE_TEXTS


def lang_of(person: Person) -> Lang:
    return lang_from_locale(person.locale)


async def tutor_view(uow: UnitOfWork, question: Question, now: dt.datetime, lang: Lang) -> TutorView:
    earlier: list[tuple[str, str | None]] = []
    if question.thread_id is not None:
        before = [q for q in await uow.questions.thread(question) if q.id < question.id]
        answers = await uow.questions.answers([q.id for q in before])
        for q in before:
            mine = [a.text for a in answers if a.question_id == q.id]
            earlier.append((q.text, mine[-1] if mine else None))
    asked_at = question.asked_at
    first = question.first_answered_at
    return TutorView(
        question_id=None if question.anonymous else question.id,
        question_ref=question.ref,
        course=subject_label(question, lang),
        text=question.text,
        asked_at=asked_at,
        due=promised_by(asked_at),
        student_name=None if question.anonymous else question.student.name,
        overdue=is_overdue(asked_at, first, now),
        follow_up=question.thread_id is not None,
        earlier=earlier,
        texts=texts_of(question),
    )
