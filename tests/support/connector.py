"""A Bot Connector stand-in: speaks the Connector REST API (/v3/conversations/...) the way Teams does.

It records every activity the bot sends, answers the member lookup from a table of members, and can be
told to answer 429 / 503 (with Retry-After) or to be down for a while, to test delivery. It refuses (400) an
update of a message that the Agents Playground would refuse (one it would have to split into several).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.support.local_server import LocalServer


@dataclass
class Sent:
    method: str
    conversation_id: str
    reply_to_id: str | None
    activity: dict[str, Any]
    at: float = field(default_factory=time.monotonic)

    @property
    def text(self) -> str:
        return str(self.activity.get("text") or "")

    @property
    def cards(self) -> list[dict[str, Any]]:
        return [
            a["content"]
            for a in self.activity.get("attachments") or []
            if a.get("contentType") == "application/vnd.microsoft.card.adaptive"
        ]


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    authorization: str | None
    peer: str = ""  # the caller's address and port: one kept-alive connection keeps one port


class ConnectorStandIn(LocalServer):
    path = "/"  # a serviceUrl as Teams sends it

    def __init__(self) -> None:
        self.sent: list[Sent] = []
        self.members: dict[str, dict[str, Any]] = {}
        self.member_lookups: list[tuple[str, str]] = []
        self.failures: deque[tuple[int, float | None]] = deque()
        self.down_until = 0.0
        self.created_conversations: list[dict[str, Any]] = []
        self.refused_updates: list[dict[str, Any]] = []  # PUT bodies answered 400 (not in `sent`)
        self.requests: list[Request] = []  # every call, with the Authorization header it carried
        self.close_next_kept_alive = 0  # requests on a reused connection to drop unanswered, as an idle close does
        self.dropped: list[Request] = []
        self.while_looking_up: Callable[[], Awaitable[None]] | None = None
        self._ids = itertools.count(1)
        self._changed = asyncio.Event()

    # --- test controls -------------------------------------------------
    def add_member(self, teams_id: str, *, name: str, email: str, aad_object_id: str | None = None) -> None:
        self.members[teams_id] = {
            "id": teams_id,
            "name": name,
            "aadObjectId": aad_object_id,
            "email": email,
            "userPrincipalName": email,
            "userRole": "user",
            "tenantId": "tenant-almau",
        }

    def fail_next(self, status: int, times: int = 1, retry_after: float | None = None) -> None:
        for _ in range(times):
            self.failures.append((status, retry_after))

    def go_down_for(self, seconds: float) -> None:
        self.down_until = time.monotonic() + seconds

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[Sent]:
        """Wait until at least `count` activities were delivered; return them all."""
        deadline = time.monotonic() + timeout
        while len(self.sent) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"expected {count} activities, connector received {len(self.sent)}: {self.sent}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)
        return list(self.sent)

    def to_conversation(self, conversation_id: str) -> list[Sent]:
        return [s for s in self.sent if s.conversation_id == conversation_id]

    # --- the REST API --------------------------------------------------
    def _throttle(self) -> web.Response | None:
        if time.monotonic() < self.down_until:
            return web.json_response({"error": {"code": "ServiceUnavailable"}}, status=503)
        if self.failures:
            status, retry_after = self.failures.popleft()
            headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
            return web.json_response(
                {"error": {"code": "TooManyRequests" if status == 429 else "ServiceError", "message": "stand-in"}},
                status=status,
                headers=headers,
            )
        return None

    async def _record(self, request: web.Request, reply_to: str | None) -> web.Response:
        refused = self._throttle()
        if refused is not None:
            return refused
        body = await request.json()
        activity_id = f"act-{next(self._ids)}"
        self.sent.append(Sent(request.method, request.match_info["cid"], reply_to, body))
        self._changed.set()
        return web.json_response({"id": activity_id}, status=201)

    async def _reply(self, request: web.Request) -> web.Response:
        return await self._record(request, request.match_info["aid"])

    async def _send(self, request: web.Request) -> web.Response:
        return await self._record(request, None)

    async def _update(self, request: web.Request) -> web.Response:
        refused = self._throttle()
        if refused is not None:
            return refused
        body = await request.json()
        problem = _update_problem(body)
        if problem is not None:
            self.refused_updates.append(body)
            return web.json_response({"error": {"code": "BadArgument", "message": problem}}, status=400)
        self.sent.append(Sent("PUT", request.match_info["cid"], request.match_info["aid"], body))
        self._changed.set()
        return web.json_response({"id": request.match_info["aid"]})

    async def _member(self, request: web.Request) -> web.Response:
        cid, mid = request.match_info["cid"], request.match_info["mid"]
        self.member_lookups.append((cid, mid))
        if self.while_looking_up is not None:  # a test looks at the bot's database while the lookup is in flight
            await self.while_looking_up()
        refused = self._throttle()
        if refused is not None:
            return refused
        member = self.members.get(mid)
        if member is None:
            return web.json_response(
                {"error": {"code": "MemberNotFoundInConversation", "message": "The member is not in the conversation"}},
                status=404,
            )
        return web.json_response(member)

    async def _create(self, request: web.Request) -> web.Response:
        refused = self._throttle()
        if refused is not None:
            return refused
        body = await request.json()
        self.created_conversations.append(body)
        conversation_id = f"a:created-{next(self._ids)}"
        activity = body.get("activity")
        if isinstance(activity, dict):
            self.sent.append(Sent("POST", conversation_id, None, activity))
            self._changed.set()
        return web.json_response({"id": conversation_id, "activityId": f"act-{next(self._ids)}"}, status=201)

    @web.middleware
    async def _note_request(self, request: web.Request, handler: Any) -> web.StreamResponse:
        peername = request.transport.get_extra_info("peername") if request.transport else None
        peer = f"{peername[0]}:{peername[1]}" if peername else ""
        noted = Request(request.method, request.path, request.headers.get("Authorization"), peer)
        if self.close_next_kept_alive and any(r.peer == peer for r in self.requests) and request.transport:
            # A server closing an idle kept-alive connection just as the client sends on it: no answer at all.
            self.close_next_kept_alive -= 1
            self.dropped.append(noted)
            request.transport.close()
            return web.Response(status=500)  # never reaches the closed connection
        self.requests.append(noted)
        response: web.StreamResponse = await handler(request)
        return response

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._note_request])
        app.router.add_post("/v3/conversations/{cid}/activities/{aid}", self._reply)
        app.router.add_put("/v3/conversations/{cid}/activities/{aid}", self._update)
        app.router.add_post("/v3/conversations/{cid}/activities", self._send)
        app.router.add_get("/v3/conversations/{cid}/members/{mid}", self._member)
        app.router.add_post("/v3/conversations", self._create)
        return app


def _update_problem(body: dict[str, Any]) -> str | None:
    """Why the Agents Playground would refuse this update (its validateUpdateMessageActivityRequest), or None.

    An update must stay one message: text plus an attachment, or two attachments, would be split into several
    (`splitActivity`), which it refuses; `text` must be a string when present (zod: "Expected string, received
    null")."""
    if "text" in body and not isinstance(body["text"], str):
        return f"Expected string, received {'null' if body['text'] is None else type(body['text']).__name__}"
    if body.get("attachmentLayout") == "carousel":
        return None
    parts = (1 if body.get("text") else 0) + len(body.get("attachments") or [])
    if parts > 1:
        return "Activity resulted into multiple skype activities"
    return None
