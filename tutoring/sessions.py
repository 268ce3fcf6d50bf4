"""Rules of scheduling sessions: reading the schedule card (CONTRACT §7), the instant in time, reminders.

Pure: the card's values in, a checked form or the first problem (naming the field) out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from tutoring.norms import SessionKind


class Platform(StrEnum):
    TEAMS = "teams"
    ZOOM = "zoom"


MIN_DURATION_MIN = 15
MAX_DURATION_MIN = 480
MAX_TITLE = 200
MAX_LINK = 2000
MAX_AHEAD = dt.timedelta(days=366)
REMINDER_LEADS = (dt.timedelta(hours=24), dt.timedelta(hours=1))

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2})?$")
_DURATION = re.compile(r"^([+-]?)(\d+)(?:[.,](\d*))?$")


@dataclass(frozen=True)
class SessionForm:
    """The checked values of a schedule (or change) card."""

    start: dt.datetime  # aware, UTC
    duration_minutes: int
    course: str = ""
    kind: SessionKind | None = None
    platform: Platform | None = None
    link: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class FormProblem:
    field: str  # the input id of CONTRACT §7
    reason: str  # missing | format | past | too_far | range | choice | url | zoom_link | too_long


def _text(data: Mapping[str, object], key: str) -> str:
    value = data.get(key)
    if value is None or isinstance(value, bool):
        return ""
    return str(value).strip()


def local_instant(day: dt.date, time: dt.time, tz: ZoneInfo) -> dt.datetime:
    """A local wall-clock date and time as an aware UTC instant."""
    return dt.datetime.combine(day, time, tzinfo=tz).astimezone(dt.UTC)


def _is_link(value: str) -> bool:
    parsed = urlparse(value)
    return parsed.scheme in ("https", "http") and bool(parsed.netloc) and " " not in value


def _what(data: Mapping[str, object], course_session: bool) -> tuple[SessionKind | None, Platform] | FormProblem:
    """A new session's course (present), kind and platform; a training has neither course nor kind."""
    if course_session and not _text(data, "course"):
        return FormProblem("course", "missing")
    try:
        kind = SessionKind(_text(data, "kind")) if course_session else None
    except ValueError:
        return FormProblem("kind", "choice")
    try:
        return kind, Platform(_text(data, "platform").lower())
    except ValueError:
        return FormProblem("platform", "choice")


def parse_session_form(
    data: Mapping[str, object], *, now: dt.datetime, tz: ZoneInfo, new: bool, platform: Platform | None = None,
    course_session: bool = True,
) -> SessionForm | FormProblem:
    """Check a schedule card (`new`) or a change card (date, time, duration, link, title; the platform is known).
    A training card (`course_session` False) has no course and no kind; its audience is read elsewhere."""
    course = _text(data, "course")
    kind: SessionKind | None = None
    if new:
        what = _what(data, course_session)
        if isinstance(what, FormProblem):
            return what
        kind, platform = what
    raw_date = _text(data, "date")
    if not raw_date:
        return FormProblem("date", "missing")
    if not _DATE.match(raw_date):
        return FormProblem("date", "format")
    try:
        day = dt.date.fromisoformat(raw_date)
    except ValueError:
        return FormProblem("date", "format")
    raw_time = _text(data, "time")
    if not raw_time:
        return FormProblem("time", "missing")
    matched = _TIME.match(raw_time)
    if matched is None or int(matched.group(1)) > 23 or int(matched.group(2)) > 59:
        return FormProblem("time", "format")
    start = local_instant(day, dt.time(int(matched.group(1)), int(matched.group(2))), tz)
    if start <= now:
        return FormProblem("date", "past")
    if start - now > MAX_AHEAD:
        return FormProblem("date", "too_far")
    raw_duration = _text(data, "duration")
    if not raw_duration:
        return FormProblem("duration", "missing")
    # Plain decimals only: float() would take "1e400", "inf" and "nan", which no minute count can be.
    number = _DURATION.match(raw_duration)
    if number is None:
        return FormProblem("duration", "format")
    whole, fraction = number.group(2), (number.group(3) or "").strip("0")
    if number.group(1) == "-" or fraction or len(whole) > 6 \
            or not MIN_DURATION_MIN <= int(whole) <= MAX_DURATION_MIN:
        return FormProblem("duration", "range")
    link = _text(data, "link") or None
    if link is not None and len(link) > MAX_LINK:
        return FormProblem("link", "too_long")
    if link is not None and not _is_link(link):
        return FormProblem("link", "url")
    if platform is Platform.ZOOM and link is None and new:
        return FormProblem("link", "zoom_link")
    title = _text(data, "title") or None
    if title is not None and len(title) > MAX_TITLE:
        return FormProblem("title", "too_long")
    return SessionForm(start, int(whole), course, kind, platform, link, title)


def reminder_due(
    lead: dt.timedelta,
    *,
    start: dt.datetime,
    now: dt.datetime,
    announced_at: dt.datetime | None,
    sent_for: dt.datetime | None,
) -> bool:
    """Is the reminder `lead` before `start` due now?

    Not if it was sent for this start already (a moved session is reminded again for its new time), not before
    its time nor after the start, not when the students were told of the session inside that window (the
    announcement was the reminder), and not the day-before one once the hour-before one is due (after an outage,
    one reminder rather than two at once)."""
    if sent_for is not None and sent_for == start:
        return False
    if not start - lead <= now < start:
        return False
    if announced_at is None or announced_at > start - lead:
        return False
    shortest = min(REMINDER_LEADS)
    return not (lead > shortest and now >= start - shortest)


VersionNotice = Literal["new", "changed", "cancelled"]


def version_notice(cancelled: bool, announced_version: int) -> VersionNotice | None:
    """What a session's current version tells the people it concerns; nothing for a session cancelled before
    anybody heard of it."""
    if cancelled:
        return "cancelled" if announced_version > 0 else None
    return "new" if announced_version == 0 else "changed"


def tell_now(notice: VersionNotice | None, outcome_kind: str, announced_version: int, version: int) -> bool:
    """Once per version: a new session once the calendar made its meeting; a change or a cancellation of an
    announced one at once, whatever the calendar said, unless it gave up."""
    calendar_allows = outcome_kind == "done" or (outcome_kind != "gave_up" and announced_version > 0)
    return notice is not None and calendar_allows and announced_version < version
