"""Guards shared by the dialogs (CONTRACT §5, §7): a value a card sends back (a course, a question id) counts only
if it is one this person may use; values copied from another person's card change nothing.

A guard returns what it checked or raises `Refusal(key, **values)`; the router answers with the localized text.
The role rule is central (each card action belongs to one command, checked by bot/agent.py); the role guards here
only say why in the feature's own words where a handler is reached another way.
"""

from __future__ import annotations

from cards.i18n import text
from dialogs.router import Refusal, Turn
from storage.models import Course, School
from storage.questions import Answer, Question
from tutoring.roles import Command, Role


def tutor_only(turn: Turn, key: str) -> None:
    """Tutors only, refused in the feature's words (`key`)."""
    if turn.role is not Role.TUTOR:
        raise Refusal(key)


def roles_only(turn: Turn, command: Command, *roles: Role) -> None:
    """Only `roles` may do what `command` does; others get the central "not allowed" text."""
    if turn.role not in roles:
        raise Refusal("not_allowed", command=command.value, role=text(turn.lang, f"role.{turn.role.value}"))


def own_school(turn: Turn, key: str) -> School:
    """The person's own school (a dean's); refused with `key` when they have none."""
    school = turn.person.school
    if school is None:
        raise Refusal(key)
    return school


def personal_chat(turn: Turn, key: str, **values: object) -> None:
    """Only in the personal chat with the bot."""
    if turn.conversation_type != "personal":
        raise Refusal(key, **values)


async def offered_answer(turn: Turn, course: Course, question_id: int | None) -> tuple[Question, Answer] | None:
    """The answered question (and its first answer) that the "similar answers" card of `course` may offer: never
    another student's unanswered question or follow-up, whatever id the card sends back."""
    if question_id is None:
        return None
    answered = await turn.uow.questions.answered_in_course(course.id)
    return next(((q, a) for q, a in answered if q.id == question_id), None)
