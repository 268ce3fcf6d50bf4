"""Fixtures: databases (SQLite always, PostgreSQL where its binaries are), the Connector stand-in, the bot."""

from __future__ import annotations

import asyncio
import itertools
import warnings
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import asyncpg
import pytest
from aiohttp import web

from bot.app import create_app
from bot.settings import Settings
from storage import Database
from tests.support import watchdog as watchdog_module
from tests.support.connector import ConnectorStandIn
from tests.support.graph import GraphStandIn
from tests.support.onedrive import UploadStandIn
from tests.support.postgres import PostgresServer, start_postgres
from tests.support.roster import copy_demo, imported
from tests.support.teams import BotClient, TeamsUser
from tests.support.watchdog import arm, settle_leftovers
from tutoring.clock import Clock

_db_names = itertools.count(1)


@pytest.fixture(autouse=True)
async def watchdog(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    timer = arm(asyncio.get_running_loop(), request.node.nodeid)
    yield
    await settle_leftovers(request.node.nodeid)
    timer.cancel()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    loop = watchdog_module.last_loop
    timer = arm(loop, f"teardown of {item.nodeid}") if loop is not None and not loop.is_closed() else None
    try:
        return (yield)
    finally:
        if timer is not None:
            timer.cancel()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer | None]:
    try:
        server = start_postgres()
    except FileNotFoundError as error:
        warnings.warn(f"PostgreSQL tests skipped: {error}", stacklevel=1)
        yield None
        return
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                       postgres_server: PostgresServer | None) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db')}/tutorbot.db"
        return
    if postgres_server is None:
        pytest.skip("PostgreSQL binaries not installed here (CI installs them): PostgreSQL variant skipped")
    name = f"tutorbot_test_{next(_db_names)}"
    admin = await asyncpg.connect(postgres_server.admin_dsn, command_timeout=60)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    yield postgres_server.url(name)
    # Dropped, not kept: 200-odd test databases would fill a small CI disk. FORCE ends connections a test leaked.
    admin = await asyncpg.connect(postgres_server.admin_dsn, command_timeout=60)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url)
    await db.migrate()
    yield db
    await db.close()


@pytest.fixture
def roster(database_url: str, database: Database, tmp_path: Path) -> Path:
    """A copy of the demo roster, imported into `database`: the test changes it and imports again."""
    copy = copy_demo(tmp_path)
    imported(database_url, copy)
    return copy


@pytest.fixture
async def connector() -> AsyncIterator[ConnectorStandIn]:
    async with ConnectorStandIn() as stand_in:
        yield stand_in


@pytest.fixture
async def graph() -> AsyncIterator[GraphStandIn]:
    """Microsoft Graph's calendar and app-installation endpoints, as the calendar backend and `reach` call them."""
    async with GraphStandIn() as stand_in:
        yield stand_in


# The demo roster's people as Teams sends them (ids from bot/demo_roster/people.csv).
STUDENT = TeamsUser("29:student-erlan", "Ерлан Жумабаев", "0a1d0000-0000-4000-8000-000000000004",
                    "e.zhumabayev@demo.almau.edu.kz")
STUDENT_NO_AAD = TeamsUser("29:student-anna", "Анна Смирнова", None, "a.smirnova@demo.almau.edu.kz")
TUTOR = TeamsUser("29:tutor-aigerim", "Айгерим Касымова", "0a1d0000-0000-4000-8000-000000000002",
                  "a.kassymova@demo.almau.edu.kz")
DEAN = TeamsUser("29:dean-gulnara", "Гульнара Сапарова", "0a1d0000-0000-4000-8000-000000000001",
                 "g.saparova@demo.almau.edu.kz")
ADMIN = TeamsUser("29:admin-saule", "Сауле Искакова", "0a1d0000-0000-4000-8000-000000000008",
                  "s.iskakova@demo.almau.edu.kz")
STRANGER = TeamsUser("29:stranger", "Посторонний", "99999999-0000-4000-8000-000000000099", "stranger@example.com")


@dataclass
class RunningBot:
    url: str
    client: BotClient
    connector: ConnectorStandIn
    database: Database
    settings: Settings
    app: web.Application | None = None


async def start_bot(settings: Settings, database: Database, clock: Clock | None = None) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(create_app(settings, database, clock), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]  # pyright: ignore
    return runner, f"http://127.0.0.1:{port}"


def make_settings(database_url: str, **overrides: object) -> Settings:
    base = Settings.load(env={"DATABASE_URL": database_url, "TUTORBOT_SCHEDULER": "0"}, env_file=None)
    return Settings(**{**base.__dict__, **overrides})  # type: ignore[arg-type]


@pytest.fixture
async def onedrive() -> AsyncIterator[UploadStandIn]:
    """OneDrive's upload session, for files a person accepts through Teams' file consent card."""
    async with UploadStandIn() as stand_in:
        yield stand_in


@pytest.fixture
def bot_clock() -> Clock | None:
    """The bot's clock: the system's, unless a test module pins a day (its tests name dates of the demo roster)."""
    return None


@pytest.fixture
async def bot(database_url: str, connector: ConnectorStandIn, bot_clock: Clock | None) -> AsyncIterator[RunningBot]:
    """The real app on a free port, demo roster loaded, talking to the Connector stand-in."""
    settings = make_settings(database_url)
    database = Database(database_url)
    runner, url = await start_bot(settings, database, bot_clock)
    for user in (STUDENT, STUDENT_NO_AAD, TUTOR, DEAN, ADMIN):
        connector.add_member(user.teams_id, name=user.name, email=user.email or "", aad_object_id=user.aad_object_id)
    async with aiohttp.ClientSession() as session:
        yield RunningBot(url, BotClient(url, session), connector, database, settings, runner.app)
    await runner.cleanup()
