"""Texts of the bot in Russian (default), Kazakh and English. `text()` finds a key and fills placeholders."""

from __future__ import annotations

from cards.texts import (
    appointments,
    core,
    gradesheets,
    hours,
    integration_map,
    proctoring,
    questions,
    sessions,
    summary,
)
from tutoring.locale import Lang

TEXTS: dict[str, dict[Lang, str]] = {}
for _module in (core, questions, sessions, hours, summary, integration_map, appointments, gradesheets,
                proctoring):
    _clash = TEXTS.keys() & _module.TEXTS.keys()
    if _clash:
        raise ValueError(f"text keys defined twice: {sorted(_clash)}")
    TEXTS.update(_module.TEXTS)


def text(lang: Lang, key: str, **values: object) -> str:
    entry = TEXTS[key]
    template = entry.get(lang) or entry["ru"]
    return template.format(**values) if values else template
