"""Cards of the sessions feature: the schedule card (CONTRACT §7), a session, notices, the plan, the lists.

Pure: plain data in, Adaptive Card 1.5 JSON out. Times are shown in Asia/Almaty, in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from babel.dates import format_date, format_datetime, format_time

from cards.base import Json, adaptive_card, code_choices, command_button, paragraph, plain, title
from cards.i18n import text
from tutoring.calendar import LinkKind
from tutoring.clock import ALMATY, to_local
from tutoring.locale import Lang
from tutoring.norms import CATEGORY_OF_KIND, CLAUSE, SessionKind
from tutoring.plan import PlanItem, Proposal, Status, WebinarProgress
from tutoring.sessions import MAX_DURATION_MIN, MAX_LINK, MAX_TITLE, MIN_DURATION_MIN

ACTION_SCHEDULE = "sessions.schedule"
ACTION_CHANGE = "sessions.change"
ACTION_CANCEL = "sessions.cancel"
ACTION_RETRY = "sessions.retry"
ACTION_OPEN = "sessions.open"
ACTION_HELD = "sessions.held"


class SessionInput(StrEnum):
    """The ids of the session cards' inputs and data (CONTRACT §7): the builders here and `dialogs.sessions`'
    models use these."""

    COURSE = "course"
    KIND = "kind"
    DATE = "date"
    TIME = "time"
    DURATION = "duration"
    PLATFORM = "platform"
    LINK = "link"
    TITLE = "title"
    SUBMISSION = "submission"  # the card's submission id: a replay changes nothing
    SESSION = "session"  # the session a button is about
    HELD = "held"  # "yes" / "no"

Notice = Literal["new", "changed", "cancelled", "remind_24h", "remind_1h"]


@dataclass(frozen=True)
class SessionView:
    id: int
    kind: SessionKind
    course_code: str
    course_name: str
    start: dt.datetime  # aware
    duration_minutes: int
    platform: str  # teams | zoom
    tutor_name: str
    state: str = "scheduled"  # scheduled | held | cancelled
    title: str | None = None
    join_url: str | None = None
    link_kind: LinkKind | None = None
    sync_state: str = "synced"  # pending | synced | failed
    sync_error: str | None = None
    cancel_reason: str | None = None
    attendance_count: int | None = None
    students: int | None = None


@dataclass(frozen=True)
class CoursePlanView:
    code: str
    name: str
    items: list[PlanItem]
    webinars: WebinarProgress
    upcoming: list[SessionView] = field(default_factory=lambda: [])
    openable: frozenset[int] = frozenset()  # sessions this reader may open (a tutor's own)


# --- formatting -----------------------------------------------------------------------------------------


def _capital(value: str) -> str:
    return value[:1].upper() + value[1:]


def when_text(lang: Lang, start: dt.datetime, duration_minutes: int) -> str:
    """E.g. "Четверг, 22 октября 2026, 18:00–19:00 (время Алматы)"."""
    local = to_local(start)
    end = local + dt.timedelta(minutes=duration_minutes)
    begins = format_datetime(local, "EEEE, d MMMM y, HH:mm", tzinfo=ALMATY, locale=lang)
    ends = format_time(end, "HH:mm", tzinfo=ALMATY, locale=lang)
    return f"{_capital(begins)}–{ends} ({text(lang, 'sessions.tz_note')})"


def day_text(lang: Lang, day: dt.date) -> str:
    return format_date(day, "d MMMM y", locale=lang)


def kind_label(lang: Lang, kind: SessionKind) -> str:
    return text(lang, f"sessions.kind.{kind.value}")


def kind_with_clause(lang: Lang, kind: SessionKind) -> str:
    return f"{kind_label(lang, kind)} ({CLAUSE[CATEGORY_OF_KIND[kind]]})"


def subject(lang: Lang, view: SessionView) -> str:
    base = f"{kind_label(lang, view.kind)}: {view.course_code} {view.course_name}"
    return f"{base} — {view.title}" if view.title else base


def _state_text(lang: Lang, view: SessionView) -> str:
    if view.state == "cancelled" and view.cancel_reason == "not_held":
        return text(lang, "sessions.state.not_held")
    return text(lang, f"sessions.state.{view.state}")


def _hours(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


# --- pieces ----------------------------------------------------------------------------------------------


def _facts(lang: Lang, view: SessionView, *, tutor: bool) -> Json:
    facts = [
        {"title": text(lang, "sessions.card.course"), "value": plain(f"{view.course_code} — {view.course_name}")},
        {"title": text(lang, "sessions.card.when"), "value": when_text(lang, view.start, view.duration_minutes)},
        {"title": text(lang, "sessions.card.platform"), "value": text(lang, f"sessions.platform.{view.platform}")},
        {"title": text(lang, "sessions.card.tutor"), "value": plain(view.tutor_name)},
    ]
    if tutor:
        facts.append({"title": text(lang, "sessions.card.state"), "value": _state_text(lang, view)})
        if view.platform == "teams" and view.state == "scheduled":
            sync = text(lang, f"sessions.sync.{view.sync_state}", error=view.sync_error or "")
            facts.append({"title": text(lang, "sessions.card.calendar"), "value": sync})
        if view.attendance_count is not None:
            total = f" / {view.students}" if view.students is not None else ""
            facts.append({"title": text(lang, "sessions.card.attendance"), "value": f"{view.attendance_count}{total}"})
    return {"type": "FactSet", "facts": facts}


def _link_note(lang: Lang, view: SessionView) -> str | None:
    if view.state != "scheduled":
        return None
    if view.link_kind is LinkKind.LOCAL:
        return text(lang, "sessions.note.local")
    if view.link_kind is LinkKind.NO_TEAMS:
        return text(lang, "sessions.note.no_teams")
    if not view.join_url and view.platform == "teams" and view.sync_state == "pending":
        return text(lang, "sessions.note.pending")
    return None


def join_action(lang: Lang, view: SessionView) -> Json | None:
    if not view.join_url or view.state != "scheduled":
        return None
    key = {LinkKind.LOCAL: "local", LinkKind.EXTERNAL: "external"}.get(view.link_kind or LinkKind.TEAMS, "teams")
    return {"type": "Action.OpenUrl", "title": text(lang, f"sessions.join.{key}"), "url": view.join_url}


def _submit(label: str, data: Json, *, style: str | None = None) -> Json:
    action: Json = {"type": "Action.Submit", "title": label, "data": data}
    if style:
        action["style"] = style
    return action


def _change_form(lang: Lang, view: SessionView, submission: str) -> Json:
    local = to_local(view.start)
    required = text(lang, "sessions.field.required")
    body: list[Json] = [
        {"type": "Input.Date", "id": SessionInput.DATE, "label": text(lang, "sessions.field.date"),
         "value": local.date().isoformat(), "isRequired": True, "errorMessage": required},
        {"type": "Input.Time", "id": SessionInput.TIME, "label": text(lang, "sessions.field.time"),
         "value": local.strftime("%H:%M"), "isRequired": True, "errorMessage": required},
        {"type": "Input.Number", "id": SessionInput.DURATION, "label": text(lang, "sessions.field.duration"),
         "value": view.duration_minutes, "min": MIN_DURATION_MIN, "max": MAX_DURATION_MIN,
         "isRequired": True, "errorMessage": required},
    ]
    if view.platform == "zoom":
        body.append({"type": "Input.Text", "id": SessionInput.LINK, "label": text(lang, "sessions.field.link"), "style": "Url",
                     "value": view.join_url or "", "maxLength": MAX_LINK})
    body.append({"type": "Input.Text", "id": SessionInput.TITLE, "label": text(lang, "sessions.field.title"),
                 "value": view.title or "", "maxLength": MAX_TITLE})
    return {
        "type": "AdaptiveCard",
        "body": body,
        "actions": [_submit(text(lang, "sessions.action.change_submit"),
                            {"action": ACTION_CHANGE, SessionInput.SESSION: view.id, SessionInput.SUBMISSION: submission})],
    }


def _cancel_confirm(lang: Lang, view: SessionView, submission: str) -> Json:
    return {
        "type": "AdaptiveCard",
        "body": [paragraph(text(lang, "sessions.action.cancel_confirm_text"))],
        "actions": [_submit(text(lang, "sessions.action.cancel_confirm"),
                            {"action": ACTION_CANCEL, SessionInput.SESSION: view.id, SessionInput.SUBMISSION: submission},
                            style="destructive")],
    }


# --- cards -----------------------------------------------------------------------------------------------


def session_card(lang: Lang, view: SessionView, *, tutor: bool = False, notes: list[str] | None = None,
                 submission: str = "", now: dt.datetime | None = None) -> Json:
    """One session. A tutor's own card carries "move or change" and "cancel" while it has not started."""
    body: list[Json] = [title(plain(subject(lang, view))), _facts(lang, view, tutor=tutor)]
    for note in notes or []:
        body.append(paragraph(note))
    link_note = _link_note(lang, view)
    if link_note:
        body.append(paragraph(link_note, subtle=True))
    actions: list[Json] = []
    join = join_action(lang, view)
    if join:
        actions.append(join)
    changeable = view.state == "scheduled" and (now is None or view.start > now)
    if tutor and changeable:
        actions.append({"type": "Action.ShowCard", "title": text(lang, "sessions.action.change"),
                        "card": _change_form(lang, view, submission)})
        actions.append({"type": "Action.ShowCard", "title": text(lang, "sessions.action.cancel"),
                        "card": _cancel_confirm(lang, view, submission)})
        if view.sync_state == "failed" and view.platform == "teams":
            actions.append(_submit(text(lang, "sessions.action.retry"),
                                   {"action": ACTION_RETRY, SessionInput.SESSION: view.id}))
    return adaptive_card(body, actions)


def notice_card(lang: Lang, view: SessionView, notice: Notice) -> Json:
    """What a student gets: a new session, a change, a cancellation, or a reminder."""
    heading = text(lang, f"sessions.notice.{notice}", kind=kind_label(lang, view.kind))
    body: list[Json] = [title(heading)]
    if notice == "cancelled":
        body.append(paragraph(text(lang, "sessions.notice.cancelled_text",
                                   when=when_text(lang, view.start, view.duration_minutes))))
    body.append(_facts(lang, view, tutor=False))
    if view.title:
        body.append(paragraph(plain(view.title)))
    link_note = _link_note(lang, view) if notice != "cancelled" else None
    if link_note:
        body.append(paragraph(link_note, subtle=True))
    join = join_action(lang, view) if notice != "cancelled" else None
    return adaptive_card(body, [join] if join else None)


def notice_text(lang: Lang, view: SessionView, notice: Notice) -> str:
    """The one-line text next to the card (what Teams shows in the notification and the chat list)."""
    heading = text(lang, f"sessions.notice.{notice}", kind=kind_label(lang, view.kind))
    return f"{heading} — {view.course_code}, {when_text(lang, view.start, view.duration_minutes)}"


def held_question_card(lang: Lang, view: SessionView, hours: Decimal, category: str) -> Json:
    body: list[Json] = [
        title(text(lang, "sessions.held.title")),
        _facts(lang, view, tutor=False),
        paragraph(text(lang, "sessions.held.text", hours=_hours(hours), category=category)),
    ]
    actions = [
        _submit(text(lang, "sessions.held.yes"), {"action": ACTION_HELD, SessionInput.SESSION: view.id, SessionInput.HELD: "yes"},
                style="positive"),
        _submit(text(lang, "sessions.held.no"), {"action": ACTION_HELD, SessionInput.SESSION: view.id, SessionInput.HELD: "no"}),
    ]
    return adaptive_card(body, actions)


def _plan_facts(lang: Lang, items: list[PlanItem], webinars: WebinarProgress) -> Json:
    facts: list[Json] = []
    for item in items:
        due = day_text(lang, item.requirement.due_by)
        day = day_text(lang, item.session_date) if item.session_date else ""
        match item.status:
            case Status.HELD:
                value = text(lang, "sessions.plan.held", date=day)
            case Status.SCHEDULED if item.late:
                value = text(lang, "sessions.plan.scheduled_late", date=day, due=due)
            case Status.SCHEDULED:
                value = text(lang, "sessions.plan.scheduled", date=day)
            case Status.MISSING:
                value = text(lang, "sessions.plan.missing", due=due)
            case Status.OVERDUE:
                value = text(lang, "sessions.plan.overdue", due=due)
        facts.append({"title": f"{item.requirement.clause} {kind_label(lang, item.kind)}", "value": value})
    norm = _hours(webinars.norm_hours) if webinars.norm_hours is not None else "—"
    facts.append({
        "title": text(lang, "sessions.plan.webinars", norm=norm),
        "value": text(lang, "sessions.plan.webinar_hours", held=_hours(webinars.held_hours),
                      scheduled=_hours(webinars.scheduled_hours)),
    })
    return {"type": "FactSet", "facts": facts}


def schedule_hint(lang: Lang, proposal: Proposal) -> str:
    """What the schedule card proposes and why: the message text above the card."""
    if proposal.kind is SessionKind.WEBINAR:
        return text(lang, "sessions.schedule.proposal_webinar")
    key = "sessions.schedule.proposal_late" if proposal.late else "sessions.schedule.proposal"
    return text(lang, key, kind=kind_label(lang, proposal.kind),
                due=day_text(lang, proposal.due_by) if proposal.due_by else "")


def new_session_inputs(lang: Lang, today: dt.date, *, day: dt.date | None, time: dt.time,
                       duration_minutes: int) -> list[Json]:
    """The inputs of a card that makes a session, after what it is for (a course and kind; a training's school):
    date (from today on), time, duration, platform (Teams by default), a Zoom link, a title."""
    required = text(lang, "sessions.field.required")
    date: Json = {"type": "Input.Date", "id": SessionInput.DATE, "label": text(lang, "sessions.field.date"),
                  "min": today.isoformat(), "isRequired": True, "errorMessage": required}
    if day is not None:
        date["value"] = day.isoformat()
    return [
        date,
        {"type": "Input.Time", "id": SessionInput.TIME, "label": text(lang, "sessions.field.time"),
         "value": time.strftime("%H:%M"), "isRequired": True, "errorMessage": required},
        {"type": "Input.Number", "id": SessionInput.DURATION, "label": text(lang, "sessions.field.duration"),
         "value": duration_minutes, "min": MIN_DURATION_MIN, "max": MAX_DURATION_MIN,
         "isRequired": True, "errorMessage": required},
        {"type": "Input.ChoiceSet", "id": SessionInput.PLATFORM, "label": text(lang, "sessions.field.platform"),
         "style": "expanded", "value": "teams",
         "choices": [{"title": text(lang, "sessions.platform.teams_choice"), "value": "teams"},
                     {"title": text(lang, "sessions.platform.zoom_choice"), "value": "zoom"}]},
        {"type": "Input.Text", "id": SessionInput.LINK, "label": text(lang, "sessions.field.link"), "style": "Url",
         "placeholder": "https://zoom.us/j/…", "maxLength": MAX_LINK},
        {"type": "Input.Text", "id": SessionInput.TITLE, "label": text(lang, "sessions.field.title"),
         "maxLength": MAX_TITLE},
    ]


def schedule_card(
    lang: Lang,
    courses: list[tuple[str, str]],
    selected: str,
    proposal: Proposal,
    plan_items: list[PlanItem],
    webinars: WebinarProgress,
    submission: str,
    today: dt.date,
) -> Json:
    """CONTRACT §7: inputs course, kind, date, time, duration, platform, link, title; the next missing session
    proposed (`schedule_hint` says which, in the message), and the course's plan underneath. `courses`: (code,
    name) of the tutor's courses; `selected`: the code of the one proposed for."""
    required = text(lang, "sessions.field.required")
    body: list[Json] = [
        title(text(lang, "sessions.schedule.title")),
        {"type": "Input.ChoiceSet", "id": SessionInput.COURSE, "label": text(lang, "sessions.field.course"), "style": "compact",
         "value": selected, "isRequired": True, "errorMessage": required, "choices": code_choices(courses)},
        {"type": "Input.ChoiceSet", "id": SessionInput.KIND, "label": text(lang, "sessions.field.kind"), "style": "compact",
         "value": proposal.kind.value, "isRequired": True, "errorMessage": required,
         "choices": [{"title": kind_with_clause(lang, k), "value": k.value} for k in SessionKind]},
        *new_session_inputs(lang, today, day=proposal.date, time=proposal.time,
                            duration_minutes=proposal.duration_minutes),
        {"type": "TextBlock", "text": text(lang, "sessions.schedule.plan", course=selected), "weight": "Bolder",
         "wrap": True, "separator": True, "spacing": "Medium"},
        _plan_facts(lang, plan_items, webinars),
    ]
    if len(courses) > 1:
        body.append(paragraph(text(lang, "sessions.schedule.other_course"), subtle=True))
    actions = [_submit(text(lang, "sessions.schedule.submit"),
                       {"action": ACTION_SCHEDULE, SessionInput.SUBMISSION: submission}, style="positive")]
    return adaptive_card(body, actions)


def student_sessions_card(lang: Lang, views: list[SessionView]) -> Json:
    body: list[Json] = [title(text(lang, "sessions.list.student_title"))]
    if not views:
        body.append(paragraph(text(lang, "sessions.list.student_empty")))
    for view in views:
        items: list[Json] = [
            {"type": "TextBlock", "text": plain(subject(lang, view)), "weight": "Bolder", "wrap": True},
            paragraph(when_text(lang, view.start, view.duration_minutes)),
            paragraph(f"{text(lang, 'sessions.card.tutor')}: {plain(view.tutor_name)} · "
                      f"{text(lang, f'sessions.platform.{view.platform}')}", subtle=True),
        ]
        note = _link_note(lang, view)
        if note:
            items.append(paragraph(note, subtle=True))
        join = join_action(lang, view)
        if join:
            items.append({"type": "ActionSet", "actions": [join]})
        body.append({"type": "Container", "separator": True, "spacing": "Medium", "items": items})
    return adaptive_card(body)


def plan_overview_card(lang: Lang, courses: list[CoursePlanView], *, tutor: bool, more: int = 0) -> Json:
    """`sessions` for a tutor (with buttons to open and schedule), a dean or an admin (read only)."""
    body: list[Json] = [title(text(lang, "sessions.list.tutor_title"))]
    if not courses:
        body.append(paragraph(text(lang, "sessions.list.no_courses")))
    for course in courses:
        items: list[Json] = [
            {"type": "TextBlock", "text": plain(f"{course.code} — {course.name}"), "weight": "Bolder",
             "size": "Medium", "wrap": True},
            _plan_facts(lang, course.items, course.webinars),
            {"type": "TextBlock", "text": text(lang, "sessions.list.upcoming"), "weight": "Bolder", "wrap": True,
             "spacing": "Small"},
        ]
        if not course.upcoming:
            items.append(paragraph(text(lang, "sessions.list.none_upcoming"), subtle=True))
        for view in course.upcoming:
            line = f"{kind_label(lang, view.kind)} — {when_text(lang, view.start, view.duration_minutes)}"
            if tutor and view.sync_state != "synced" and view.platform == "teams":
                line += f" ({text(lang, f'sessions.sync.{view.sync_state}', error=view.sync_error or '')})"
            items.append(paragraph(line))
            buttons: list[Json] = []
            join = join_action(lang, view)
            if join:
                buttons.append(join)
            if view.id in course.openable:
                buttons.append(_submit(text(lang, "sessions.action.open"),
                                       {"action": ACTION_OPEN, SessionInput.SESSION: view.id}))
            if buttons:
                items.append({"type": "ActionSet", "actions": buttons})
        if tutor:
            items.append({"type": "ActionSet", "actions": [
                command_button(text(lang, "sessions.list.schedule"), f"schedule {course.code}")]})
        body.append({"type": "Container", "separator": True, "spacing": "Large", "items": items})
    if more:
        body.append(paragraph(text(lang, "sessions.list.more_courses", count=more), subtle=True))
    return adaptive_card(body)
