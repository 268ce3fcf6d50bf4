"""Optional OpenTelemetry traces: nothing loaded unless OTEL_EXPORTER_OTLP_ENDPOINT is set; set, spans reach an
OTLP/HTTP collector (here a stand-in that records what is posted to /v1/traces)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from storage import Database
from tests.conftest import TUTOR
from tests.support import teams
from tests.support.connector import ConnectorStandIn
from tests.support.local_server import LocalServer
from tests.support.postgres import free_port
from tests.support.waiting import until, until_healthy

ROOT = Path(__file__).resolve().parents[2]
NOT_LOADED = """
import json, sys
from bot import tracing
from bot.app import create_app
from bot.settings import Settings
configured = tracing.configure()
create_app(Settings.load(env={"DATABASE_URL": "sqlite+aiosqlite:///:memory:"}, env_file=None))
print(json.dumps({"configured": configured, "loaded": sorted(m for m in sys.modules
                  if m == "bot.otlp" or m.startswith("opentelemetry.sdk.trace"))}))
"""


class Collector(LocalServer):
    """OTLP/HTTP's trace endpoint: POST /v1/traces, JSON encoding."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []

    def spans(self) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """(resource attributes, span) for every span received."""
        return [({a["key"]: a["value"] for a in rs["resource"]["attributes"]}, span)
                for body in self.requests for rs in body["resourceSpans"]
                for ss in rs["scopeSpans"] for span in ss["spans"]]

    async def _traces(self, request: web.Request) -> web.Response:
        assert request.content_type == "application/json"
        self.requests.append(await request.json())
        return web.json_response({})

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v1/traces", self._traces)
        return app


@pytest.fixture
async def collector() -> AsyncIterator[Collector]:
    async with Collector() as stand_in:
        yield stand_in


def without_otel() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}


async def test_unset_nothing_of_tracing_is_loaded() -> None:
    process = await asyncio.create_subprocess_exec(sys.executable, "-c", NOT_LOADED, cwd=ROOT, env=without_otel(),
                                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()[-2000:]
    assert json.loads(out.decode().splitlines()[-1]) == {"configured": False, "loaded": []}


async def test_set_spans_of_a_turn_and_a_delivery_reach_the_collector(
        collector: Collector, connector: ConnectorStandIn, tmp_path: Path) -> None:
    port = free_port()
    database = f"sqlite+aiosqlite:///{tmp_path}/bot.db"
    env = {**without_otel(), "DATABASE_URL": database, "PORT": str(port), "HOST": "127.0.0.1",
           "TUTORBOT_SCHEDULER": "0", "MicrosoftAppId": "", "OTEL_EXPORTER_OTLP_ENDPOINT": collector.url,
           "OTEL_BSP_SCHEDULE_DELAY": "100"}
    with (tmp_path / "bot.log").open("wb") as log:
        process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=ROOT, env=env,
                                                       stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as session:
            await until_healthy(session, url, "the bot to serve", timeout=60)
            connector.add_member(TUTOR.teams_id, name=TUTOR.name, email=TUTOR.email or "",
                                 aad_object_id=TUTOR.aad_object_id)
            await teams.BotClient(url, session).post(teams.message(connector.url, TUTOR, "help"))
            await connector.wait_for(1, timeout=30)
            shared = Database(database)  # a notice queued beside the running bot: its loop finds it due
            try:
                async with shared.unit_of_work() as uow:
                    tutor = await uow.people.by_email(TUTOR.email or "")
                    assert tutor is not None
                    await uow.outbox.to_person(tutor, "traced:1", {"type": "message", "text": "traced"})
            finally:
                await shared.close()
            await until(lambda: any(s["name"] == "outbox.deliver" for _, s in collector.spans()),
                        lambda: f"the delivery's span; got {sorted({s['name'] for _, s in collector.spans()})}",
                        timeout=30)
    finally:
        process.terminate()
        await process.wait()
    spans = collector.spans()
    names = {span["name"] for _, span in spans}
    assert {"agents.adapter.process", "outbox.deliver"} <= names  # the SDK's turn span and the outbox's own
    assert all(resource["service.name"] == {"stringValue": "tutorbot"} for resource, _ in spans)
    assert all(len(span["traceId"]) == 32 and len(span["spanId"]) == 16 for _, span in spans)
    assert all(int(span["endTimeUnixNano"]) >= int(span["startTimeUnixNano"]) > 0 for _, span in spans)
