"""Microsoft Graph calendar backend: a session is an event with a Teams meeting in the tutor's mailbox (CONTRACT §3).

`POST {GRAPH_BASE_URL}/users/{tutor}/events` with `isOnlineMeeting`, `onlineMeetingProvider: teamsForBusiness`,
the enrolled students as attendees, the instant in UTC and a `transactionId`; `PATCH …/events/{id}` to move it;
`POST …/events/{id}/cancel` to cancel it. The msgraph-sdk's retry handler retries 429, 503 and 504 honouring
`Retry-After`; what still fails comes back as a `CalendarError` for the sessions worker to retry later or explain.

Auth: a ready bearer token (`GRAPH_ACCESS_TOKEN`, development and tests) through a static kiota token provider, or
app-only client credentials through azure-identity. The connection pool is ours to close (`close()`): the SDK
neither closes the transport it wraps nor the credential.

Permissions (application, admin consent): `Calendars.ReadWrite` to write events in tutors' mailboxes (scope it
to the tutors with an Exchange application access policy). Attendance reports also need
`OnlineMeetings.Read.All` and `OnlineMeetingArtifact.Read.All` plus a Teams application access policy; without
them the bot records sessions without attendance and says so once in the log.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib
import importlib.util
import logging
import time
import warnings
from typing import Any
from urllib.parse import urlparse

import httpx
from azure.identity.aio import ClientSecretCredential

from bot import metrics
from tutoring.calendar import CalendarError, MeetingRequest, MeetingResult

log = logging.getLogger("tutorbot.graph")

# The generated request builders warn about their own deprecated classes when they are imported (class bodies
# call warn()): import what we use here, once and quietly, rather than in the middle of a request.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from kiota_abstractions.api_error import APIError
    from kiota_abstractions.authentication import (
        AccessTokenProvider,
        AllowedHostsValidator,
        AuthenticationProvider,
        BaseBearerTokenAuthenticationProvider,
    )
    from kiota_abstractions.base_request_configuration import RequestConfiguration
    from kiota_authentication_azure.azure_identity_authentication_provider import (
        AzureIdentityAuthenticationProvider,
    )
    from kiota_http.middleware.options import RetryHandlerOption
    from msgraph.generated.models.attendee import Attendee as GraphAttendee
    from msgraph.generated.models.attendee_type import AttendeeType
    from msgraph.generated.models.body_type import BodyType
    from msgraph.generated.models.date_time_time_zone import DateTimeTimeZone
    from msgraph.generated.models.email_address import EmailAddress
    from msgraph.generated.models.event import Event
    from msgraph.generated.models.item_body import ItemBody
    from msgraph.generated.models.online_meeting_provider_type import OnlineMeetingProviderType
    from msgraph.generated.users.item.events.item.cancel.cancel_post_request_body import CancelPostRequestBody
    from msgraph.generated.users.item.online_meetings.online_meetings_request_builder import (
        OnlineMeetingsRequestBuilder,
    )
    from msgraph.graph_request_adapter import GraphRequestAdapter
    from msgraph.graph_request_adapter import options as graph_default_options
    from msgraph.graph_service_client import GraphServiceClient
    from msgraph_core import GraphClientFactory
    _BUILDERS = "msgraph.generated.users.item"
    for _module in (
        "msgraph.generated.users.users_request_builder",
        f"{_BUILDERS}.user_item_request_builder",
        f"{_BUILDERS}.events.events_request_builder",
        f"{_BUILDERS}.events.item.event_item_request_builder",
        f"{_BUILDERS}.events.item.cancel.cancel_request_builder",
        f"{_BUILDERS}.online_meetings.item.online_meeting_item_request_builder",
        f"{_BUILDERS}.online_meetings.item.attendance_reports.attendance_reports_request_builder",
        f"{_BUILDERS}.online_meetings.item.attendance_reports.item.meeting_attendance_report_item_request_builder",
        f"{_BUILDERS}.online_meetings.item.attendance_reports.item.attendance_records"
        ".attendance_records_request_builder",
    ):
        importlib.import_module(_module)

CONNECT_TIMEOUT_S = 10.0
REQUEST_TIMEOUT_S = 30.0
MAX_RETRIES = 3  # the SDK's default; each retry waits Retry-After when Graph gives one


class StaticTokenProvider(AccessTokenProvider):
    """A ready bearer token, sent only to the allowed hosts (the Graph base URL's host)."""

    def __init__(self, token: str, allowed_hosts: list[str]) -> None:
        self._token = token
        self._hosts = AllowedHostsValidator(allowed_hosts)

    async def get_authorization_token(self, uri: str, additional_authentication_context: dict[str, Any] | None = None
                                      ) -> str:
        return self._token if self._hosts.is_url_host_valid(uri) else ""

    def get_allowed_hosts_validator(self) -> AllowedHostsValidator:
        return self._hosts


class GraphCalendar:
    name = "graph"

    def __init__(
        self,
        base_url: str,
        *,
        access_token: str = "",
        tenant_id: str = "",
        client_id: str = "",
        client_secret: str = "",
        retry: RetryHandlerOption | None = None,
    ) -> None:
        parsed = urlparse(base_url)
        host = parsed.hostname or ""
        self._credential: ClientSecretCredential | None = None
        auth: AuthenticationProvider
        if access_token:
            auth = BaseBearerTokenAuthenticationProvider(StaticTokenProvider(access_token, [host]))
        else:
            self._credential = ClientSecretCredential(tenant_id, client_id, client_secret)
            scope = f"{parsed.scheme}://{parsed.netloc}/.default"  # national clouds have their own
            auth = AzureIdentityAuthenticationProvider(self._credential, scopes=[scope], allowed_hosts=[host])
        # Our own transport, so that close() can close the pool (the SDK's wrapper transport does not).
        http2 = importlib.util.find_spec("h2") is not None
        self._transport = httpx.AsyncHTTPTransport(http2=http2)
        client = httpx.AsyncClient(
            transport=self._transport,
            http2=http2,
            timeout=httpx.Timeout(REQUEST_TIMEOUT_S, connect=CONNECT_TIMEOUT_S),
        )
        options = dict(graph_default_options)
        options[RetryHandlerOption.get_key()] = retry or RetryHandlerOption(max_retries=MAX_RETRIES)
        self._http = GraphClientFactory.create_with_default_middleware(client=client, options=options)
        adapter = GraphRequestAdapter(auth, self._http)
        adapter.base_url = base_url.rstrip("/")
        self.client = GraphServiceClient(request_adapter=adapter)
        _load_models()

    # --- the Calendar interface --------------------------------------------
    async def create(self, request: MeetingRequest) -> MeetingResult:
        event = _event(request)
        event.is_online_meeting = True
        event.online_meeting_provider = OnlineMeetingProviderType.TeamsForBusiness
        event.transaction_id = request.transaction_id or None
        event.allow_new_time_proposals = False
        event.is_reminder_on = True
        event.reminder_minutes_before_start = 15
        created = await self._call(self.client.users.by_user_id(request.organizer_email).events.post(event))
        if created is None or not created.id:
            raise CalendarError("Graph answered without an event", status=None)
        return _result(created)

    async def update(self, event_id: str, request: MeetingRequest) -> MeetingResult:
        builder = self.client.users.by_user_id(request.organizer_email).events.by_event_id(event_id)
        updated = await self._call(builder.patch(_event(request)))
        if updated is None:  # 204: nothing said about the meeting, which a PATCH of times does not touch
            return MeetingResult(event_id, None, is_teams_meeting=True)
        return _result(updated, event_id)

    async def cancel(self, organizer_email: str, event_id: str, comment: str) -> None:
        builder = self.client.users.by_user_id(organizer_email).events.by_event_id(event_id)
        await self._call(builder.cancel.post(CancelPostRequestBody(comment=comment)))

    async def attendance(self, organizer_email: str, join_url: str) -> list[str] | None:
        """Attendees of a Teams meeting: find the online meeting by its join URL, then read its reports.

        Needs OnlineMeetings.Read.All and OnlineMeetingArtifact.Read.All (plus an application access policy);
        without them Graph answers 403, which is raised for the worker to log once."""
        meetings = self.client.users.by_user_id(organizer_email).online_meetings
        query = OnlineMeetingsRequestBuilder.OnlineMeetingsRequestBuilderGetQueryParameters(
            filter=f"JoinWebUrl eq '{join_url.replace(chr(39), chr(39) * 2)}'"
        )
        found = await self._call(meetings.get(RequestConfiguration(query_parameters=query)))
        if found is None or not found.value or not found.value[0].id:
            return None
        meeting = meetings.by_online_meeting_id(found.value[0].id)
        reports = await self._call(meeting.attendance_reports.get())
        if reports is None or not reports.value:
            return None
        emails: set[str] = set()
        for report in reports.value:
            if not report.id:
                continue
            records = await self._call(
                meeting.attendance_reports.by_meeting_attendance_report_id(report.id).attendance_records.get()
            )
            for record in (records.value if records and records.value else []):
                if record.email_address:
                    emails.add(record.email_address.strip().lower())
        return sorted(emails)

    async def close(self) -> None:
        await self._http.aclose()
        await self._transport.aclose()
        if self._credential is not None:
            await self._credential.close()

    # --- plumbing ----------------------------------------------------------
    @staticmethod
    async def _call(call: Any) -> Any:
        try:
            answer = await call
        except APIError as error:
            failure = _calendar_error(error)
            metrics.GRAPH_CALLS.labels("calendar", metrics.graph_outcome(failure.status)).inc()
            raise failure from error
        except httpx.HTTPError as error:  # connection refused, reset, timed out: no answer at all
            metrics.GRAPH_CALLS.labels("calendar", "unreachable").inc()
            raise CalendarError(f"Graph unreachable: {type(error).__name__}", status=None) from error
        metrics.GRAPH_CALLS.labels("calendar", "ok").inc()
        return answer


_models_loaded = False


def _load_models() -> None:
    """Reading the first event imports some 1,200 generated model modules (`Entity`'s deserializers import every
    derived type), 3–5 s of blocking work. Do it once at start-up, not in the middle of the first request while
    the event loop (and every chat) waits."""
    global _models_loaded
    if _models_loaded:
        return
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        Event().get_field_deserializers()
    _models_loaded = True
    log.info("Graph models loaded in %.1f s", time.perf_counter() - started)


def _graph_time(value: dt.datetime) -> DateTimeTimeZone:
    """The instant in UTC: unambiguous whatever the mailbox's own zone (Outlook shows it in the reader's zone)."""
    utc = value.astimezone(dt.UTC)
    return DateTimeTimeZone(date_time=utc.strftime("%Y-%m-%dT%H:%M:%S"), time_zone="UTC")


def _event(request: MeetingRequest) -> Event:
    return Event(
        subject=request.subject,
        body=ItemBody(content_type=BodyType.Html, content=request.body_html or html.escape(request.subject)),
        start=_graph_time(request.start),
        end=_graph_time(request.end),
        attendees=[
            GraphAttendee(email_address=EmailAddress(address=a.email, name=a.name), type=AttendeeType.Required)
            for a in request.attendees
        ],
    )


def _result(event: Event, event_id: str | None = None) -> MeetingResult:
    join_url = event.online_meeting.join_url if event.online_meeting else None
    teams = (
        bool(event.is_online_meeting)
        and event.online_meeting_provider == OnlineMeetingProviderType.TeamsForBusiness
        and bool(join_url)
    )
    return MeetingResult(event.id or event_id or "", join_url if teams else None, is_teams_meeting=teams)


def _calendar_error(error: APIError) -> CalendarError:
    status = error.response_status_code
    headers = error.response_headers or {}
    retry_after: float | None = None
    raw = headers.get("retry-after") or headers.get("Retry-After")
    if raw:
        try:
            retry_after = max(0.0, float(raw))
        except ValueError:
            retry_after = None
    odata = getattr(error, "error", None)  # ODataError carries Graph's {"error": {"code", "message"}}
    code = getattr(odata, "code", None)
    message = getattr(odata, "message", None) or error.message or "Graph refused the request"
    return CalendarError(str(message), status=status, retry_after=retry_after, code=code)
