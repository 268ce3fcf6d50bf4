"""Texts of the bot in Russian (default), Kazakh and English. `text()` finds a key and fills placeholders."""

from __future__ import annotations

import logging
from types import ModuleType

from cards.texts import (
    appointments,
    charts,
    core,
    deadlines,
    gradesheets,
    hours,
    integration_map,
    integration_map_changes,
    proctoring,
    questions,
    sessions,
    summary,
    support,
    training,
)
from tutoring.locale import DEFAULT_LANG, Lang

log = logging.getLogger(__name__)

FEATURE_TEXTS: tuple[ModuleType, ...] = (core, questions, sessions, hours, summary, integration_map, appointments,
                                         gradesheets, proctoring, charts, deadlines, integration_map_changes,
                                         support, training)
TEXTS: dict[str, dict[Lang, str]] = {}
for _module in FEATURE_TEXTS:
    _clash = TEXTS.keys() & _module.TEXTS.keys()
    if _clash:
        raise ValueError(f"text keys defined twice: {sorted(_clash)}")
    TEXTS.update(_module.TEXTS)


def text(lang: Lang, key: str, **values: object) -> str:
    """The text of `key` in `lang`. Every key has all three languages (tests/unit/test_texts_catalogue.py); were one
    missing in production, the person still gets an answer in Russian and the log says which key to fix."""
    entry = TEXTS[key]
    template = entry.get(lang)
    if not template:
        log.error("text %r has no %s version; answering in %s", key, lang, DEFAULT_LANG)
        template = entry[DEFAULT_LANG]
    return template.format(**values) if values else template
