"""Reaching people who never opened the bot (CONTRACT §10): Graph installs the app for them, then their chat is known.

`POST /users/{id}/teamwork/installedApps` (201; 409 = already installed), then the installation's chat
(`GET …/installedApps/{installation}/chat`), stored as the person's personal conversation with the service URL the
bot already knows for the tenant. From then on the outbox reaches them like anyone who opened the bot. 403 and 404
are reported, not retried; 429 and 5xx are retried a few times (Retry-After honoured).
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TextIO
from urllib.parse import quote

import aiohttp
from sqlalchemy import select

from bot import metrics
from bot.delivery import RETRYABLE, with_retries
from bot.settings import Settings
from storage import Database
from storage.models import ConversationRef, Person, School

log = logging.getLogger("tutorbot.reach")
REFUSALS = {
    403: "Graph refused (403): an admin must grant TeamsAppInstallation.ReadWriteSelfForUser.All",
    404: "not found (404): no such user in the directory, or the app is not in the catalog",
}


class GraphRefused(Exception):
    def __init__(self, status: int, reason: str, *, transient: bool | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        # Worth asking again later (throttled, a server error, Graph away), unlike 403/404 or no catalog entry.
        self.transient = status in RETRYABLE if transient is None else transient


TokenSource = Callable[[], Awaitable[str]]


class TeamsAppInstaller:
    """The installedApps endpoints of Graph, over plain REST."""

    def __init__(self, base_url: str, token: TokenSource, session: aiohttp.ClientSession) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.session = session

    async def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        async def once() -> tuple[int, Any]:
            headers = {"Authorization": f"Bearer {await self.token()}"}
            async with self.session.request(method, f"{self.base_url}{path}", json=body, headers=headers,
                                            timeout=aiohttp.ClientTimeout(total=30)) as response:
                if response.status in (429, 502, 503, 504):
                    response.raise_for_status()  # with_retries waits and tries again
                text = await response.text()
                return response.status, json.loads(text) if text else None

        try:
            status, answer = await with_retries(once, what=f"graph {method} installedApps")
        except aiohttp.ClientResponseError as error:
            metrics.GRAPH_CALLS.labels("install", str(error.status)).inc()
            raise GraphRefused(error.status, f"Graph kept answering {error.status}") from error
        except (aiohttp.ClientError, TimeoutError) as error:
            metrics.GRAPH_CALLS.labels("install", "unreachable").inc()
            raise GraphRefused(0, f"Graph unreachable: {type(error).__name__}", transient=True) from error
        metrics.GRAPH_CALLS.labels("install", metrics.graph_outcome(status)).inc()
        return status, answer

    async def catalog_id(self, manifest_id: str) -> str | None:
        status, answer = await self._call("GET", "/appCatalogs/teamsApps?$filter=" + quote(
            f"externalId eq '{manifest_id}'"))
        if status != 200 or not answer or not answer.get("value"):
            return None
        return str(answer["value"][0]["id"])

    async def install(self, user: str, app_id: str) -> bool:
        """True when installed now, False when it already was (409); GraphRefused otherwise."""
        status, answer = await self._call("POST", f"/users/{quote(user)}/teamwork/installedApps", {
            "teamsApp@odata.bind": f"{self.base_url}/appCatalogs/teamsApps/{app_id}"})
        if status in (200, 201):
            return True
        if status == 409:
            return False
        raise GraphRefused(status, REFUSALS.get(status, f"Graph answered {status}: {_message(answer)}"))

    async def chat_id(self, user: str, app_id: str) -> str:
        path = f"/users/{quote(user)}/teamwork/installedApps?$expand=teamsApp&$filter=" + quote(
            f"teamsApp/id eq '{app_id}'")
        status, answer = await self._call("GET", path)
        if status != 200 or not answer or not answer.get("value"):
            raise GraphRefused(status, REFUSALS.get(status, "the installation is not listed yet"))
        installation = answer["value"][0]["id"]
        status, chat = await self._call("GET", f"/users/{quote(user)}/teamwork/installedApps/{installation}/chat")
        if status != 200 or not chat or not chat.get("id"):
            raise GraphRefused(status, REFUSALS.get(status, f"no chat for the installation ({status})"))
        return str(chat["id"])


def _message(answer: Any) -> str:
    if isinstance(answer, dict):
        return str((answer.get("error") or {}).get("message") or "")[:200]
    return ""


def token_source(settings: Settings) -> TokenSource:
    if settings.graph_access_token:
        async def static() -> str:
            return settings.graph_access_token
        return static
    from azure.identity.aio import ClientSecretCredential

    credential = ClientSecretCredential(settings.graph_tenant_id, settings.graph_client_id, settings.graph_client_secret)
    scope = settings.graph_base_url.split("/v1.0")[0].rstrip("/") + "/.default"

    async def fresh() -> str:
        return (await credential.get_token(scope)).token
    return fresh


@dataclass
class ReachRun:
    reachable: int = 0
    installed: int = 0
    failed: int = 0
    lines: list[str] = field(default_factory=lambda: [])

    def summary(self, dry_run: bool) -> str:
        verb = "would be installed" if dry_run else "installed now"
        return f"reachable {self.reachable}, {verb} {self.installed}, failed {self.failed}"


async def reach(settings: Settings, database: Database, *, dry_run: bool, school_code: str | None = None,
                progress: TextIO | None = None) -> ReachRun:
    """Install the app for every roster person the bot cannot write to yet, and remember their chat."""
    run = ReachRun()
    async with database.unit_of_work() as uow:
        query = select(Person).order_by(Person.email)
        if school_code:
            query = query.join(School, Person.school_id == School.id).where(School.code == school_code)
        people = list((await uow.db.scalars(query)).all())
        personal = set((await uow.db.scalars(
            select(ConversationRef.person_id).where(ConversationRef.conversation_type == "personal"))).all())
        known = await uow.db.scalar(
            select(ConversationRef).order_by(ConversationRef.updated_at.desc()).limit(1))
    async with aiohttp.ClientSession() as session:
        installer = (TeamsAppInstaller(settings.graph_base_url, token_source(settings), session)
                     if graph_configured(settings) else None)
        catalog: str | None = None
        if installer is not None and not dry_run:
            catalog = settings.teams_app_catalog_id or await installer.catalog_id(settings.app_id)
        for done, person in enumerate(people, 1):
            _progress(progress, done, len(people))
            if person.id in personal or person.teams_user_id:
                run.reachable += 1
                continue
            reason = await _reach_one(settings, database, installer, catalog, known, person, dry_run)
            if reason is None:
                run.installed += 1
            else:
                run.failed += 1
                run.lines.append(f"{person.email}: {reason}")
    if progress is not None and people:
        progress.write("\n")
    return run


async def _reach_one(settings: Settings, database: Database, installer: TeamsAppInstaller | None,
                     catalog: str | None, known: ConversationRef | None, person: Person,
                     dry_run: bool) -> str | None:
    """None when the person is reachable now (or would be, in a dry run); else why not."""
    if installer is None:
        return "not reachable: Graph is not configured, so the app cannot be installed for them"
    if dry_run:
        return None
    try:
        await install_and_remember(settings, database, installer, catalog, known, person)
    except GraphRefused as refused:
        return refused.reason
    return None


async def install_and_remember(settings: Settings, database: Database, installer: TeamsAppInstaller,
                               catalog: str | None, known: ConversationRef | None, person: Person) -> None:
    """Install the app for `person` (409: it already was), read the installation's chat and store it as their
    personal conversation. GraphRefused (status 0 when nothing was asked) says why not. No transaction is open
    during the Graph calls."""
    if catalog is None:
        raise GraphRefused(0, f"the app is not in the organisation's catalog (manifest id {settings.app_id or '(unset)'})")
    if known is None:
        raise GraphRefused(0, "no Teams service URL known yet: someone in the tenant must talk to the bot once")
    user = person.aad_object_id or person.email
    await installer.install(user, catalog)
    chat = await installer.chat_id(user, catalog)
    reference = {
        "bot": {"id": f"28:{settings.app_id}" if settings.app_id else "28:tutorbot", "name": "Tutorbot"},
        "channelId": "msteams", "serviceUrl": known.service_url,
        "conversation": {"id": chat, "conversationType": "personal", "tenantId": known.tenant_id},
        "user": {"id": person.aad_object_id or person.email, "aadObjectId": person.aad_object_id},
    }
    async with database.unit_of_work() as uow:
        await uow.conversations.remember(
            conversation_id=chat, conversation_type="personal", service_url=known.service_url,
            reference_json=json.dumps(reference), person_id=person.id, teams_user_id=None,
            tenant_id=known.tenant_id, team_id=None)


class PersonalChats:
    """The outbox's way to a roster person it has no conversation with: install the app for them (the code
    `reach` runs) and store their chat. Graph's session is opened at the first need and closed with `close`."""

    def __init__(self, settings: Settings, database: Database) -> None:
        self.settings = settings
        self.database = database
        self._session: aiohttp.ClientSession | None = None
        self._installer: TeamsAppInstaller | None = None
        self._catalog: str | None = settings.teams_app_catalog_id or None

    async def reach(self, person_id: int) -> None:
        """Store a personal chat for the person; GraphRefused when Graph would not (its status says if for good)."""
        async with self.database.unit_of_work() as uow:
            person = await uow.db.get(Person, person_id)
            known = await uow.db.scalar(select(ConversationRef).order_by(ConversationRef.updated_at.desc()).limit(1))
        if person is None:
            raise GraphRefused(404, "no such person on the roster")
        if self._installer is None:
            self._session = aiohttp.ClientSession()
            self._installer = TeamsAppInstaller(self.settings.graph_base_url, token_source(self.settings),
                                                self._session)
        if self._catalog is None:
            self._catalog = await self._installer.catalog_id(self.settings.app_id)
        await install_and_remember(self.settings, self.database, self._installer, self._catalog, known, person)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
        self._session = self._installer = None


def graph_configured(settings: Settings) -> bool:
    return bool(settings.graph_access_token or (settings.graph_tenant_id and settings.graph_client_id
                                                and settings.graph_client_secret))


def personal_chats(settings: Settings, database: Database) -> PersonalChats | None:
    """With Graph configured and the app identifiable in the catalog (TEAMS_APP_CATALOG_ID, or MicrosoftAppId
    to look it up by), the outbox installs the app for whoever it cannot reach: their messages are queued (not
    refused at once) and delivered once their chat is known."""
    if not graph_configured(settings) or not (settings.teams_app_catalog_id or settings.app_id):
        return None
    database.reach_by_install = True
    return PersonalChats(settings, database)


def _progress(out: TextIO | None, done: int, total: int) -> None:
    if out is None or not total:
        return
    width = 30
    filled = width * done // total
    out.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    out.flush()


async def run_cli(settings: Settings, *, dry_run: bool, school_code: str | None) -> int:
    database = Database(settings.database_url)
    try:
        await database.migrate()
        run = await reach(settings, database, dry_run=dry_run, school_code=school_code,
                          progress=sys.stderr if sys.stderr.isatty() else None)
    finally:
        await database.close()
    for line in run.lines:
        print(line)
    print(run.summary(dry_run))
    return 0 if run.failed == 0 else 1
