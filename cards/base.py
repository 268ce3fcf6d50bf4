"""Adaptive Card skeleton. Version 1.5 is the newest Teams renders on every client, phones included."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

CARD_VERSION = "1.5"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"

Json = dict[str, Any]


# Markdown that TextBlocks and FactSet values render in Teams: emphasis, code, links (brackets) anywhere; headings,
# quotes, list items and rules at the start of a line.
_INLINE_MARKDOWN = re.compile(r"([\\`*_~\[\]])")
_LINE_MARKDOWN = re.compile(r"^([ \t]*)(#{1,6}|>|[-+=]+|\d{1,9}[.)])(?=[ \t]|$)", re.MULTILINE)


def plain(value: str) -> str:
    """A person's text (a question, an answer, a note, a map field, a title, a name) for a TextBlock or a FactSet
    value: shown as typed, never as markdown, so `**bold** [link](…)` cannot hide a link in someone else's card."""
    escaped = _INLINE_MARKDOWN.sub(r"\\\1", value)

    def line_start(match: re.Match[str]) -> str:
        indent, marker = match.group(1), match.group(2)
        if marker[0].isdigit():  # "1." -> "1\.": the number stays a number, not a list item
            return f"{indent}{marker[:-1]}\\{marker[-1]}"
        return f"{indent}\\{marker}"

    return _LINE_MARKDOWN.sub(line_start, escaped)


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


def code_choices(pairs: Iterable[tuple[str, str]]) -> list[Json]:
    """An Input.ChoiceSet's choices for things known by a code (courses, schools): (code, name) shown as
    "MGT2101 — Основы менеджмента", the code sent back."""
    return [{"title": f"{code} — {name}", "value": code} for code, name in pairs]


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
