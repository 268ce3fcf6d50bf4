"""A Moodle web services stand-in: `/webservice/rest/server.php` answering the mod_assign functions the bot reads,
in Moodle's shapes, errors included (HTTP 200 with `exception`, `errorcode`, `message`).

    async with MoodleStandIn() as moodle:          # started on a free port, stopped on the way out
        moodle.add_course(7, "CS101")
        moodle.add_assignment(7, assign_id=31, cmid=501, name="Essay 1", due=datetime(2026, 12, 1, 18, tzinfo=UTC))
        moodle.add_participant(31, user_id=9, email="Student@uni.kz", status="submitted", submitted_at=...)
        moodle.fail_next(2)                         # the next two requests get 503
        moodle.raise_next("invalidparameter")       # the next one gets Moodle's exception shape
        moodle.requests                             # every request's form fields, in order

The fields follow mod/assign/externallib.php (get_assignments, list_participants, get_submissions, get_user_flags);
a function the service does not offer gets Moodle's accessexception, a wrong token its invalidtoken.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiohttp import web

from tests.support.local_server import LocalServer

TOKEN = "moodle-stand-in-token-5f1e0c"
FUNCTIONS = frozenset({"mod_assign_get_assignments", "mod_assign_list_participants", "mod_assign_get_submissions",
                       "mod_assign_get_user_flags"})

MAX_INPUT_VARS = 1000  # PHP's default max_input_vars


def unix(at: datetime | None) -> int:
    """Moodle's way of writing a time: Unix seconds, 0 for none."""
    return int(at.timestamp()) if at is not None else 0


@dataclass
class Participant:
    user_id: int
    email: str
    fullname: str
    status: str  # "" (nothing yet), "new", "draft", "submitted", "reopened"
    submitted_at: datetime | None
    extension: datetime | None


@dataclass
class Assignment:
    course_id: int
    assign_id: int
    cmid: int
    name: str
    due: datetime | None
    cutoff: datetime | None
    participants: list[Participant] = field(default_factory=list["Participant"])


class MoodleStandIn(LocalServer):
    """Moodle's REST server for one token's user, loaded by the test."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.functions: set[str] = set(FUNCTIONS)  # the external service's functions
        self.courses: dict[int, dict[str, Any]] = {}
        self.hidden_courses: set[int] = set()  # exist, but the token's user may not see them
        self.assignments: dict[int, Assignment] = {}
        self.rest_enabled = True  # off: 403 and no body, as Moodle's server.php without web services or REST
        self.moved_to = ""  # set: every request is redirected there (an http:// address of an https:// site)
        self.latency = 0.0  # seconds every answer takes (a Moodle across the network; bench/moodle.py)
        self.show_emails = True  # off: list_participants leaves `email` out, as without the identity capability
        self.requests: list[dict[str, str]] = []
        self.retry_after: int | None = None  # the Retry-After header of the failures fail_next asked for
        self._failures: list[int] = []  # HTTP statuses to answer next, one per request
        self._exceptions: list[dict[str, str]] = []
        self._delays: list[float] = []

    # Loading

    def add_course(self, course_id: int, shortname: str, fullname: str = "") -> None:
        self.courses[course_id] = {"id": course_id, "fullname": fullname or shortname, "shortname": shortname,
                                   "timemodified": 1_700_000_000}

    def add_assignment(self, course_id: int, *, assign_id: int, cmid: int, name: str,
                       due: datetime | None = None, cutoff: datetime | None = None) -> None:
        if course_id not in self.courses:
            self.add_course(course_id, f"C{course_id}")
        self.assignments[assign_id] = Assignment(course_id, assign_id, cmid, name, due, cutoff)

    def add_participant(self, assign_id: int, *, user_id: int, email: str, fullname: str = "", status: str = "",
                        submitted_at: datetime | None = None, extension: datetime | None = None) -> None:
        self.assignments[assign_id].participants.append(
            Participant(user_id, email, fullname or email.split("@")[0], status, submitted_at, extension))

    # Trouble on demand

    def fail_next(self, count: int, status: int = 503, retry_after: int | None = None) -> None:
        """The next `count` requests get this HTTP status (a proxy's or Moodle's maintenance page)."""
        self._failures.extend([status] * count)
        self.retry_after = retry_after

    def raise_next(self, errorcode: str, message: str = "Invalid parameter value detected",
                   exception: str = "invalid_parameter_exception") -> None:
        """The next request gets Moodle's error shape (HTTP 200)."""
        self._exceptions.append({"exception": exception, "errorcode": errorcode, "message": message})

    def delay_next(self, seconds: float) -> None:
        """The next request is answered only after `seconds` (a client with a shorter timeout gives up)."""
        self._delays.append(seconds)

    def calls(self, wsfunction: str) -> list[dict[str, str]]:
        return [r for r in self.requests if r.get("wsfunction") == wsfunction]

    # The server

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        form = dict(request.query)
        if request.method == "POST":
            form.update({k: str(v) for k, v in (await request.post()).items()})
        form = dict(list(form.items())[:MAX_INPUT_VARS])  # PHP drops the fields beyond, silently
        self.requests.append(form)
        if self.moved_to:
            raise web.HTTPMovedPermanently(self.moved_to)
        if not self.rest_enabled:
            return web.Response(status=403)
        if self._delays or self.latency:
            await asyncio.sleep(self._delays.pop(0) if self._delays else self.latency)
        if self._failures:
            status = self._failures.pop(0)
            headers = {"Retry-After": str(self.retry_after)} if self.retry_after is not None else {}
            return web.Response(status=status, text=f"<html><body>{status}</body></html>", content_type="text/html",
                                headers=headers)
        return web.json_response(self._answer(form))

    def _answer(self, form: dict[str, str]) -> Any:
        if form.get("moodlewsrestformat") != "json":
            return _error("moodle_exception", "invalidparameter", "Invalid parameter value detected")
        if form.get("wstoken") != self.token:
            return _error("moodle_exception", "invalidtoken", "Invalid token - token not found")
        function = form.get("wsfunction", "")
        if function not in self.functions:
            return _error("webservice_access_exception", "accessexception", "Access control exception")
        if self._exceptions:
            return self._exceptions.pop(0)
        try:
            return _HANDLERS[function](self, form)
        except (KeyError, ValueError):
            return _error("invalid_parameter_exception", "invalidparameter", "Invalid parameter value detected")

    def _get_assignments(self, form: dict[str, str]) -> dict[str, Any]:
        asked = [int(v) for v in _array(form, "courseids")] or sorted(self.courses)
        courses: list[dict[str, Any]] = []
        warnings: list[dict[str, Any]] = []
        for course_id in asked:
            if course_id not in self.courses or course_id in self.hidden_courses:
                warnings.append({"item": "course", "itemid": course_id, "warningcode": "2",
                                 "message": "User is not enrolled or does not have requested capability"})
                continue
            items = [_assignment_json(a) for a in self.assignments.values() if a.course_id == course_id]
            courses.append({**self.courses[course_id], "assignments": items})
        return {"courses": courses, "warnings": warnings}

    def _list_participants(self, form: dict[str, str]) -> list[dict[str, Any]]:
        assignment = self.assignments.get(int(form["assignid"]))
        if assignment is None:
            raise KeyError("assignid")
        _ = (int(form["groupid"]), form["filter"])  # required parameters: Moodle refuses a call without them
        return [self._participant_json(p) for p in assignment.participants]

    def _participant_json(self, p: Participant) -> dict[str, Any]:
        first, _, last = p.fullname.partition(" ")
        person: dict[str, Any] = {
            "id": p.user_id, "username": p.email.split("@")[0].lower(), "firstname": first, "lastname": last,
            "fullname": p.fullname, "email": p.email, "profileimageurl": f"{self.url}/pluginfile.php/1/user/icon",
            "submitted": p.status == "submitted", "requiregrading": p.status == "submitted",
            "grantedextension": p.extension is not None, "recordid": -1,
        }
        if p.status:
            person["submissionstatus"] = p.status
        if not self.show_emails:
            del person["email"]
        return person

    def _get_submissions(self, form: dict[str, str]) -> dict[str, Any]:
        wanted = form.get("status", "")
        answer: list[dict[str, Any]] = []
        warnings: list[dict[str, Any]] = []
        for assign_id in (int(v) for v in _array(form, "assignmentids")):
            assignment = self.assignments[assign_id]
            submissions = [
                {"id": 1000 + p.user_id, "userid": p.user_id, "attemptnumber": 0, "timecreated": unix(p.submitted_at),
                 "timemodified": unix(p.submitted_at), "status": p.status, "groupid": 0, "plugins": []}
                for p in assignment.participants if p.status and (not wanted or p.status == wanted)]
            answer.append({"assignmentid": assign_id, "submissions": submissions})
            if not submissions:
                warnings.append({"item": "module", "itemid": assign_id, "warningcode": "3",
                                 "message": "No submissions found"})
        return {"assignments": answer, "warnings": warnings}

    def _get_user_flags(self, form: dict[str, str]) -> dict[str, Any]:
        answer: list[dict[str, Any]] = []
        for assign_id in (int(v) for v in _array(form, "assignmentids")):
            flags = [{"id": 2000 + p.user_id, "userid": p.user_id, "locked": 0, "mailed": 0,
                      "extensionduedate": unix(p.extension), "workflowstate": "", "allocatedmarker": 0}
                     for p in self.assignments[assign_id].participants if p.extension is not None]
            answer.append({"assignmentid": assign_id, "userflags": flags})
        return {"assignments": answer, "warnings": []}

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/webservice/rest/server.php", self._serve)
        return app


def _error(exception: str, errorcode: str, message: str) -> dict[str, str]:
    return {"exception": exception, "errorcode": errorcode, "message": message}


def _array(form: dict[str, str], name: str) -> list[str]:
    """Moodle's `name[0]=…&name[1]=…` back into a list, in index order."""
    found = {int(k[len(name) + 1:-1]): v for k, v in form.items() if k.startswith(f"{name}[") and k.endswith("]")}
    return [found[i] for i in sorted(found)]


def _assignment_json(a: Assignment) -> dict[str, Any]:
    return {
        "id": a.assign_id, "cmid": a.cmid, "course": a.course_id, "name": a.name, "nosubmissions": 0,
        "submissiondrafts": 0, "sendnotifications": 0, "sendlatenotifications": 0, "sendstudentnotifications": 1,
        "duedate": unix(a.due), "allowsubmissionsfromdate": 0, "grade": 100, "timemodified": 1_700_000_000,
        "completionsubmit": 0, "cutoffdate": unix(a.cutoff), "gradingduedate": 0, "teamsubmission": 0,
        "requireallteammemberssubmit": 0, "teamsubmissiongroupingid": 0, "blindmarking": 0, "hidegrader": 0,
        "revealidentities": 0, "attemptreopenmethod": "none", "maxattempts": -1, "markingworkflow": 0,
        "markingallocation": 0, "requiresubmissionstatement": 0, "preventsubmissionnotingroup": 0,
        "configs": [], "intro": "", "introformat": 1, "introfiles": [], "introattachments": [],
    }


_HANDLERS: dict[str, Callable[[MoodleStandIn, dict[str, str]], Any]] = {
    "mod_assign_get_assignments": MoodleStandIn._get_assignments,
    "mod_assign_list_participants": MoodleStandIn._list_participants,
    "mod_assign_get_submissions": MoodleStandIn._get_submissions,
    "mod_assign_get_user_flags": MoodleStandIn._get_user_flags,
}
