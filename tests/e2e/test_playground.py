"""The demo in the Microsoft 365 Agents Playground: real bot process, real playground process, no Teams.

The playground (npm ``@microsoft/m365agentsplayground``) plays Teams for the bot: it reads
``playground/.m365agentsplayground.yml`` from its working folder, sends the bot Teams-shaped activities
(``channelId`` ``msteams``, ``from.aadObjectId`` of the configured current user) and serves the Connector
API under ``/_connector``. We drive it through its own HTTP API, as its web UI does, and read the bot's
replies from the WebSocket the UI listens on.

What it sends is fixed by its code: every typed message comes from ``currentUser`` (``from.id`` in the
request is only checked for membership) with ``locale`` ``en-US``. Another locale needs a custom activity
(``POST /_internal/v1/customActivities``, the UI's "Custom activity"), which it forwards to the bot as is.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from tests.support.adaptive_cards import card_problems, cards_in_activity, node_tools_available
from tests.support.cards import input_values, nodes

ROOT = Path(__file__).resolve().parents[2]
PLAYGROUND_DIR = ROOT / "playground"
CONFIG_FILE = PLAYGROUND_DIR / ".m365agentsplayground.yml"
PLAYGROUND_BIN = ROOT / "node_modules" / ".bin" / "agentsplayground"
PYTHON = ROOT / ".venv" / "bin" / "python"

STUDENT_ID = "29:demo-erlan"  # currentUser in the config
STUDENT_AAD = "0a1d0000-0000-4000-8000-000000000004"  # bot/demo_roster/people.csv
PERSONAL_CHAT = "a:tutorbot-demo-personal-erlan"
GROUP_CHAT = "19:tutorbot-demo-group@thread.v2"  # everyone of the config is in it, the demo tutor too
TUTOR_ID = "29:demo-aigerim"
TUTOR_AAD = "0a1d0000-0000-4000-8000-000000000002"
BOT_ID = "28:tutorbot-demo"

START_TIMEOUT_S = 15.0
REPLY_TIMEOUT_S = 10.0

# One bot and one playground for the whole module (starting them takes ~3 s): the tests only read.
pytestmark = pytest.mark.asyncio(loop_scope="module")


def _skip_reason() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed: Agents Playground test skipped"
    if not PLAYGROUND_BIN.exists():
        return f"{PLAYGROUND_BIN.relative_to(ROOT)} missing (run `npm ci`): Agents Playground test skipped"
    if not node_tools_available():
        return "npm package adaptivecards missing (run `npm ci`): Agents Playground test skipped"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return "(no file)"
    return "\n".join(text.splitlines()[-lines:]) or "(empty)"


async def _stop(proc: asyncio.subprocess.Process) -> None:
    """End the process group we started (start_new_session=True makes the child its leader)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if proc.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(proc.wait(), timeout=5.0)


@dataclass
class Demo:
    bot_port: int
    playground_port: int
    bot_stderr: Path
    playground_stdout: Path
    playground_log: Path
    http: aiohttp.ClientSession

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.playground_port}"

    def diagnostics(self, what: str) -> str:
        return (
            f"{what}\n--- bot stderr (tail) ---\n{_tail(self.bot_stderr)}"
            f"\n--- playground stdout (tail) ---\n{_tail(self.playground_stdout, 15)}"
            f"\n--- playground log {self.playground_log} (tail) ---\n{_tail(self.playground_log)}"
        )

    async def bot_reply(self, send: Callable[[], Awaitable[None]], *, card: bool = False) -> dict[str, Any]:
        """Connect the conversation WebSocket, run ``send()``, return the bot's first message (with a card)."""
        def wanted(event: dict[str, Any]) -> bool:
            return _created_by_bot(event) and (not card or bool(cards_in_activity(event["message"])))

        events = await self.watch(send, lambda seen: any(wanted(e) for e in seen))
        return next(e["message"] for e in events if wanted(e))

    async def watch(self, send: Callable[[], Awaitable[None]],
                    done: Callable[[list[dict[str, Any]]], bool]) -> list[dict[str, Any]]:
        """Connect the conversation WebSocket, run ``send()``, return the events up to the one that makes it
        ``done``."""
        events: list[dict[str, Any]] = []
        url = f"ws://127.0.0.1:{self.playground_port}/_ws_conversation/v1/conversations/stream"
        seen: list[str] = []
        async with self.http.ws_connect(url) as ws:
            await send()
            deadline = time.monotonic() + REPLY_TIMEOUT_S
            while (left := deadline - time.monotonic()) > 0:
                try:
                    frame = await ws.receive(timeout=left)
                except TimeoutError:
                    break
                if frame.type != aiohttp.WSMsgType.TEXT:
                    seen.append(f"<{frame.type.name}>")
                    if frame.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                        break
                    continue
                seen.append(frame.data[:300])
                event = json.loads(frame.data)
                if isinstance(event, dict):
                    events.append(event)  # pyright: ignore[reportUnknownArgumentType]
                    if done(events):
                        return events
        raise AssertionError(self.diagnostics(f"nothing wanted on the WebSocket within {REPLY_TIMEOUT_S}s; saw {seen}"))


def _created_by_bot(event: dict[str, Any]) -> bool:
    message = event.get("message") or {}
    return event.get("action") == "createMessage" and (message.get("from") or {}).get("id") == BOT_ID


async def _wait_ready(demo: Demo, bot: asyncio.subprocess.Process,
                      playground: asyncio.subprocess.Process) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    bot_up = False
    listening: int | None = None
    while time.monotonic() < deadline and not (bot_up and listening):
        for name, proc in (("bot", bot), ("playground", playground)):
            if proc.returncode is not None:
                raise AssertionError(demo.diagnostics(f"{name} exited early with status {proc.returncode}"))
        if listening is None:
            for line in _tail(demo.playground_stdout, 50).splitlines():
                if line.startswith("Listening on "):
                    # It takes another port when the one asked for is busy: trust what it says.
                    listening = int(line.removeprefix("Listening on ").strip())
        if not bot_up:
            with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                async with demo.http.get(f"http://127.0.0.1:{demo.bot_port}/healthz") as response:
                    bot_up = response.status == 200
        await asyncio.sleep(0.1)
    if not (bot_up and listening):
        raise AssertionError(demo.diagnostics(f"not ready in {START_TIMEOUT_S}s: bot up={bot_up}, "
                                              f"playground listening={listening}"))
    demo.playground_port = listening


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def demo(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Demo]:
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    tmp_path = tmp_path_factory.mktemp("playground-e2e")

    bot_cwd = tmp_path / "bot"  # an empty folder: no stray .env from the repository root
    bot_cwd.mkdir()
    playground_cwd = tmp_path / "playground"  # devTools/m365agentsplayground.log lands here
    shutil.copytree(PLAYGROUND_DIR, playground_cwd)
    bot_port, playground_port = _free_port(), _free_port()

    bot_env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(bot_port),
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'tutorbot.db'}",
        "TUTORBOT_SCHEDULER": "0",
        "TUTORBOT_DEMO_ROSTER": "1",
        "CALENDAR_BACKEND": "local",
        "MicrosoftAppId": "",  # local mode: the playground sends no Authorization header
        "ALLOWED_TENANT_IDS": "",
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
        "PYTHONUNBUFFERED": "1",
    }
    playground_env = {k: v for k, v in os.environ.items()
                      if k not in {"TEAMSAPPTESTER_PORT", "BOT_ENDPOINT", "M365_AGENTS_PLAYGROUND_SERVICE_URL"}}
    playground_env["TEAMSAPPTESTER_BROWSER"] = "none"

    bot_stderr = tmp_path / "bot.stderr"
    playground_stdout = tmp_path / "playground.stdout"
    procs: list[asyncio.subprocess.Process] = []
    try:
        # Output goes to files, never to pipes nobody reads (a full pipe would stall the process).
        with bot_stderr.open("wb") as err, (tmp_path / "bot.stdout").open("wb") as out:
            procs.append(await asyncio.create_subprocess_exec(
                str(PYTHON), "-m", "bot", cwd=bot_cwd, env=bot_env,
                stdin=asyncio.subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True,
            ))
        with playground_stdout.open("wb") as out:
            procs.append(await asyncio.create_subprocess_exec(
                str(PLAYGROUND_BIN), "-e", f"http://127.0.0.1:{bot_port}/api/messages", "-c", "msteams",
                "-p", str(playground_port), "--disable-telemetry",
                cwd=playground_cwd, env=playground_env,
                stdin=asyncio.subprocess.DEVNULL, stdout=out, stderr=asyncio.subprocess.STDOUT,
                start_new_session=True,
            ))
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as http:
            running = Demo(bot_port, playground_port, bot_stderr, playground_stdout,
                           playground_cwd / "devTools" / "m365agentsplayground.log", http)
            await _wait_ready(running, *procs)
            yield running
    finally:
        for proc in procs:
            await _stop(proc)


def _facts(card: dict[str, Any]) -> list[str]:
    return [f["title"] for block in card["body"] if block.get("type") == "FactSet" for f in block["facts"]]


def _help_card(demo: Demo, message: dict[str, Any]) -> dict[str, Any]:
    cards = cards_in_activity(message)
    assert len(cards) == 1, demo.diagnostics(f"expected one Adaptive Card, got {message}")
    card = cards[0]
    assert card_problems(card) == [], demo.diagnostics(f"invalid card: {card_problems(card)}")
    assert _facts(card) == ["ask", "sessions", "deadlines", "help"], demo.diagnostics(f"not the student help card: {card}")
    return card


async def test_playground_loads_the_demo_config(demo: Demo) -> None:
    # Waits (up to 15 s, in the playground) until the bot endpoint answers, like the UI does.
    async with demo.http.get(f"{demo.base}/_internal/v1/config") as response:
        assert response.status == 200, demo.diagnostics(f"GET config: {response.status}")
        config = (await response.json())["config"]
    # A bad or missing YAML file makes the playground fall back to its built-in users (Alex Wilber …).
    assert config["currentUser"]["aadObjectId"] == STUDENT_AAD, demo.diagnostics(f"built-in config? {config}")
    assert config["personalChat"]["id"] == PERSONAL_CHAT
    assert config["bot"]["id"] == BOT_ID
    assert len(config["users"]) == 5


async def test_student_help_in_english(demo: Demo) -> None:
    async def send() -> None:
        url = f"{demo.base}/_conversation/v1/conversations/{PERSONAL_CHAT}/messages"
        body = {"from": {"id": STUDENT_ID}, "text": "help", "textFormat": "plain"}
        async with demo.http.post(url, json=body) as response:
            assert response.status == 200, demo.diagnostics(f"POST message: {response.status} {await response.text()}")

    reply = await demo.bot_reply(send)
    card = _help_card(demo, reply)
    # The playground always sends locale en-US with a typed message.
    assert "Hello, Ерлан Жумабаев" in json.dumps(card, ensure_ascii=False), demo.diagnostics(f"card: {card}")


async def test_student_help_in_russian_by_custom_activity(demo: Demo) -> None:
    # The playground's own template for a custom activity in this chat (from, conversation, serviceUrl …).
    async with demo.http.get(f"{demo.base}/_internal/v1/customActivities/template",
                             params={"conversationId": PERSONAL_CHAT}) as response:
        assert response.status == 200, demo.diagnostics(f"GET template: {response.status}")
        activity = await response.json()
    assert activity["from"] == {"id": STUDENT_ID, "aadObjectId": STUDENT_AAD}, activity
    activity |= {
        "type": "message",
        "text": "help",
        "textFormat": "plain",
        "locale": "ru-RU",
        "entities": [{"type": "clientInfo", "locale": "ru-RU", "country": "KZ", "platform": "Web"}],
        "channelData": {"tenant": {"id": activity["conversation"]["tenantId"]}},
    }

    async def send() -> None:
        async with demo.http.post(f"{demo.base}/_internal/v1/customActivities", json=activity) as response:
            assert response.status == 200, demo.diagnostics(f"POST custom activity: {response.status}")

    reply = await demo.bot_reply(send)
    card = _help_card(demo, reply)
    assert "Здравствуйте, Ерлан Жумабаев" in json.dumps(card, ensure_ascii=False), demo.diagnostics(f"card: {card}")


# --- a submitted card is replaced in the playground's copy of the chat ---------------------------------------------
async def _say_as_student(demo: Demo, text: str) -> dict[str, Any]:
    async def send() -> None:
        url = f"{demo.base}/_conversation/v1/conversations/{PERSONAL_CHAT}/messages"
        body = {"from": {"id": STUDENT_ID}, "text": text, "textFormat": "plain"}
        async with demo.http.post(url, json=body) as response:
            assert response.status == 200, demo.diagnostics(f"POST message: {response.status} {await response.text()}")

    return await demo.bot_reply(send, card=True)


async def _say_as_tutor(demo: Demo, text: str) -> dict[str, Any]:
    """The tutor types in the group chat (a custom activity: typed messages always come from currentUser)."""
    async with demo.http.get(f"{demo.base}/_internal/v1/customActivities/template",
                             params={"conversationId": GROUP_CHAT}) as response:
        assert response.status == 200, demo.diagnostics(f"GET template: {response.status}")
        activity = await response.json()
    activity |= {
        "type": "message",
        "text": text,
        "textFormat": "plain",
        "from": {"id": TUTOR_ID, "aadObjectId": TUTOR_AAD, "name": "Айгерим Касымова"},
        "channelData": {"tenant": {"id": activity["conversation"]["tenantId"]}},
    }

    async def send() -> None:
        async with demo.http.post(f"{demo.base}/_internal/v1/customActivities", json=activity) as response:
            assert response.status == 200, demo.diagnostics(f"POST custom activity: {response.status}")

    return await demo.bot_reply(send, card=True)


def _one_card(demo: Demo, message: dict[str, Any]) -> dict[str, Any]:
    cards = cards_in_activity(message)
    assert len(cards) == 1, demo.diagnostics(f"expected one Adaptive Card, got {message}")
    return cards[0]


def _submit_values(card: dict[str, Any], **values: str) -> dict[str, Any]:
    """What the playground sends when the card's main button is pressed: its data and the inputs' values."""
    submits = [n for n in nodes(card) if n.get("type") == "Action.Submit"]
    assert submits, f"no Action.Submit on {card}"
    return {**submits[0]["data"], **input_values(card), **values}


async def _submit_and_watch(demo: Demo, conversation_id: str, user_id: str, message: dict[str, Any],
                            value: dict[str, Any], *, text_too: bool = False) -> dict[str, Any]:
    """Press the card's button; return the playground's update of that message (and wait for the bot's text
    message beside it when `text_too`)."""
    message_id = message["messageId"]

    def updated(event: dict[str, Any]) -> bool:
        return event.get("action") == "updateMessage" and (event.get("message") or {}).get("messageId") == message_id

    def texted(event: dict[str, Any]) -> bool:
        return _created_by_bot(event) and bool(event["message"].get("text"))

    def done(events: list[dict[str, Any]]) -> bool:
        return any(updated(e) for e in events) and (not text_too or any(texted(e) for e in events))

    async def send() -> None:
        body = {"conversation": {"id": conversation_id}, "from": {"id": user_id}, "replyToId": message_id,
                "value": value}
        async with demo.http.post(f"{demo.base}/_conversation/v1/submit", json=body) as response:
            assert response.status == 200, demo.diagnostics(f"POST submit: {response.status} {await response.text()}")

    events = await demo.watch(send, done)
    return next(e["message"] for e in events if updated(e))


def _inputs(card: dict[str, Any]) -> set[str]:
    return {str(n["id"]) for n in nodes(card) if str(n.get("type", "")).startswith("Input.")}


def _form(demo: Demo, message: dict[str, Any], inputs: set[str]) -> dict[str, Any]:
    """The one card of `message`, a form with `inputs`."""
    card = _one_card(demo, message)
    assert inputs <= _inputs(card), demo.diagnostics(f"not the form with {sorted(inputs)}: {card}")
    return card


def _replaced(demo: Demo, updated: dict[str, Any], inputs: set[str]) -> None:
    """The playground's update of a submitted form is a valid card without the form's inputs, and the bot had no
    trouble replacing it."""
    replaced = _one_card(demo, updated)
    assert not inputs <= _inputs(replaced), demo.diagnostics(f"the form is still live: {replaced}")
    assert card_problems(replaced) == []
    log = demo.bot_stderr.read_text(encoding="utf-8", errors="replace")
    assert "could not replace" not in log, demo.diagnostics("the bot could not replace a submitted card")


async def test_submitted_question_card_is_replaced(demo: Demo) -> None:
    message = await _say_as_student(demo, "ask")
    card = _form(demo, message, {"question"})
    value = _submit_values(card, question="Playground: when is the RK1 consultation of the course?",
                           anonymous="false")
    choices = [n for n in nodes(card) if n.get("id") == "course"]
    if choices and "choices" in choices[0]:
        value["course"] = choices[0]["choices"][0]["value"]
    _replaced(demo, await _submit_and_watch(demo, PERSONAL_CHAT, STUDENT_ID, message, value), {"question"})


@pytest.mark.parametrize(("command", "inputs", "values", "text_too"), [
    ("hours", {"hours"}, {"category": "sessions", "hours": "1", "note": "playground"}, False),
    ("schedule", {"kind", "date", "time"}, {"platform": "teams"}, True),  # a text message comes beside the update
], ids=["hours", "schedule"])
async def test_a_submitted_tutor_form_is_replaced(demo: Demo, command: str, inputs: set[str], values: dict[str, str],
                                                  text_too: bool) -> None:
    message = await _say_as_tutor(demo, command)
    value = _submit_values(_form(demo, message, inputs), **values)
    updated = await _submit_and_watch(demo, GROUP_CHAT, TUTOR_ID, message, value, text_too=text_too)
    _replaced(demo, updated, inputs)
