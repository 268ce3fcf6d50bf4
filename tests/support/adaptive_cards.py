"""Adaptive Card validation for tests: the official JS library plus the checks it is too lenient to make.

The library (npm ``adaptivecards``) runs in one Node process per batch via ``tests/js/validate-cards.cjs``.
It says nothing about a missing ``type``/``version`` and accepts version 1.6, so those checks, and
"every input has a non-empty unique id", are done here. CONTRACT §7: Teams renders at most 1.5.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
NODE_SCRIPT = ROOT / "tests" / "js" / "validate-cards.cjs"
AC_BUNDLE = ROOT / "node_modules" / "adaptivecards" / "dist" / "adaptivecards.min.js"

ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
MAX_VERSION: tuple[int, ...] = (1, 5)
NODE_TIMEOUT_S = 120

_VERSION_RE = re.compile(r"^\d+(\.\d+)*$")


def node_tools_available() -> bool:
    """True when ``node`` is on PATH and the adaptivecards package is installed."""
    return shutil.which("node") is not None and AC_BUNDLE.is_file()


class CardsNotValidated(UserWarning):
    """Node or the adaptivecards package is missing: the cards of a test were not checked (pytest lists it)."""


def assert_cards_valid(cards: list[dict[str, Any]]) -> None:
    """Every card passes the validator; without Node, a CardsNotValidated warning in pytest's summary says so
    (the rest of the test still runs: what it checks besides the cards stays checked)."""
    if not cards:
        return
    if not node_tools_available():
        warnings.warn(CardsNotValidated(f"{len(cards)} card(s) not validated: node or {AC_BUNDLE.name} missing "
                                        "(run `npm ci`)"), stacklevel=2)
        return
    problems = card_problems_many(cards)
    assert [p for p in problems if p] == [], [(p, c) for p, c in zip(problems, cards, strict=True) if p]


def cards_in_activity(activity: dict[str, Any]) -> list[dict[str, Any]]:
    """The Adaptive Card payloads (``content``) attached to a Bot Framework activity dict."""
    cards: list[dict[str, Any]] = []
    for attachment in activity.get("attachments") or []:
        if not isinstance(attachment, dict) or attachment.get("contentType") != ADAPTIVE_CARD_CONTENT_TYPE:
            continue
        content: Any = attachment.get("content")
        if isinstance(content, str):
            # Some serialisers send the card as a JSON string; validate what Teams would parse.
            content = json.loads(content)
        if isinstance(content, dict):
            cards.append(content)
    return cards


def card_problems(card: dict[str, Any]) -> list[str]:
    """Problems found in one card; an empty list means valid."""
    return card_problems_many([card])[0]


def card_problems_many(cards: list[dict[str, Any]]) -> list[list[str]]:
    """Problems per card, in order. Runs the JS library once for the whole batch.

    Raises ``RuntimeError`` when Node or the library is missing: a validator that silently
    checked less would let broken cards through. Callers skip on ``node_tools_available()``.
    """
    if not cards:
        return []
    library = _library_problems(cards)
    return [_own_problems(card) + lib for card, lib in zip(cards, library, strict=True)]


def without_charts(cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The cards as a host that knows no chart type (Teams on iOS) reads them: each chart replaced by its
    fallback, a chart without one dropped. Parsed by the same library, with the chart types left unregistered."""
    result = _run_library(cards, "--without-charts")
    return [card if isinstance(card, dict) else {} for card in result]  # pyright: ignore[reportUnknownVariableType]


def _library_problems(cards: list[dict[str, Any]]) -> list[list[str]]:
    return [[str(p) for p in problems] for problems in _run_library(cards)]


def _run_library(cards: list[dict[str, Any]], *flags: str) -> list[Any]:
    if not node_tools_available():
        raise RuntimeError(f"node or {AC_BUNDLE.relative_to(ROOT)} missing: run `npm ci` in {ROOT}")
    node = shutil.which("node")
    assert node is not None
    proc = subprocess.run(
        [node, str(NODE_SCRIPT), *flags],
        input=json.dumps(cards),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=NODE_TIMEOUT_S,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{NODE_SCRIPT.name} failed ({proc.returncode}): {proc.stderr.strip()[:2000]}")
    result: Any = json.loads(proc.stdout)
    if not isinstance(result, list) or len(result) != len(cards):  # pyright: ignore[reportUnknownArgumentType]
        raise RuntimeError(f"{NODE_SCRIPT.name} returned an unexpected result: {proc.stdout[:500]}")
    return result  # pyright: ignore[reportUnknownVariableType]


def _own_problems(card: Any) -> list[str]:
    if not isinstance(card, dict):
        return ["card is not a JSON object"]
    problems: list[str] = []
    if card.get("type") != "AdaptiveCard":
        problems.append(f'type must be "AdaptiveCard", got {card.get("type")!r}')
    version: Any = card.get("version")
    if version is None:
        problems.append("version is missing")
    elif not isinstance(version, str) or not _VERSION_RE.match(version):
        problems.append(f"version {version!r} is not a version number like '1.5'")
    elif _version_tuple(version) > MAX_VERSION:
        problems.append(f"version {version} is newer than 1.5, the highest Teams renders")
    problems.extend(_input_id_problems(card))
    problems.extend(_chart_problems(card, "$"))
    return problems


def _chart_problems(node: Any, where: str) -> list[str]:
    """Every chart needs an element as its fallback: Teams on iOS draws no chart and shows the fallback instead."""
    if isinstance(node, list):
        return [p for i, item in enumerate(node) for p in _chart_problems(item, f"{where}[{i}]")]
    if not isinstance(node, dict):
        return []
    problems: list[str] = []
    node_type: Any = node.get("type")
    if isinstance(node_type, str) and node_type.startswith("Chart.") and not isinstance(node.get("fallback"), dict):
        problems.append(f"{node_type} at {where} has no fallback element (a table of its numbers) for hosts "
                        "that draw no charts")
    for key, value in node.items():
        if key != "data":
            problems += _chart_problems(value, f"{where}.{key}")
    return problems


def _version_tuple(version: str) -> tuple[int, ...]:
    # Numeric comparison: "1.10" is newer than "1.5"; trailing zeros do not matter ("1.5.0" == "1.5").
    parts = [int(p) for p in version.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def _input_id_problems(card: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    ids = _collect_input_ids(card, problems, "$")
    for input_id, count in Counter(ids).items():
        if count > 1:
            problems.append(f"input id {input_id!r} is used by {count} inputs; ids must be unique")
    return problems


def _collect_input_ids(node: Any, problems: list[str], where: str) -> list[str]:
    """Ids of all Input.* elements under ``node`` (recursing through containers, columns, ShowCard cards)."""
    ids: list[str] = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            ids += _collect_input_ids(item, problems, f"{where}[{i}]")
        return ids
    if not isinstance(node, dict):
        return ids
    node_type: Any = node.get("type")
    if isinstance(node_type, str) and node_type.startswith("Input."):
        input_id: Any = node.get("id")
        if not isinstance(input_id, str) or not input_id.strip():
            problems.append(f"{node_type} at {where} has no id; every input needs a non-empty id")
        else:
            ids.append(input_id)
    for key, value in node.items():
        # `data` is the submit payload, free-form JSON, not card elements.
        if key == "data":
            continue
        if key == "fallback":
            # A fallback replaces its element, so it may legitimately reuse that element's input ids:
            # check it as its own scope instead of against the rest of the card.
            fallback_problems: list[str] = []
            fallback_ids = _collect_input_ids(value, fallback_problems, f"{where}.fallback")
            problems += fallback_problems
            problems += [
                f"input id {i!r} is used by {n} inputs in {where}.fallback; ids must be unique"
                for i, n in Counter(fallback_ids).items()
                if n > 1
            ]
            continue
        ids += _collect_input_ids(value, problems, f"{where}.{key}")
    return ids
