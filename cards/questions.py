"""Cards of the questions feature: the question card, similar answered questions, the tutor's answer card,
the answer as the student gets it. Pure: plain data in, Adaptive Card 1.5 JSON out.

Privacy: a card for a tutor gets a `TutorView` whose `student_name` is None when the question is anonymous, and
no card here is ever given the student's id, so an anonymous question carries nothing that names its author; nor
its id (a global sequence: a random reference stands for it) nor its time finer than the day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum

from babel.dates import format_datetime

from cards.base import CARD_CONTENT_TYPE, Json, adaptive_card, code_choices, paragraph, plain, title
from cards.i18n import text
from tutoring.clock import ALMATY
from tutoring.locale import Lang

MAX_QUESTION = 2000  # characters: a long e-mail's worth; longer belongs in a consultation
MAX_ANSWER = 4000

ACTION_ASK = "questions.ask"
ACTION_SEND = "questions.send"
ACTION_SIMILAR_ANSWERS = "questions.similar_answers"
ACTION_ANSWER = "questions.answer"
ACTION_RESOLVE = "questions.resolve"
ACTION_FOLLOWUP = "questions.followup"
ACTION_SUPPORT = "support.ask"  # a tutor's question to the УОО (6.2): the same card, another audience

# Texts by audience: a student's question to the course's tutors reads `questions.*`, a tutor's question to the
# УОО reads `support.*` where the words differ (the same key names after the prefix).
COURSE_TEXTS = "questions"
SUPPORT_TEXTS = "support"


class QuestionInput(StrEnum):
    """The ids of the question cards' inputs and data: the builders here and `dialogs.questions`' models use these."""

    COURSE = "course"  # a course code
    QUESTION = "question"  # the question's (or follow-up's) text
    ANONYMOUS = "anonymous"
    SID = "sid"  # the submission key: a replay changes nothing
    SIMILAR = "similar"  # the answered question a student says answers theirs
    ANSWER = "answer"
    QUESTION_ID = "question_id"
    QUESTION_REF = "question_ref"  # an anonymous question's random reference


def when(lang: Lang, value: dt.datetime) -> str:
    """A moment as people in Almaty read it: "пт 4 декабря, 18:00"."""
    return format_datetime(value, "EEE d MMMM, HH:mm", tzinfo=ALMATY, locale=lang)


def day(lang: Lang, value: dt.datetime) -> str:
    """A day as people in Almaty read it: "пт 4 декабря"."""
    return format_datetime(value, "EEE d MMMM", tzinfo=ALMATY, locale=lang)


def _quote(body: str) -> Json:
    """A person's text quoted: an emphasised container, which Teams shows as a shaded block; never markdown."""
    return {"type": "Container", "style": "emphasis", "items": [paragraph(plain(body))]}


def _label(label: str) -> Json:
    return {"type": "TextBlock", "text": label, "weight": "Bolder", "wrap": True, "spacing": "Medium"}


def _submit(label: str, data: Json, *, primary: bool = False) -> Json:
    action: Json = {"type": "Action.Submit", "title": label, "data": data}
    if primary:
        action["style"] = "positive"
    return action


# --- the student's question card --------------------------------------------
def question_card(lang: Lang, courses: list[tuple[str, str]], *, sid: str, draft: str = "",
                  texts: str = COURSE_TEXTS) -> Json:
    """`courses`: (code, name) of the student's courses; the `course` input only when there are several.
    A tutor's question to the УОО (`texts` = support) has no course and no anonymous toggle."""
    support = texts == SUPPORT_TEXTS
    body: list[Json] = [title(text(lang, f"{texts}.ask.title")), paragraph(text(lang, f"{texts}.ask.intro"))]
    if len(courses) > 1:
        body.append({
            "type": "Input.ChoiceSet",
            "id": QuestionInput.COURSE,
            "label": text(lang, "questions.field.course"),
            "style": "compact",
            "isRequired": True,
            "errorMessage": text(lang, "questions.field.course"),
            "choices": code_choices(courses),
        })
    elif courses:
        code, name = courses[0]
        body.append({"type": "FactSet", "facts": [{"title": text(lang, "questions.field.course"),
                                                   "value": plain(f"{code} — {name}")}]})
    body.append({
        "type": "Input.Text",
        "id": QuestionInput.QUESTION,
        "label": text(lang, "questions.field.question"),
        "isMultiline": True,
        "maxLength": MAX_QUESTION,
        "placeholder": text(lang, "questions.field.question.placeholder", max=MAX_QUESTION),
        "value": draft,
    })
    if not support:  # anonymity is a student's choice; the УОО answers tutors by name
        body.append({"type": "Input.Toggle", "id": QuestionInput.ANONYMOUS,
                     "title": text(lang, "questions.field.anonymous"),
                     "value": "false", "valueOn": "true", "valueOff": "false"})
    return adaptive_card(body, [_submit(text(lang, "questions.ask.submit"),
                                        {"action": ACTION_SUPPORT if support else ACTION_ASK, QuestionInput.SID: sid},
                                        primary=True)])


# --- similar answered questions ---------------------------------------------------
@dataclass(frozen=True)
class SimilarItem:
    question_id: int
    question: str
    answer: str


def similar_card(lang: Lang, course: str, draft: str, items: list[SimilarItem], *, sid: str, course_code: str,
                 anonymous: bool) -> Json:
    """Up to three answered questions, each with "that answers it"; "send mine anyway" below."""
    body: list[Json] = [
        title(text(lang, "questions.similar.title")),
        paragraph(text(lang, "questions.similar.intro", course=plain(course))),
        _label(text(lang, "questions.similar.yours")),
        _quote(draft),
    ]
    for item in items:
        body.append({
            "type": "Container",
            "separator": True,
            "spacing": "Large",
            "items": [
                _label(text(lang, "questions.similar.asked")),
                paragraph(plain(item.question)),
                _label(text(lang, "questions.similar.answer")),
                _quote(item.answer),
                {"type": "ActionSet", "actions": [_submit(
                    text(lang, "questions.similar.answers_it"),
                    {"action": ACTION_SIMILAR_ANSWERS, QuestionInput.SID: sid,
                     QuestionInput.SIMILAR: item.question_id, QuestionInput.COURSE: course_code,
                     QuestionInput.QUESTION: draft, QuestionInput.ANONYMOUS: "true" if anonymous else "false"},
                )]},
            ],
        })
    send = {"action": ACTION_SEND, QuestionInput.SID: sid, QuestionInput.COURSE: course_code,
            QuestionInput.QUESTION: draft, QuestionInput.ANONYMOUS: "true" if anonymous else "false"}
    return adaptive_card(body, [_submit(text(lang, "questions.similar.send_anyway"), send)])


def deflected_card(lang: Lang, course: str, item: SimilarItem) -> Json:
    """What replaces the similar card after "that answers it": the answer the student chose, nothing sent."""
    return adaptive_card([
        title(text(lang, "questions.deflected")),
        paragraph(plain(course), subtle=True),
        _label(text(lang, "questions.similar.asked")),
        paragraph(plain(item.question)),
        _label(text(lang, "questions.similar.answer")),
        _quote(item.answer),
    ])


# --- confirmation to the student ----------------------------------------------------
def sent_card(lang: Lang, *, question_id: int, course: str, tutors: list[str], question: str, deadline: dt.datetime,
              anonymous: bool, unreachable: list[str], texts: str = COURSE_TEXTS) -> Json:
    body: list[Json] = [
        title(text(lang, f"{texts}.sent.title", id=question_id)),
        _quote(question),
    ]
    if tutors:
        body.append(paragraph(text(lang, f"{texts}.sent.to", course=plain(course),
                                   tutors=", ".join(plain(t) for t in tutors))))
        body.append(paragraph(text(lang, f"{texts}.sent.next", deadline=when(lang, deadline))))
    else:
        body.append(paragraph(text(lang, f"{texts}.sent.no_tutor", course=plain(course))))
    if anonymous:
        body.append(paragraph(text(lang, "questions.sent.anonymous"), subtle=True))
    if unreachable:
        body.append({"type": "TextBlock", "text": text(lang, "questions.sent.unreachable",
                                                        tutors=", ".join(plain(t) for t in unreachable)),
                     "wrap": True, "color": "Attention"})
    return adaptive_card(body)


# --- the tutor's card ------------------------------------------------------------------
@dataclass(frozen=True)
class TutorView:
    """A question as its tutor sees it. Anonymous (`student_name` None): no id either (ids are a global sequence
    that lines up with named questions), only the random `question_ref`, and times to the day only."""

    question_id: int | None  # None when anonymous
    question_ref: str
    course: str  # "MGT2101 — Основы менеджмента"
    text: str
    asked_at: dt.datetime
    due: dt.datetime
    student_name: str | None  # None when anonymous: nothing else about the student reaches the card
    overdue: bool = False
    follow_up: bool = False
    earlier: list[tuple[str, str | None]] = field(default_factory=lambda: [])  # (question, answer) of the thread
    texts: str = COURSE_TEXTS  # SUPPORT_TEXTS: a tutor's question to the УОО

    @property
    def anonymous(self) -> bool:
        return self.student_name is None

    @property
    def reference(self) -> str:
        """What the tutor reads after "№"."""
        return str(self.question_id) if self.question_id is not None and not self.anonymous else self.question_ref

    def answer_data(self) -> Json:
        """What the answer button carries to find the question again."""
        if self.question_id is not None and not self.anonymous:
            return {QuestionInput.QUESTION_ID: self.question_id}
        return {QuestionInput.QUESTION_REF: self.question_ref}


def _tutor_head(lang: Lang, view: TutorView, kind: str) -> list[Json]:
    key = {"new": "new.title", "followup": "followup.title", "reminder": "reminder.title"}[kind]
    body: list[Json] = [title(text(lang, f"{view.texts}.{key}", id=view.reference, course=view.course))]
    who = view.student_name if view.student_name is not None else text(lang, "questions.fact.anonymous")
    # The minute a question was asked can point to who asked it: an anonymous one shows the day only.
    moment = day if view.anonymous else when
    body.append({"type": "FactSet", "facts": [
        {"title": text(lang, "questions.fact.from"), "value": who},
        {"title": text(lang, "questions.fact.asked"), "value": moment(lang, view.asked_at)},
        {"title": text(lang, "questions.fact.due"), "value": moment(lang, view.due)},
    ]})
    if view.overdue:
        body.append({"type": "TextBlock", "text": text(lang, "questions.overdue"), "wrap": True,
                     "color": "Attention", "weight": "Bolder"})
    if view.earlier:
        items: list[Json] = [_label(text(lang, "questions.thread.earlier"))]
        for question, answer in view.earlier:
            items.append(paragraph(text(lang, "questions.thread.q", text=question), subtle=True))
            if answer:
                items.append(paragraph(text(lang, "questions.thread.a", text=answer), subtle=True))
        body.append({"type": "Container", "items": items})
    body.append(_quote(view.text))
    return body


def _as_typed(view: TutorView) -> TutorView:
    """The view with the course, the student's name and the thread shown as typed (the question is quoted)."""
    return replace(
        view, course=plain(view.course),
        student_name=plain(view.student_name) if view.student_name is not None else None,
        earlier=[(plain(q), plain(a) if a else a) for q, a in view.earlier],
    )


def tutor_card(lang: Lang, view: TutorView, *, sid: str, kind: str = "new") -> Json:
    """The question with the `answer` input (CONTRACT §7); `kind` is new, followup or reminder."""
    body = _tutor_head(lang, _as_typed(view), kind)
    body.append({
        "type": "Input.Text",
        "id": QuestionInput.ANSWER,
        "label": text(lang, "questions.field.answer"),
        "isMultiline": True,
        "maxLength": MAX_ANSWER,
        "placeholder": text(lang, "questions.field.answer.placeholder", max=MAX_ANSWER),
    })
    data = {"action": ACTION_ANSWER, **view.answer_data(), QuestionInput.SID: sid}
    return adaptive_card(body, [_submit(text(lang, "questions.answer.submit"), data, primary=True)])


def tutor_answered_card(lang: Lang, view: TutorView, answer: str, answered_at: dt.datetime, *,
                        by: str | None = None) -> Json:
    """What replaces the tutor's card once answered: no input left to send twice. `by`: who answered, when it was
    someone else (a question to the УОО is answered by one of them for all)."""
    body = _tutor_head(lang, _as_typed(view), "followup" if view.follow_up else "new")
    done = (text(lang, f"{view.texts}.answer.done_by", name=plain(by), when=when(lang, answered_at)) if by
            else text(lang, f"{view.texts}.answer.done", when=when(lang, answered_at)))
    body += [_label(text(lang, "questions.field.answer")), paragraph(plain(answer)), paragraph(done, subtle=True)]
    return adaptive_card(body)


# --- the answer, as the student gets it ------------------------------------------------
@dataclass(frozen=True)
class AnswerView:
    question_id: int
    course: str
    question: str
    tutor_name: str
    answer: str
    answer_id: int
    texts: str = COURSE_TEXTS


def answer_card(lang: Lang, view: AnswerView, *, state: str = "open", follow_up: str | None = None,
                follow_up_id: int | None = None) -> Json:
    """The question quoted, the answer, "resolved" and a follow-up in the same thread.

    `state`: open (both actions), resolved (none), followed_up (the follow-up shown, "resolved" kept), final (none:
    the УОО's answer to a tutor, who asks anew with `support`).
    """
    body: list[Json] = [
        title(text(lang, f"{view.texts}.answered.title", course=plain(view.course))),
        _label(text(lang, "questions.answered.yours")),
        _quote(view.question),
        _label(text(lang, f"{view.texts}.answered.by", tutor=plain(view.tutor_name))),
        paragraph(plain(view.answer)),
    ]
    if state == "final":
        return adaptive_card(body)
    if state == "resolved":
        body.append({"type": "TextBlock", "text": text(lang, "questions.resolved"), "wrap": True, "color": "Good"})
        return adaptive_card(body)
    if follow_up is not None and follow_up_id is not None:
        body.append(paragraph(text(lang, "questions.followup.sent", id=follow_up_id, text=plain(follow_up)),
                              subtle=True))
    actions: list[Json] = [_submit(text(lang, "questions.resolve"),
                                   {"action": ACTION_RESOLVE, QuestionInput.QUESTION_ID: view.question_id},
                                   primary=True)]
    if state == "open":
        actions.append({
            "type": "Action.ShowCard",
            "title": text(lang, "questions.followup"),
            "card": {
                "type": "AdaptiveCard",
                "body": [{
                    "type": "Input.Text",
                    "id": QuestionInput.QUESTION,
                    "label": text(lang, "questions.field.question"),
                    "isMultiline": True,
                    "maxLength": MAX_QUESTION,
                }],
                "actions": [_submit(text(lang, "questions.followup.submit"), {
                    "action": ACTION_FOLLOWUP, QuestionInput.QUESTION_ID: view.question_id,
                    QuestionInput.SID: f"followup:{view.answer_id}",
                })],
            },
        })
    return adaptive_card(body, actions)


def activity(summary: str, card: Json) -> Json:
    """A proactive message for the outbox: a short text (the notification's preview) and the card."""
    return {"type": "message", "text": summary,
            "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": card}]}
