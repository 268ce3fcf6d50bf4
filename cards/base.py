"""Adaptive Card skeleton. Version 1.5 is the newest Teams renders on every client, phones included."""

from __future__ import annotations

from typing import Any

CARD_VERSION = "1.5"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"

Json = dict[str, Any]


def adaptive_card(body: list[Json], actions: list[Json] | None = None) -> Json:
    card: Json = {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": CARD_VERSION,
        "body": body,
        # Full width reads better in Teams chat, on phones too.
        "msteams": {"width": "Full"},
    }
    if actions:
        card["actions"] = actions
    return card


def title(text: str) -> Json:
    return {"type": "TextBlock", "text": text, "weight": "Bolder", "size": "Medium", "wrap": True}


def paragraph(text: str, *, subtle: bool = False) -> Json:
    block: Json = {"type": "TextBlock", "text": text, "wrap": True}
    if subtle:
        block["isSubtle"] = True
    return block


def command_button(label: str, command: str) -> Json:
    """A button that sends the command as if typed (imBack): works the same in chat, channel and on a phone."""
    return {"type": "Action.Submit", "title": label, "data": {"msteams": {"type": "imBack", "value": command}}}
