"""A Microsoft Graph stand-in: the calendar and online-meeting endpoints Tutorbot uses, in Graph's REST shapes.

The bot talks to it with the real msgraph-sdk (`GRAPH_BASE_URL` pointed here). It records every request body,
answers with realistic event JSON (`onlineMeeting.joinUrl`, `@odata.etag`, …), honours `transactionId` the way
Graph does (a retried create with the same id returns the event already made), and can be told to misbehave:

    graph.fail_next(429, times=1, retry_after=1)   # throttled, then served
    graph.go_down()                                # 503 on every calendar call until `come_back()`
    graph.teams_allowed = False                    # 201 with isOnlineMeeting false / provider "unknown"
    graph.lose_next_create_response()              # the event is made but the answer is a 503 (a lost reply)
    graph.attendance = {...}                       # attendance reports; by default 403 (no permission)
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import json
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from aiohttp import web

from tests.support.local_server import LocalServer

TENANT = "tenant-almau"


@dataclass
class GraphRequest:
    method: str
    path: str  # decoded, e.g. /v1.0/users/a.kassymova@demo.almau.edu.kz/events
    raw_path: str  # as sent on the wire (the user id's "@" percent-encoded)
    query: dict[str, str]
    headers: dict[str, str]
    body: Any

    @property
    def user(self) -> str:
        parts = self.path.split("/")
        return parts[3] if len(parts) > 3 and parts[2] == "users" else ""


@dataclass
class StoredEvent:
    id: str
    user: str
    json: dict[str, Any]
    cancelled: bool = False
    cancel_comment: str | None = None
    patches: list[dict[str, Any]] = field(default_factory=lambda: [])


def graph_error(status: int, code: str, message: str) -> dict[str, Any]:
    return {
        "error": {
            "code": code,
            "message": message,
            "innerError": {
                "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S"),
                "request-id": str(uuid.uuid4()),
                "client-request-id": str(uuid.uuid4()),
            },
        }
    }


_ERROR_CODES = {
    400: ("ErrorInvalidRequest", "Your request is invalid."),
    401: ("InvalidAuthenticationToken", "Access token is empty."),
    403: ("ErrorAccessDenied", "Access is denied. Check credentials and try again."),
    404: ("ErrorItemNotFound", "The specified object was not found in the store."),
    429: ("ApplicationThrottled", "Application is over its MailboxConcurrency limit."),
    500: ("InternalServerError", "An internal server error occurred."),
    503: ("ServiceNotAvailable", "The service is temporarily unavailable. Please retry later."),
    504: ("GatewayTimeout", "The gateway did not receive a response in time."),
}


def _graph_time(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.0000000")


def _now() -> str:
    """Now, as Graph writes createdDateTime / lastModifiedDateTime."""
    return dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")


def _token() -> str:
    """A random base64 value, like an etag's or a changeKey."""
    return base64.b64encode(uuid.uuid4().bytes).decode()


Handler = Callable[[web.Request, GraphRequest], Awaitable[web.Response]]  # also given the recorded request
Route = Callable[[web.Request], Awaitable[web.Response]]


class GraphStandIn(LocalServer):
    def __init__(self, token: str = "test-graph-token") -> None:
        self.token = token
        self.requests: list[GraphRequest] = []
        self.events: dict[str, StoredEvent] = {}
        self.teams_allowed = True
        self.down = False
        self.down_status = 503
        self.down_retry_after: float | None = 1
        self._failures: deque[tuple[int, float | None]] = deque()
        self._lose_create_responses = 0
        # Attendance: None = the app lacks OnlineMeetingArtifact.Read.All (403); else join URL -> attendee emails.
        self.attendance: dict[str, list[str]] | None = None
        # Teams app installation (CONTRACT §10): the org catalog, the users Graph knows, what is installed for whom.
        self.catalog: dict[str, str] = {}  # manifest (external) id -> the catalog's id
        self.directory: set[str] = set()  # user ids and user principal names Graph knows
        self.installed: dict[str, str] = {}  # user -> installation id
        self.install_forbidden = False  # the admin has not granted TeamsAppInstallation.ReadWriteSelfForUser.All
        self._ids = itertools.count(1)

    # --- test controls -------------------------------------------------
    def fail_next(self, status: int, times: int = 1, retry_after: float | None = None) -> None:
        for _ in range(times):
            self._failures.append((status, retry_after))

    def go_down(self, status: int = 503, retry_after: float | None = 1) -> None:
        self.down, self.down_status, self.down_retry_after = True, status, retry_after

    def come_back(self) -> None:
        self.down = False

    def lose_next_create_response(self) -> None:
        self._lose_create_responses += 1

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1.0"

    def calls(self, method: str, suffix: str = "") -> list[GraphRequest]:
        return [r for r in self.requests if r.method == method and r.path.endswith(suffix)]

    def creates(self) -> list[GraphRequest]:
        return [r for r in self.requests if r.method == "POST" and r.path.endswith("/events")]

    def live_events(self) -> list[StoredEvent]:
        return [e for e in self.events.values() if not e.cancelled]

    # --- plumbing ------------------------------------------------------
    async def _record(self, request: web.Request) -> GraphRequest:
        text = await request.text()
        body: Any = json.loads(text) if text else None
        recorded = GraphRequest(request.method, request.path, request.raw_path.split("?")[0], dict(request.query),
                                dict(request.headers), body)
        self.requests.append(recorded)
        return recorded

    def _refuse(self, request: web.Request, *, calendar: bool = True) -> web.Response | None:
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return self._error(401)
        if calendar and self.down:
            return self._error(self.down_status, self.down_retry_after)
        if calendar and self._failures:
            status, retry_after = self._failures.popleft()
            return self._error(status, retry_after)
        return None

    def _served(self, handler: Handler, *, attendance: bool = False) -> Route:
        """`handler` as Graph serves it: every request recorded first, then refused as Graph would (a wrong token;
        an outage or queued failures on calendar calls; 403 on attendance calls while the app lacks the permission)."""

        async def route(request: web.Request) -> web.Response:
            recorded = await self._record(request)
            refused = self._refuse(request, calendar=not attendance)
            if refused is not None:
                return refused
            if attendance and self.attendance is None:
                return self._error(403)
            return await handler(request, recorded)

        return route

    def _error(self, status: int, retry_after: float | None = None) -> web.Response:
        code, message = _ERROR_CODES.get(status, ("UnknownError", "Something went wrong."))
        headers = {"Retry-After": str(int(retry_after))} if retry_after is not None else {}
        return web.json_response(graph_error(status, code, message), status=status, headers=headers)

    # --- events --------------------------------------------------------
    async def _create_event(self, request: web.Request, recorded: GraphRequest) -> web.Response:
        user = request.match_info["user"]
        body = recorded.body or {}
        transaction_id = body.get("transactionId")
        existing = next(
            (e for e in self.events.values() if transaction_id and e.user == user
             and e.json.get("transactionId") == transaction_id),
            None,
        )
        event = existing or self._new_event(user, body)
        if self._lose_create_responses:
            self._lose_create_responses -= 1
            return self._error(503, 1)
        return web.json_response(event.json, status=201)

    def _new_event(self, user: str, body: dict[str, Any]) -> StoredEvent:
        number = next(self._ids)
        event_id = base64.urlsafe_b64encode(f"AAMkAGI2TG93AAA-{user}-{number}".encode()).decode()
        now = _now()
        online = bool(body.get("isOnlineMeeting")) and self.teams_allowed
        provider = body.get("onlineMeetingProvider") if online else "unknown"
        thread = uuid.uuid4().hex
        join_url = (
            f"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{thread}%40thread.v2/0?context="
            + quote(json.dumps({"Tid": TENANT, "Oid": str(uuid.uuid5(uuid.NAMESPACE_DNS, user))}, separators=(",", ":")))
        )
        attendees = [
            {**a, "status": {"response": "none", "time": "0001-01-01T00:00:00Z"}} for a in body.get("attendees") or []
        ]
        event: dict[str, Any] = {
            "@odata.context": f"{self.base_url}/$metadata#users('{quote(user)}')/events/$entity",
            "@odata.etag": f'W/"{_token()}"',
            "id": event_id,
            "createdDateTime": now,
            "lastModifiedDateTime": now,
            "changeKey": _token(),
            "categories": [],
            "transactionId": body.get("transactionId"),
            "originalStartTimeZone": (body.get("start") or {}).get("timeZone", "UTC"),
            "originalEndTimeZone": (body.get("end") or {}).get("timeZone", "UTC"),
            "iCalUId": "040000008200E00074C5B7101A82E008" + uuid.uuid4().hex.upper(),
            "uid": "040000008200E00074C5B7101A82E008" + uuid.uuid4().hex.upper(),
            "reminderMinutesBeforeStart": body.get("reminderMinutesBeforeStart", 15),
            "isReminderOn": body.get("isReminderOn", True),
            "hasAttachments": False,
            "subject": body.get("subject", ""),
            "bodyPreview": str((body.get("body") or {}).get("content", ""))[:255],
            "importance": "normal",
            "sensitivity": "normal",
            "isAllDay": False,
            "isCancelled": False,
            "isOrganizer": True,
            "responseRequested": True,
            "seriesMasterId": None,
            "showAs": "busy",
            "type": "singleInstance",
            "webLink": f"https://outlook.office365.com/owa/?itemid={quote(event_id)}&exvsurl=1&path=/calendar/item",
            "onlineMeetingUrl": None,
            "isOnlineMeeting": online,
            "onlineMeetingProvider": provider,
            "allowNewTimeProposals": body.get("allowNewTimeProposals", True),
            "occurrenceId": None,
            "isDraft": False,
            "hideAttendees": False,
            "responseStatus": {"response": "organizer", "time": "0001-01-01T00:00:00Z"},
            "body": body.get("body") or {"contentType": "html", "content": ""},
            "start": body.get("start"),
            "end": body.get("end"),
            "location": body.get("location") or {"displayName": "", "locationType": "default",
                                                 "uniqueIdType": "unknown", "address": {}, "coordinates": {}},
            "locations": [],
            "recurrence": None,
            "attendees": attendees,
            "organizer": {"emailAddress": {"name": user.split("@")[0], "address": user}},
            "onlineMeeting": {"joinUrl": join_url} if online else None,
        }
        stored = StoredEvent(event_id, user, event)
        self.events[event_id] = stored
        return stored

    async def _patch_event(self, request: web.Request, recorded: GraphRequest) -> web.Response:
        event = self._event(request)
        if event is None or event.cancelled:
            return self._error(404)
        patch = recorded.body or {}
        event.patches.append(patch)
        event.json.update({k: v for k, v in patch.items() if not k.startswith("@")})
        event.json["lastModifiedDateTime"] = _now()
        event.json["@odata.etag"] = f'W/"{_token()}"'
        return web.json_response(event.json, status=200)

    def _event(self, request: web.Request) -> StoredEvent | None:
        """The event the path names, if it is that user's."""
        event = self.events.get(request.match_info["event"])
        return event if event is not None and event.user == request.match_info["user"] else None

    async def _cancel_event(self, request: web.Request, recorded: GraphRequest) -> web.Response:
        event = self._event(request)
        if event is None:
            return self._error(404)
        event.cancelled = True
        body = recorded.body or {}
        event.cancel_comment = body.get("Comment", body.get("comment"))  # the SDK sends "Comment", as Graph's docs
        event.json["isCancelled"] = True
        return web.Response(status=202)

    # --- online meetings and attendance --------------------------------
    async def _online_meetings(self, request: web.Request, recorded: GraphRequest) -> web.Response:
        wanted = request.query.get("$filter", "")
        user = request.match_info["user"]
        found = [
            {"id": base64.urlsafe_b64encode(e.id.encode()).decode(), "joinWebUrl": e.json["onlineMeeting"]["joinUrl"],
             "subject": e.json["subject"]}
            for e in self.events.values()
            if e.user == user and e.json.get("onlineMeeting") and e.json["onlineMeeting"]["joinUrl"] in wanted
        ]
        return web.json_response({"@odata.context": f"{self.base_url}/$metadata#users('{quote(user)}')/onlineMeetings",
                                  "value": found})

    def _meeting_join_url(self, meeting_id: str) -> str | None:
        try:
            event_id = base64.urlsafe_b64decode(meeting_id.encode()).decode()
        except ValueError:
            return None
        event = self.events.get(event_id)
        return event.json["onlineMeeting"]["joinUrl"] if event and event.json.get("onlineMeeting") else None

    async def _attendance_reports(self, request: web.Request, recorded: GraphRequest) -> web.Response:
        join_url = self._meeting_join_url(request.match_info["meeting"])
        assert self.attendance is not None  # else refused by _served
        if join_url is None:
            return self._error(404)
        reports: list[dict[str, Any]] = []
        if join_url in self.attendance:
            reports.append({"id": f"report-{request.match_info['meeting'][:12]}",
                            "totalParticipantCount": len(self.attendance[join_url]) + 1,
                            "meetingStartDateTime": None, "meetingEndDateTime": None})
        return web.json_response({"value": reports})

    async def _attendance_records(self, request: web.Request, recorded: GraphRequest) -> web.Response:
        join_url = self._meeting_join_url(request.match_info["meeting"])
        assert self.attendance is not None  # else refused by _served
        if join_url is None or join_url not in self.attendance:
            return self._error(404)
        records = [
            {"id": str(uuid.uuid4()), "emailAddress": email, "totalAttendanceInSeconds": 2400, "role": "Attendee",
             "identity": {"id": str(uuid.uuid5(uuid.NAMESPACE_DNS, email)), "displayName": email}}
            for email in self.attendance[join_url]
        ]
        return web.json_response({"value": records})

    # --- Teams app installation ----------------------------------------
    async def _catalog(self, request: web.Request, recorded: GraphRequest) -> web.Response:
        wanted = recorded.query.get("$filter", "")
        value = [{"id": cid, "externalId": ext, "distributionMethod": "organization"}
                 for ext, cid in self.catalog.items() if wanted == f"externalId eq '{ext}'"]
        return web.json_response({"value": value})

    def _user(self, request: web.Request) -> str | None:
        user = request.match_info["user"]
        return user if user in self.directory else None

    async def _install(self, request: web.Request, recorded: GraphRequest) -> web.Response:
        user = self._user(request)
        if self.install_forbidden:
            return self._error(403)
        bind = str((recorded.body or {}).get("teamsApp@odata.bind", ""))
        if user is None or bind.rsplit("/", 1)[-1] not in self.catalog.values():
            return self._error(404)
        if user in self.installed:
            return web.json_response(graph_error(409, "Conflict", "App is already installed."), status=409)
        self.installed[user] = f"inst-{next(self._ids)}"
        return web.Response(status=201)

    async def _installations(self, request: web.Request, recorded: GraphRequest) -> web.Response:
        user = self._user(request)
        if user is None:
            return self._error(404)
        value = []
        if user in self.installed:
            app_id = next(iter(self.catalog.values()))
            if recorded.query.get("$filter") == f"teamsApp/id eq '{app_id}'":
                value = [{"id": self.installed[user], "teamsApp": {"id": app_id}}]
        return web.json_response({"value": value})

    async def _chat(self, request: web.Request, recorded: GraphRequest) -> web.Response:
        user = self._user(request)
        if user is None or self.installed.get(user) != request.match_info["installation"]:
            return self._error(404)
        return web.json_response({"id": f"19:{user}_tutorbot@unq.gbl.spaces", "chatType": "oneOnOne"})

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/v1.0/appCatalogs/teamsApps", self._served(self._catalog))
        app.router.add_post("/v1.0/users/{user}/teamwork/installedApps", self._served(self._install))
        app.router.add_get("/v1.0/users/{user}/teamwork/installedApps", self._served(self._installations))
        app.router.add_get("/v1.0/users/{user}/teamwork/installedApps/{installation}/chat", self._served(self._chat))
        app.router.add_post("/v1.0/users/{user}/events", self._served(self._create_event))
        app.router.add_patch("/v1.0/users/{user}/events/{event}", self._served(self._patch_event))
        app.router.add_post("/v1.0/users/{user}/events/{event}/cancel", self._served(self._cancel_event))
        app.router.add_get("/v1.0/users/{user}/onlineMeetings", self._served(self._online_meetings, attendance=True))
        app.router.add_get("/v1.0/users/{user}/onlineMeetings/{meeting}/attendanceReports",
                           self._served(self._attendance_reports, attendance=True))
        app.router.add_get("/v1.0/users/{user}/onlineMeetings/{meeting}/attendanceReports/{report}/attendanceRecords",
                           self._served(self._attendance_records, attendance=True))
        return app
