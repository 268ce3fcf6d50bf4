"""The dean's summary with its charts, drawn by the M365 Agents Playground's own card renderer in Chromium, and the
same card in a renderer that knows no chart (as Teams on iOS): there the tables stand in the charts' place.

Screenshots and the card go to `$TMPDIR/tutorbot-charts/` (summary-playground.png, summary-without-charts.png,
summary-card.json) for a person to look at.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from cards.i18n import text
from tests.e2e.test_playground import (
    GROUP_CHAT,
    PERSONAL_CHAT,
    STUDENT_ID,
    TUTOR_ID,
    Demo,
    _one_card,
    _say_as_student,
    _say_as_tutor,
    _submit_and_watch,
    _submit_values,
    demo,
)
from tests.support.adaptive_cards import card_problems
from tests.support.cards import nodes

__all__ = ["demo"]  # the Agents Playground fixture, one bot and one playground for this module

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "js" / "screenshot-cards.cjs"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SHOTS = Path(tempfile.gettempdir()) / "tutorbot-charts"
DEAN_ID, DEAN_AAD, DEAN_NAME = "29:demo-gulnara", "0a1d0000-0000-4000-8000-000000000001", "Гульнара Сапарова"
RENDER_TIMEOUT_S = 60.0

pytestmark = pytest.mark.asyncio(loop_scope="module")


def _browser_missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} missing (Debian package chromium, installed by .ci/run): chart rendering not checked"
    if not (ROOT / "node_modules" / "playwright-core").is_dir() and not os.environ.get("NODE_PATH"):
        return "npm package playwright-core missing (run `npm ci`): chart rendering not checked"
    return None


async def _render(*args: str, ready: asyncio.Event | None = None) -> dict[str, Any]:
    """Run screenshot-cards.cjs; set `ready` when it says the page is up; return what it saw."""
    node = shutil.which("node")
    assert node is not None
    proc = await asyncio.create_subprocess_exec(node, str(SCRIPT), *args, cwd=ROOT, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.PIPE, stdin=asyncio.subprocess.DEVNULL)
    assert proc.stdout is not None and proc.stderr is not None
    lines: list[str] = []
    try:
        async with asyncio.timeout(RENDER_TIMEOUT_S):
            while line := (await proc.stdout.readline()).decode():
                if line.strip() == "ready" and ready is not None:
                    ready.set()
                else:
                    lines.append(line)
            errors = (await proc.stderr.read()).decode()
            code = await proc.wait()
    finally:
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()
    assert code == 0 and lines, f"screenshot-cards {args[0]} failed ({code}): {errors[-3000:]}"
    return json.loads(lines[-1])


async def _dean_says(demo: Demo, said: str) -> dict[str, Any]:
    """The dean types in the personal chat (a custom activity: typed messages always come from currentUser)."""
    async with demo.http.get(f"{demo.base}/_internal/v1/customActivities/template",
                             params={"conversationId": PERSONAL_CHAT}) as response:
        assert response.status == 200, demo.diagnostics(f"GET template: {response.status}")
        activity = await response.json()
    activity |= {"type": "message", "text": said, "textFormat": "plain", "locale": "ru-RU",
                 "from": {"id": DEAN_ID, "aadObjectId": DEAN_AAD, "name": DEAN_NAME},
                 "channelData": {"tenant": {"id": activity["conversation"]["tenantId"]}}}

    async def send() -> None:
        async with demo.http.post(f"{demo.base}/_internal/v1/customActivities", json=activity) as response:
            assert response.status == 200, demo.diagnostics(f"POST custom activity: {response.status}")

    return await demo.bot_reply(send, card=True)


async def _a_week_of_work(demo: Demo) -> None:
    """The tutor logs 3 hours of sessions; a student asks a question (unanswered)."""
    message = await _say_as_tutor(demo, "hours")
    value = _submit_values(_one_card(demo, message), category="sessions", hours="3", note="playground charts")
    await _submit_and_watch(demo, GROUP_CHAT, TUTOR_ID, message, value)
    message = await _say_as_student(demo, "ask")
    card = _one_card(demo, message)
    value = _submit_values(card, question="Когда консультация перед РК2?", anonymous="false")
    choices = [n for n in nodes(card) if n.get("id") == "course"]
    if choices and "choices" in choices[0]:
        value["course"] = choices[0]["choices"][0]["value"]
    await _submit_and_watch(demo, PERSONAL_CHAT, STUDENT_ID, message, value)


def _expected_bar_labels(card: dict[str, Any]) -> list[str]:
    """The accessible label the chart renderer gives each group of bars: x, then each series' legend and value."""
    [chart] = [n for n in nodes(card) if n.get("type") == "Chart.VerticalBar.Grouped"]
    delivered, norm = chart["data"]
    return [f"{d['x']}, {delivered['legend']}, {d['y']}, {norm['legend']}, {n['y']}"
            for d, n in zip(delivered["values"], norm["values"], strict=True)]


async def test_the_deans_summary_draws_its_charts_and_falls_back_to_tables(demo: Demo) -> None:
    missing = _browser_missing()
    if missing:
        pytest.skip(missing)
    await _a_week_of_work(demo)
    SHOTS.mkdir(exist_ok=True)
    ready = asyncio.Event()
    title = text("ru", "summary.title", school="Школа менеджмента")
    drawing = asyncio.create_task(_render("playground", demo.base, title, str(SHOTS / "summary-playground.png"),
                                          ready=ready))
    async with asyncio.timeout(RENDER_TIMEOUT_S):
        await asyncio.wait([drawing, asyncio.create_task(ready.wait())], return_when=asyncio.FIRST_COMPLETED)
    assert ready.is_set(), await drawing  # the script ended before the page was up: its error says why
    card = _one_card(demo, await _dean_says(demo, "report"))
    drawn = await drawing
    assert card_problems(card) == []
    size = len(json.dumps(card, ensure_ascii=False).encode())
    (SHOTS / "summary-card.json").write_text(json.dumps({"bytes": size, "card": card}, ensure_ascii=False, indent=1))

    bars = _expected_bar_labels(card)
    assert any(label.startswith("Касымова А., ") for label in bars), bars
    assert set(bars) <= set(drawn["charts"]), (bars, drawn["charts"])  # every bar drawn with the card's numbers
    assert any(label.startswith(text("ru", "charts.hours.title")) for label in drawn["charts"]), drawn["charts"]
    donut = text("ru", "charts.questions.title")
    assert any(label.startswith(donut) for label in drawn["charts"]), drawn["charts"]

    card_file = SHOTS / "summary-card-only.json"
    card_file.write_text(json.dumps(card, ensure_ascii=False))
    plain = await _render("plain", str(card_file), str(SHOTS / "summary-without-charts.png"))
    assert plain["charts"] == []
    for label in ("Касымова А.", "Ковалёв Д.", text("ru", "charts.questions.waiting")):
        assert label in plain["text"], plain["text"]
    assert text("ru", "charts.hours.title") in plain["text"] and donut in plain["text"]
