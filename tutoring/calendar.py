"""The calendar interface (CONTRACT §3): what the bot needs from a calendar backend, and nothing more.

Two backends implement it in `bot/calendar/`: Microsoft Graph (a Teams meeting in the tutor's mailbox) and a local
one for the embedded default. The sessions worker calls it after the turn committed; dialogs never do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, Protocol


class LinkKind(StrEnum):
    """What the join link of a session is."""

    TEAMS = "teams"  # a real Teams meeting: the event's onlineMeeting.joinUrl
    NO_TEAMS = "no_teams"  # the calendar made the event but the mailbox does not allow Teams meetings: no link
    LOCAL = "local"  # the local calendar backend: a labelled placeholder, not a meeting anyone can join
    EXTERNAL = "external"  # a link the tutor gave (Zoom or other)


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str


@dataclass(frozen=True)
class MeetingRequest:
    organizer_email: str  # the tutor's mailbox: POST /users/{organizer}/events
    subject: str
    body_html: str
    start: dt.datetime  # aware
    duration_minutes: int
    attendees: tuple[Attendee, ...] = ()
    # The same id on a retried create: Graph returns the event it made instead of double-booking.
    transaction_id: str = ""

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(minutes=self.duration_minutes)


@dataclass(frozen=True)
class MeetingResult:
    event_id: str
    join_url: str | None
    is_teams_meeting: bool
    local: bool = False  # made by the local backend: the link is a labelled placeholder

    @property
    def link_kind(self) -> LinkKind:
        if self.local:
            return LinkKind.LOCAL
        return LinkKind.TEAMS if self.is_teams_meeting and self.join_url else LinkKind.NO_TEAMS


@dataclass(frozen=True)
class SyncOutcome:
    """What the calendar said about a session's latest version (the sessions worker tells people from it)."""

    kind: Literal["done", "pending", "failed", "gave_up"]
    status: int | None = None
    message: str = ""


class CalendarError(Exception):
    """A call the calendar refused or could not take. `status` is the HTTP status (None: no answer at all)."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None,
                 code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after
        self.code = code

    @property
    def transient(self) -> bool:
        """Worth retrying later: no answer, throttled, or a server-side failure."""
        return self.status is None or self.status in (408, 429) or self.status >= 500


class Calendar(Protocol):
    name: str  # "graph" or "local"

    async def create(self, request: MeetingRequest) -> MeetingResult: ...

    async def update(self, event_id: str, request: MeetingRequest) -> MeetingResult: ...

    async def cancel(self, organizer_email: str, event_id: str, comment: str) -> None: ...

    async def attendance(self, organizer_email: str, join_url: str) -> list[str] | None:
        """Emails of those who joined the meeting, or None when no report exists (yet).
        Raises CalendarError with status 403 when the app may not read attendance reports."""
        ...

    async def close(self) -> None: ...
