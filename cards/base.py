"""Adaptive Card skeleton. Version 1.5 is the newest Teams renders on every client, phones included."""

from __future__ import annotations

from collections.abc import Mapping
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


FILE_CONSENT = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO = "application/vnd.microsoft.teams.card.file.info"


def file_consent(*, name: str, size: int, description: str, context: Json) -> Json:
    """Teams' file consent card: accepting sends `fileConsent/invoke` with `context` back, and where to upload."""
    return {
        "contentType": FILE_CONSENT,
        "name": name,
        "content": {
            "description": description,
            "sizeInBytes": size,
            "acceptContext": context,
            "declineContext": context,
        },
    }


def file_info(upload: Mapping[str, object], file_type: str) -> Json:
    """The file card shown after the upload (from the `uploadInfo` Teams gave)."""
    return {
        "contentType": FILE_INFO,
        "contentUrl": str(upload.get("contentUrl") or ""),
        "name": str(upload.get("name") or ""),
        "content": {"uniqueId": str(upload.get("uniqueId") or ""),
                    "fileType": str(upload.get("fileType") or file_type)},
    }
