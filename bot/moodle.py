# pyright: strict
"""Moodle web services (CONTRACT §9): the assignments of a course with their dates, and who has submitted.

`POST {MOODLE_URL}/webservice/rest/server.php` with `wstoken`, `wsfunction`, `moodlewsrestformat=json` and the
function's parameters as form fields (arrays as `courseids[0]=7`). Moodle answers its own errors with HTTP 200 and
`{"exception", "errorcode", "message"}`: they raise `MoodleError` at once (a bad token or a missing capability
stays bad), except its database hiccups. 5xx, 429, timeouts and refused connections are retried with exponential
backoff, then raise `MoodleError`. The token is sent in the body, never in the URL, and no message carries it.

    async with MoodleClient("https://moodle.example.edu", token) as moodle:
        for assignment in await moodle.assignments([7, 8]):
            people = await moodle.participants(assignment.assign_id)

Functions used (the external service needs all four; docs/moodle.md): `mod_assign_get_assignments`,
`mod_assign_list_participants`, `mod_assign_get_submissions` (when someone has submitted: the time) and
`mod_assign_get_user_flags` (when someone has an extension: its date).
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

import aiohttp

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger("tutorbot.moodle")
REST_PATH = "/webservice/rest/server.php"
# Moodle's own exceptions say the same thing when asked again, except a failed database read or write.
_TRANSIENT_ERRORCODES = frozenset({"dmlreadexception", "dmlwriteexception"})
_RETRYABLE_STATUS = frozenset({408, 429})  # and every 5xx
_MAX_WAIT_S = 30.0
CONNECTIONS = 4  # at once to Moodle, per client
# PHP reads at most max_input_vars (1000 by default) form fields and silently drops the rest.
COURSES_PER_CALL = 200
_DISABLED = "web services or the REST protocol are not enabled on this Moodle (docs/moodle.md)"
# What an operator reading the log should check, by Moodle errorcode or HTTP status.
_HINTS: dict[str | int, str] = {
    "invalidtoken": "MOODLE_TOKEN is not a token of this Moodle, or it expired",
    "accessexception": "the token's external service lacks this function, or its user a capability (docs/moodle.md)",
    "servicenotavailable": "the token's external service is disabled",
    "usernotfullysetup": "the token's user must complete its profile or accept the site policy in Moodle",
    403: _DISABLED,
    404: "is MOODLE_URL the site's address?",
}

FormValue = str | int | bool
Params = Mapping[str, "FormValue | Sequence[FormValue]"]


@dataclass(frozen=True)
class MoodleAssignment:
    moodle_course_id: int
    assign_id: int  # the assignment's `id` (the instance), what the participant functions take
    cmid: int  # course module id: matches an assignments.csv `key` of the same course
    name: str
    due: datetime | None  # aware UTC; Moodle's 0 means none
    cutoff: datetime | None


@dataclass(frozen=True)
class MoodleParticipant:
    email: str  # lower-cased
    submitted: bool  # submissionstatus == "submitted"
    submitted_at: datetime | None
    extension_due: datetime | None  # a granted extension is this student's deadline


class MoodleError(Exception):
    """A Moodle call that did not give an answer: a short, loggable message without the token."""

    def __init__(self, message: str, *, wsfunction: str = "", errorcode: str = "", status: int = 0) -> None:
        super().__init__(message)
        self.wsfunction = wsfunction
        self.errorcode = errorcode  # Moodle's `errorcode` (invalidtoken, accessexception...), else ""
        self.status = status  # the HTTP status when that was the problem, else 0


class _Retry(Exception):
    """A failure worth another attempt; carries the message the final MoodleError will have."""

    def __init__(self, error: MoodleError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after  # the server's Retry-After, in seconds, when it sent one


def moodle_client(settings: Settings) -> MoodleClient | None:
    """The client for the configured Moodle, or None without MOODLE_URL / MOODLE_TOKEN (the CSV import instead)."""
    if not settings.moodle_url:
        return None
    if settings.moodle_url.lower().startswith("http://"):
        log.warning("moodle: MOODLE_URL is http://: the token crosses the network unencrypted; use https://")
    return MoodleClient(settings.moodle_url, settings.moodle_token)


def utc_from_unix(value: object) -> datetime | None:
    """Moodle's Unix seconds as aware UTC; 0 (or nothing) means unset."""
    seconds = _int_or_none(value)
    return datetime.fromtimestamp(seconds, UTC) if seconds else None


def form_fields(params: Params) -> list[tuple[str, str]]:
    """Parameters in Moodle's REST form: lists as `name[0]=…&name[1]=…`, booleans as 1/0."""
    fields: list[tuple[str, str]] = []
    for name, value in params.items():
        if isinstance(value, str | int | bool):
            fields.append((name, _form_value(value)))
        else:
            fields.extend((f"{name}[{i}]", _form_value(item)) for i, item in enumerate(value))
    return fields


def _form_value(value: FormValue) -> str:
    return str(int(value)) if isinstance(value, bool) else str(value)


def _int_or_none(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


class MoodleClient:
    """A thin async client over aiohttp: one ClientSession per client, opened at the first call."""

    def __init__(self, base_url: str, token: str, *, timeout: float = 20.0, retries: int = 3,
                 backoff: float = 0.5) -> None:
        base = base_url.strip().rstrip("/")
        self.endpoint = base if base.endswith(REST_PATH) else base + REST_PATH
        self._token = token
        self.timeout = timeout
        self.retries = max(0, retries)  # attempts after the first
        self.backoff = backoff
        self._session: aiohttp.ClientSession | None = None

    def __repr__(self) -> str:
        return f"MoodleClient({self.endpoint!r}, token=***)"

    async def __aenter__(self) -> MoodleClient:
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        traceback: TracebackType | None) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def assignments(self, moodle_course_ids: Sequence[int]) -> list[MoodleAssignment]:
        """The assignments of these Moodle courses. An empty list asks nothing (Moodle would read it as
        'every course of the token's user'); a course the token's user cannot see is logged and left out."""
        course_ids = list(dict.fromkeys(moodle_course_ids))
        found: list[MoodleAssignment] = []
        for start in range(0, len(course_ids), COURSES_PER_CALL):
            found.extend(await self._assignments_of(course_ids[start:start + COURSES_PER_CALL]))
        return found

    async def _assignments_of(self, course_ids: list[int]) -> list[MoodleAssignment]:
        function = "mod_assign_get_assignments"
        answer = await self.call(function, courseids=course_ids, includenotenrolledcourses=1)
        courses = _list_field(answer, "courses", function)
        _log_warnings(answer, function)
        return [MoodleAssignment(moodle_course_id=_required_int(course, "id", function),
                                 assign_id=_required_int(item, "id", function),
                                 cmid=_required_int(item, "cmid", function),
                                 name=str(item.get("name", "")).strip(),
                                 due=utc_from_unix(item.get("duedate")),
                                 cutoff=utc_from_unix(item.get("cutoffdate")))
                for course in courses for item in _list_field(course, "assignments", function)]

    async def participants(self, assign_id: int) -> list[MoodleParticipant]:
        """Everyone who may submit this assignment, with whether and when they submitted and any extension."""
        function = "mod_assign_list_participants"
        answer = await self.call(function, assignid=assign_id, groupid=0, filter="", includeenrolments=0)
        people = _records(answer)
        if not isinstance(answer, list) or len(people) < len(cast("list[object]", answer)):
            raise MoodleError(f"{function}: the answer is not a list of participants", wsfunction=function)
        rows: list[tuple[int, str, bool, bool]] = []  # user id, email, submitted, has an extension
        for person in people:
            email = str(person.get("email") or "").strip().lower()
            user_id = _int_or_none(person.get("id"))
            if not email or user_id is None:
                continue
            rows.append((user_id, email, _submitted(person), bool(person.get("grantedextension"))))
        if people and not rows:
            raise MoodleError(f"{function}: assignment {assign_id} lists {len(people)} participants without "
                              "their email: the token's user must see email addresses (moodle/site:viewuseridentity, "
                              "email in showuseridentity)", wsfunction=function)
        if len(rows) < len(people):
            log.warning("moodle: assignment %s: %d participants without an email left out", assign_id,
                        len(people) - len(rows))
        submitted_at = await self._submission_times(assign_id) if any(r[2] for r in rows) else {}
        extensions = await self._extensions(assign_id) if any(r[3] for r in rows) else {}
        return [MoodleParticipant(email=email, submitted=submitted,
                                  submitted_at=submitted_at.get(user_id) if submitted else None,
                                  extension_due=extensions.get(user_id) if extended else None)
                for user_id, email, submitted, extended in rows]

    async def participants_of(self, assign_ids: Sequence[int]) -> dict[int, list[MoodleParticipant]]:
        """`participants` of each assignment, a few at a time (CONNECTIONS); the first failure raises MoodleError
        and stops the rest."""
        found: dict[int, list[MoodleParticipant]] = {}
        gate = asyncio.Semaphore(CONNECTIONS)

        async def one(assign_id: int) -> None:
            async with gate:
                found[assign_id] = await self.participants(assign_id)

        try:
            async with asyncio.TaskGroup() as group:
                for assign_id in dict.fromkeys(assign_ids):
                    group.create_task(one(assign_id))
        except* MoodleError as failed:
            raise failed.exceptions[0] from None
        return {assign_id: found[assign_id] for assign_id in dict.fromkeys(assign_ids)}

    async def _submission_times(self, assign_id: int) -> dict[int, datetime]:
        """When each submitted submission was last changed (its `timemodified`), by user id."""
        return await self._time_by_user("mod_assign_get_submissions", assign_id, "submissions", "timemodified",
                                        status="submitted")

    async def _extensions(self, assign_id: int) -> dict[int, datetime]:
        """The extension due dates granted on this assignment, by user id (user flags)."""
        return await self._time_by_user("mod_assign_get_user_flags", assign_id, "userflags", "extensionduedate")

    async def _time_by_user(self, function: str, assign_id: int, rows: str, time: str,
                            status: str | None = None) -> dict[int, datetime]:
        """The Unix time `time` of each user's row in the assignment's `rows` list, by user id; with `status`, only
        rows Moodle says are in it (it is asked for those alone)."""
        answer = await self.call(function, assignmentids=[assign_id], **({"status": status} if status else {}))
        _log_warnings(answer, function)
        times: dict[int, datetime] = {}
        for assignment in _list_field(answer, "assignments", function):
            for row in _list_field(assignment, rows, function):
                user_id = _int_or_none(row.get("userid"))
                at = utc_from_unix(row.get(time))
                if user_id is not None and at is not None and (status is None or row.get("status") == status):
                    times[user_id] = at
        return times

    async def call(self, wsfunction: str, **params: FormValue | Sequence[FormValue]) -> object:
        """One web service function's decoded JSON answer, retried while the failure may pass."""
        attempt = 0
        while True:
            try:
                return await self._once(wsfunction, params)
            except _Retry as failure:
                if attempt >= self.retries:
                    raise failure.error from None
                wait = self.backoff * 2 ** attempt * (0.5 + random.random())
                wait = min(_MAX_WAIT_S, max(wait, failure.retry_after or 0.0))
                attempt += 1
                log.warning("moodle: %s, retry %d of %d in %.2f s", failure.error, attempt, self.retries, wait)
                await asyncio.sleep(wait)

    async def _once(self, wsfunction: str, params: Params) -> object:
        form = [("wstoken", self._token), ("wsfunction", wsfunction), ("moodlewsrestformat", "json"),
                *form_fields(params)]
        try:
            # A redirect is reported, not followed: it would turn the POST into a GET without the token.
            async with self._http().post(self.endpoint, data=form, allow_redirects=False) as response:
                status = response.status
                body = (await response.read()).decode("utf-8", errors="replace")
                moved_to = response.headers.get("Location", "")
                retry_after = response.headers.get("Retry-After", "")
        except TimeoutError:
            raise _Retry(MoodleError(f"{wsfunction}: no answer within {self.timeout:g} s",
                                     wsfunction=wsfunction)) from None
        except aiohttp.ClientError as error:
            raise _Retry(MoodleError(f"{wsfunction}: unreachable ({self._clean(type(error).__name__)}: "
                                     f"{self._clean(str(error))[:200]})", wsfunction=wsfunction)) from None
        if 300 <= status < 400:
            raise MoodleError(f"{wsfunction}: HTTP {status}, moved to {self._clean(moved_to)[:200]}: set MOODLE_URL "
                              "to the site's address as Moodle names it", wsfunction=wsfunction, status=status)
        try:
            return self._decoded(wsfunction, status, body)
        except _Retry as failure:
            failure.retry_after = float(retry_after) if retry_after.strip().isdigit() else None
            raise

    def _decoded(self, wsfunction: str, status: int, body: str) -> object:
        if status >= 500 or status in _RETRYABLE_STATUS:
            raise _Retry(MoodleError(f"{wsfunction}: HTTP {status}", wsfunction=wsfunction, status=status))
        if status != 200:
            raise MoodleError(f"{wsfunction}: HTTP {status} ({_HINTS.get(status, 'not an answer of Moodle')})",
                              wsfunction=wsfunction, status=status)
        if not body.strip():  # older Moodle answers an empty 200 when the REST protocol is off
            raise MoodleError(f"{wsfunction}: an empty answer ({_DISABLED})", wsfunction=wsfunction)
        try:
            answer: object = json.loads(body)
        except ValueError:
            raise MoodleError(f"{wsfunction}: the answer is not JSON (is MOODLE_URL the site's address?)",
                              wsfunction=wsfunction) from None
        failure = _record(answer)
        if failure is not None and "exception" in failure:
            errorcode = str(failure.get("errorcode") or "")
            hint = f" ({_HINTS[errorcode]})" if errorcode in _HINTS else ""
            error = MoodleError(f"{wsfunction}: {errorcode or failure.get('exception')}: "
                                f"{self._clean(str(failure.get('message') or ''))[:300]}{hint}",
                                wsfunction=wsfunction, errorcode=errorcode)
            if errorcode in _TRANSIENT_ERRORCODES:
                raise _Retry(error)
            raise error
        return answer

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            # A few connections at most: a sync that gathers many assignments must not crowd Moodle.
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout),
                                                  connector=aiohttp.TCPConnector(limit_per_host=CONNECTIONS))
        return self._session

    def _clean(self, text: str) -> str:
        """Whatever a server or a library said, without the token in it."""
        return text.replace(self._token, "***") if self._token else text


def _submitted(person: Mapping[str, Any]) -> bool:
    # `submissionstatus` (Moodle 3.9+) is absent without a submission; older sites only have `submitted`.
    status = person.get("submissionstatus")
    if isinstance(status, str) and status:
        return status == "submitted"
    return bool(person.get("submitted"))


def _record(value: object) -> dict[str, Any] | None:
    """A JSON object as a dict, or None."""
    return cast("dict[str, Any]", value) if isinstance(value, dict) else None


def _records(value: object) -> list[dict[str, Any]]:
    """The JSON objects of a JSON array (anything else in it is skipped)."""
    items = cast("list[object]", value) if isinstance(value, list) else []
    return [record for record in map(_record, items) if record is not None]


def _list_field(answer: object, name: str, function: str) -> list[dict[str, Any]]:
    record = _record(answer)
    if record is None or not isinstance(record.get(name), list):
        raise MoodleError(f"{function}: the answer has no '{name}' list", wsfunction=function)
    return _records(record[name])


def _required_int(item: Mapping[str, Any], name: str, function: str) -> int:
    value = _int_or_none(item.get(name))
    if value is None:
        raise MoodleError(f"{function}: an item without an integer '{name}'", wsfunction=function)
    return value


def _log_warnings(answer: object, function: str) -> None:
    """Moodle's `warnings[]`: a course or module the token's user cannot see is left out, and said so here."""
    record = _record(answer)
    for warning in _records(record.get("warnings") if record is not None else None):
        if str(warning.get("warningcode")) == "3":  # "No submissions found": an answer, not a problem
            continue
        log.warning("moodle: %s: %s %s: %s", function, warning.get("item", ""), warning.get("itemid", ""),
                    str(warning.get("message", ""))[:200])
