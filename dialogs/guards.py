"""Ownership guards shared by the dialogs (CONTRACT §5, §7): a value a card sends back (a course, a question id)
counts only if it is one this person may use; values copied from another person's card change nothing.

The role rule is not here: it is central (each card action belongs to one command, checked by bot/agent.py).
"""

from __future__ import annotations

from dialogs.router import Turn
from storage.models import Course
from storage.questions import Answer, Question


async def offered_answer(turn: Turn, course: Course, question_id: int | None) -> tuple[Question, Answer] | None:
    """The answered question (and its first answer) that the "similar answers" card of `course` may offer: never
    another student's unanswered question or follow-up, whatever id the card sends back."""
    if question_id is None:
        return None
    answered = await turn.uow.questions.answered_in_course(course.id)
    return next(((q, a) for q, a in answered if q.id == question_id), None)
