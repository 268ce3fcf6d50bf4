"""Cards of tutor appointments: the proposal form, the dean's approval card (Action.Execute), its decided state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from babel.dates import format_date, format_datetime

from cards.base import Json, adaptive_card, paragraph, title
from cards.i18n import text
from tutoring.clock import ALMATY
from tutoring.locale import Lang

ACTION_PROPOSE = "appoint.propose"
ACTION_DECIDE = "appoint.decide"


class AppointInput(StrEnum):
    """The ids of the appointment cards' inputs and data: the builders here and `dialogs.appointments`' models
    use these."""

    COURSE = "course"  # an offering's id
    TUTOR = "tutor"  # the candidate's email
    SID = "sid"  # the proposal form's submission key
    PROPOSAL = "proposal"
    VERDICT = "verdict"  # "approve" / "reject"
    COUNCIL_NUMBER = "council_number"
    COUNCIL_DATE = "council_date"
    COMMENT = "comment"
MAX_COUNCIL_NUMBER = 100
MAX_COMMENT = 2000


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class ProposalView:
    proposal_id: int
    course: str  # "MGT2101 Основы менеджмента"
    semester: str
    candidate: str
    proposed_by: str
    state: str  # proposed, approved, rejected
    decided_by: str | None = None
    decided_at: dt.datetime | None = None
    council_number: str | None = None
    council_date: dt.date | None = None
    comment: str | None = None


def _t(lang: Lang, key: str, **values: object) -> str:
    return text(lang, "appoint." + key, **values)


def proposal_form(lang: Lang, courses: list[Choice], tutors: list[Choice], *, sid: str) -> Json:
    body: list[Json] = [
        title(_t(lang, "form.title")),
        paragraph(_t(lang, "form.hint"), subtle=True),
        {"type": "Input.ChoiceSet", "id": AppointInput.COURSE, "label": _t(lang, "field.course"), "isRequired": True,
         "errorMessage": _t(lang, "error.course"), "value": courses[0].value if len(courses) == 1 else None,
         "choices": [{"title": c.label, "value": c.value} for c in courses]},
        {"type": "Input.ChoiceSet", "id": AppointInput.TUTOR, "label": _t(lang, "field.tutor"), "isRequired": True,
         "errorMessage": _t(lang, "error.tutor"), "style": "filtered",
         "choices": [{"title": c.label, "value": c.value} for c in tutors]},
    ]
    for block in body:
        if block.get("value") is None:
            block.pop("value", None)
    actions = [{"type": "Action.Submit", "title": _t(lang, "button.propose"), "style": "positive",
                "data": {"action": ACTION_PROPOSE, AppointInput.SID: sid}}]
    return adaptive_card(body, actions)


def _facts(lang: Lang, view: ProposalView) -> Json:
    facts = [
        {"title": _t(lang, "fact.course"), "value": view.course},
        {"title": _t(lang, "fact.semester"), "value": view.semester},
        {"title": _t(lang, "fact.candidate"), "value": view.candidate},
        {"title": _t(lang, "fact.proposed_by"), "value": view.proposed_by},
    ]
    if view.state != "proposed" and view.decided_at is not None:
        when = format_datetime(view.decided_at, "d MMMM y, HH:mm", tzinfo=ALMATY, locale=lang)
        facts.append({"title": _t(lang, "fact.decision"),
                      "value": _t(lang, f"state.{view.state}", who=view.decided_by or "", when=when)})
    if view.council_number and view.council_date:
        facts.append({"title": _t(lang, "fact.council"), "value": council_text(lang, view.council_number,
                                                                            view.council_date)})
    if view.comment:
        facts.append({"title": _t(lang, "fact.comment"), "value": view.comment})
    return {"type": "FactSet", "facts": facts}


def council_text(lang: Lang, number: str, date: dt.date) -> str:
    return _t(lang, "council", number=number, date=format_date(date, "dd.MM.yyyy", locale=lang))


def review_card(lang: Lang, view: ProposalView, *, problem: str | None = None, today: dt.date | None = None) -> Json:
    """The dean's card; once decided it shows the decision and has no buttons (a second click changes nothing)."""
    body: list[Json] = [title(_t(lang, "review.title")), _facts(lang, view)]
    if view.state != "proposed":
        return adaptive_card(body)
    if problem:
        body.append({**paragraph(problem), "color": "Attention"})
    date_input: Json = {"type": "Input.Date", "id": AppointInput.COUNCIL_DATE, "label": _t(lang, "field.council_date")}
    if today is not None:
        date_input["max"] = today.isoformat()
    body += [
        {"type": "Input.Text", "id": AppointInput.COUNCIL_NUMBER, "label": _t(lang, "field.council_number"),
         "maxLength": MAX_COUNCIL_NUMBER},
        date_input,
        {"type": "Input.Text", "id": AppointInput.COMMENT, "label": _t(lang, "field.comment"), "isMultiline": True,
         "maxLength": MAX_COMMENT},
    ]
    data = {AppointInput.PROPOSAL: view.proposal_id}
    actions = [
        {"type": "Action.Execute", "verb": ACTION_DECIDE, "title": _t(lang, "button.approve"), "style": "positive",
         "data": {**data, AppointInput.VERDICT: "approve"}},
        {"type": "Action.Execute", "verb": ACTION_DECIDE, "title": _t(lang, "button.reject"),
         "style": "destructive", "data": {**data, AppointInput.VERDICT: "reject"}},
    ]
    return adaptive_card(body, actions)
