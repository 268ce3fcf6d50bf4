"""Reading Adaptive Cards in tests: inputs, texts, buttons and links, found the way Teams would find them.

Every walker here rests on `nodes`, which visits each JSON object of a card in document order. Where tests need
different views of the same card (every string vs. what a reader sees; every input vs. what a button submits),
there are separate, named functions.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from typing import Any


def nodes(node: Any, *, skip: Collection[str] = ()) -> Iterator[dict[str, Any]]:
    """Every JSON object in `node`, itself first, depth first in document order; values under keys in `skip`
    (e.g. "data": a button's payload is not part of the card) are not entered."""
    if isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key not in skip:
                yield from nodes(value, skip=skip)
    elif isinstance(node, list):
        for item in node:
            yield from nodes(item, skip=skip)


def _is_input(node: dict[str, Any]) -> bool:
    return str(node.get("type", "")).startswith("Input.")


# --- inputs ---------------------------------------------------------------------------------------------------
def input_ids(card: dict[str, Any]) -> list[str]:
    """The ids of every input, in order, ShowCards included (not looking into buttons' data)."""
    return [str(n.get("id")) for n in nodes(card, skip=("data",)) if _is_input(n)]


def inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every input element with an id, anywhere in the card (ShowCards included), by id."""
    return {n["id"]: n for n in nodes(card) if _is_input(n) and "id" in n}


def body_inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The input elements placed directly in the card's body (not in containers nor ShowCards), by id."""
    return {i["id"]: i for i in card["body"] if _is_input(i)}


def input_values(card: dict[str, Any]) -> dict[str, str]:
    """Every input's id and current value as Teams submits them with a card-level button: not the inputs inside
    ShowCard cards (nor actions), a missing value as ""."""
    return {n["id"]: "" if n.get("value") is None else str(n.get("value"))
            for n in nodes(card, skip=("actions", "data", "card")) if _is_input(n)}


# --- buttons and links ----------------------------------------------------------------------------------------
def actions(card: Any) -> Iterator[dict[str, Any]]:
    """Every action of a card: card actions, ActionSets, and those inside ShowCard cards."""
    return (n for n in nodes(card, skip=("data",)) if str(n.get("type", "")).startswith("Action."))


def submit_data(card: dict[str, Any], action: str) -> dict[str, Any]:
    """A copy of the `data` of the card's first Action.Submit whose data has this `action` (searching nested action
    sets and ShowCards too); fails the test when there is none."""
    found = [dict(n["data"]) for n in nodes(card)
             if n.get("type") == "Action.Submit" and isinstance(n.get("data"), dict) and n["data"].get("action") == action]
    assert found, f"no {action} button on the card: {json.dumps(card, ensure_ascii=False)[:400]}"
    return found[0]


def open_urls(cards: Iterable[dict[str, Any]]) -> list[str]:
    """The urls of every Action.OpenUrl in these cards, in order."""
    return [str(n["url"]) for card in cards for n in nodes(card) if n.get("type") == "Action.OpenUrl"]


# --- texts ----------------------------------------------------------------------------------------------------
def card_text(card: dict[str, Any]) -> str:
    """Every string `text`, `title` and `value` anywhere in the card (buttons and inputs too), one per line."""
    return "\n".join(n[key] for n in nodes(card) for key in ("text", "title", "value") if isinstance(n.get(key), str))


def text_and_facts(card: dict[str, Any]) -> str:
    """What a reader sees as text: every TextBlock's text and every FactSet fact as "title: value", one per line
    (not looking into buttons' data)."""
    lines: list[str] = []
    for n in nodes(card, skip=("data",)):
        if n.get("type") == "TextBlock":
            lines.append(str(n["text"]))
        if n.get("type") == "FactSet":
            lines.extend(f"{f['title']}: {f['value']}" for f in n["facts"])
    return "\n".join(lines)


def facts(card: dict[str, Any]) -> dict[str, str]:
    """The FactSets of the card's body as {title: value} (not those inside ShowCards of card-level actions)."""
    return {f["title"]: f["value"] for n in nodes(card.get("body")) if n.get("type") == "FactSet" for f in n["facts"]}
