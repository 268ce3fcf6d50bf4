"""The local calendar: the embedded default when no Microsoft 365 tenant is configured.

The session itself is stored by the sessions feature as always; this backend keeps the "events" in memory and gives
each a clearly labelled placeholder link on the reserved `.invalid` domain (RFC 2606), which the cards call a local
link, so nobody mistakes it for a Teams meeting.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from tutoring.calendar import MeetingRequest, MeetingResult

LOCAL_LINK_BASE = "https://local-calendar.invalid/tutorbot/meeting/"


@dataclass
class LocalEvent:
    request: MeetingRequest
    cancelled: bool = False
    cancel_comment: str = ""


class LocalCalendar:
    name = "local"

    def __init__(self) -> None:
        self.events: dict[str, LocalEvent] = {}

    async def create(self, request: MeetingRequest) -> MeetingResult:
        event_id = f"local-{request.transaction_id or uuid.uuid4().hex}"  # a retried create finds its event
        if event_id not in self.events:
            self.events[event_id] = LocalEvent(request)
        return self._result(event_id)

    async def update(self, event_id: str, request: MeetingRequest) -> MeetingResult:
        self.events[event_id] = LocalEvent(request)
        return self._result(event_id)

    async def cancel(self, organizer_email: str, event_id: str, comment: str) -> None:
        event = self.events.get(event_id)
        if event is not None:
            event.cancelled = True
            event.cancel_comment = comment

    async def attendance(self, organizer_email: str, join_url: str) -> list[str] | None:
        return None  # nobody can join a local placeholder

    async def close(self) -> None:
        return None

    @staticmethod
    def _result(event_id: str) -> MeetingResult:
        return MeetingResult(event_id, LOCAL_LINK_BASE + event_id, is_teams_meeting=False, local=True)
