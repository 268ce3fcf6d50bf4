"""Cards of trainings for tutors (6.2): the УОО's schedule card (the schedule card's inputs, `school` for `course`
and no kind), a training's card, the tutors' invitation, and the list in `sessions`. Pure: data in, card JSON out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from cards.base import Json, adaptive_card, code_choices, paragraph, plain, title
from cards.i18n import text
from cards.sessions import SessionInput, new_session_inputs, when_text
from tutoring.calendar import LinkKind
from tutoring.locale import Lang
from tutoring.training import ALL_SCHOOLS, TRAINING

ACTION_TRAINING = "training.schedule"
ACTION_TRAINING_CANCEL = "training.cancel"

TrainingNotice = Literal["new", "changed", "cancelled"]


class TrainingInput(StrEnum):
    """The training card's ids: the schedule card's (CONTRACT §7) with `school` instead of `course`."""

    SCHOOL = "school"  # a school code, or `all`
    KIND = SessionInput.KIND.value  # always `training`, carried in the button's data
    DATE = SessionInput.DATE.value
    TIME = SessionInput.TIME.value
    DURATION = SessionInput.DURATION.value
    PLATFORM = SessionInput.PLATFORM.value
    LINK = SessionInput.LINK.value
    TITLE = SessionInput.TITLE.value
    SUBMISSION = SessionInput.SUBMISSION.value
    SESSION = SessionInput.SESSION.value


@dataclass(frozen=True)
class TrainingView:
    id: int
    school: str | None  # "SOM — Школа менеджмента"; None: tutors of every school
    start: dt.datetime
    duration_minutes: int
    platform: str  # teams | zoom
    organizer_name: str
    state: str = "scheduled"
    title: str | None = None
    join_url: str | None = None
    link_kind: LinkKind | None = None
    sync_state: str = "pending"


def audience_text(lang: Lang, view: TrainingView) -> str:
    return plain(view.school) if view.school else text(lang, "training.all_schools")


def training_subject(lang: Lang, view: TrainingView) -> str:
    base = text(lang, "training.subject", audience=audience_text(lang, view))
    return f"{base} — {plain(view.title)}" if view.title else base


def _facts(lang: Lang, view: TrainingView) -> Json:
    return {"type": "FactSet", "facts": [
        {"title": text(lang, "training.field.school"), "value": audience_text(lang, view)},
        {"title": text(lang, "sessions.card.when"), "value": when_text(lang, view.start, view.duration_minutes)},
        {"title": text(lang, "sessions.card.platform"), "value": text(lang, f"sessions.platform.{view.platform}")},
        {"title": text(lang, "training.field.organizer"), "value": plain(view.organizer_name)},
        {"title": text(lang, "sessions.card.state"), "value": text(lang, f"sessions.state.{view.state}")},
    ]}


def _join(lang: Lang, view: TrainingView) -> list[Json]:
    if not view.join_url or view.state != "scheduled":
        return []
    key = {LinkKind.LOCAL: "local", LinkKind.EXTERNAL: "external"}.get(view.link_kind or LinkKind.TEAMS, "teams")
    return [{"type": "Action.OpenUrl", "title": text(lang, f"sessions.join.{key}"), "url": view.join_url}]


def training_card(lang: Lang, schools: list[tuple[str, str]], submission: str, today: dt.date) -> Json:
    """The УОО's schedule card: `school` (a school or all), date, time, duration, platform, [link], [title]."""
    required = text(lang, "sessions.field.required")
    choices = [{"title": text(lang, "training.all_schools"), "value": ALL_SCHOOLS}]
    choices += code_choices(schools)
    body: list[Json] = [
        title(text(lang, "training.card.title")),
        paragraph(text(lang, "training.card.intro")),
        {"type": "Input.ChoiceSet", "id": TrainingInput.SCHOOL, "label": text(lang, "training.field.school"),
         "style": "compact", "value": ALL_SCHOOLS, "isRequired": True, "errorMessage": required, "choices": choices},
        *new_session_inputs(lang, today, day=None, time=dt.time(15, 0), duration_minutes=60),
    ]
    data = {"action": ACTION_TRAINING, TrainingInput.KIND: TRAINING, TrainingInput.SUBMISSION: submission}
    return adaptive_card(body, [{"type": "Action.Submit", "title": text(lang, "training.card.submit"), "data": data,
                                 "style": "positive"}])


def training_session_card(lang: Lang, view: TrainingView, *, notes: list[str] | None = None,
                          organizer: bool = False, submission: str = "", now: dt.datetime | None = None) -> Json:
    """One training; the organizer's card can cancel it while it has not started."""
    body: list[Json] = [title(training_subject(lang, view)), _facts(lang, view)]
    body += [paragraph(note) for note in notes or []]
    actions = _join(lang, view)
    if organizer and view.state == "scheduled" and (now is None or view.start > now):
        data = {"action": ACTION_TRAINING_CANCEL, TrainingInput.SESSION: view.id,
                TrainingInput.SUBMISSION: submission}
        actions.append({"type": "Action.ShowCard", "title": text(lang, "sessions.action.cancel"), "card": {
            "type": "AdaptiveCard", "body": [paragraph(text(lang, "training.cancel_confirm_text"))],
            "actions": [{"type": "Action.Submit", "title": text(lang, "sessions.action.cancel_confirm"),
                         "data": data, "style": "destructive"}]}})
    return adaptive_card(body, actions or None)


def invitation_text(lang: Lang, view: TrainingView, notice: TrainingNotice) -> str:
    heading = text(lang, f"training.notice.{notice}")
    return f"{heading} — {when_text(lang, view.start, view.duration_minutes)}"


def invitation_card(lang: Lang, view: TrainingView, notice: TrainingNotice) -> Json:
    """What a tutor gets: an invitation, a change or a cancellation."""
    body: list[Json] = [title(text(lang, f"training.notice.{notice}")), paragraph(training_subject(lang, view)),
                        _facts(lang, view)]
    return adaptive_card(body, (_join(lang, view) or None) if notice != "cancelled" else None)


def trainings_card(lang: Lang, views: list[TrainingView]) -> Json:
    """`sessions`: the trainings this tutor is invited to (or, for the УОО, every upcoming one)."""
    body: list[Json] = [title(text(lang, "training.list.title"))]
    for view in views:
        items: list[Json] = [
            {"type": "TextBlock", "text": training_subject(lang, view), "weight": "Bolder", "wrap": True},
            paragraph(when_text(lang, view.start, view.duration_minutes)),
            paragraph(f"{text(lang, 'training.field.organizer')}: {plain(view.organizer_name)}", subtle=True),
        ]
        join = _join(lang, view)
        if join:
            items.append({"type": "ActionSet", "actions": join})
        body.append({"type": "Container", "separator": True, "spacing": "Medium", "items": items})
    return adaptive_card(body)
