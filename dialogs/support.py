"""`support`: a tutor asks the Office of Online Education (Regulation 6.2, CONTRACT §11).

The students' questions machinery with another audience: the question (no course, never anonymous) goes through
the outbox to everyone of the УОО, who answer it from its card or from `questions`; the first answer reaches the
tutor and the others' cards say who answered (dialogs/questions.py `answer`). Reminders at 24 working hours and the
overdue flag come from the same sweep; submissions keep their keys, so a replay changes nothing.
"""

from __future__ import annotations

import secrets

from pydantic import Field

from cards.questions import ACTION_SUPPORT, SUPPORT_TEXTS, QuestionInput, question_card
from dialogs.guards import personal_chat, roles_only
from dialogs.questions import checked_question, send, submission_key
from dialogs.router import Reply, Router, Turn
from dialogs.submission import Submission, Text
from tutoring.roles import Command, Role

router = Router("support")


class SupportSubmission(Submission):
    """The support card: the question and the card's submission key."""

    question: Text = Field("", alias=QuestionInput.QUESTION)
    sid: Text = Field("", alias=QuestionInput.SID)


def _tutor_in_personal_chat(turn: Turn) -> None:
    roles_only(turn, Command.SUPPORT, Role.TUTOR)
    personal_chat(turn, "support.error.channel", command=Command.SUPPORT.value)


@router.command(Command.SUPPORT, "поддержка", "қолдау")
async def support(turn: Turn) -> list[Reply]:
    """The question card, or `support <text>` sent at once."""
    _tutor_in_personal_chat(turn)
    body = turn.args.strip()
    if not body:
        return [Reply(card=question_card(turn.lang, [], sid=secrets.token_hex(8), texts=SUPPORT_TEXTS))]
    checked_question(body)
    return await send(turn, None, body, anonymous=False, sid=f"typed:{turn.activity_id}", update=False)


@router.action(ACTION_SUPPORT, command=Command.SUPPORT, model=SupportSubmission)
async def submit_support(turn: Turn, form: SupportSubmission) -> list[Reply]:
    _tutor_in_personal_chat(turn)
    body = checked_question(form.question)
    return await send(turn, None, body, anonymous=False, sid=submission_key(turn, form.sid), update=True)
