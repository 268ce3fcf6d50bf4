"""The bot's wording, taken from its catalogue, so tests survive a copy edit.

`shows(shown, lang, key, **known)` says whether `shown` holds the text of `key`, with the placeholders a test
knows filled in and the others matching anything on one line (a deadline, a course's title, a date).
"""

from __future__ import annotations

import re
from string import Formatter

from cards.i18n import TEXTS, text
from tutoring.locale import Lang


def pattern(lang: Lang, key: str, **known: object) -> re.Pattern[str]:
    parts: list[str] = []
    for literal, field, spec, _ in Formatter().parse(TEXTS[key][lang]):
        parts.append(re.escape(literal))
        if field is None:
            continue
        if field in known:
            parts.append(re.escape(format(known[field], spec or "")))
        else:
            parts.append(r"[^\n]+?")
    return re.compile("".join(parts))


def shows(shown: str, lang: Lang, key: str, **known: object) -> bool:
    """Whether `shown` says the text of `key` in `lang` (unknown placeholders match anything on one line)."""
    return pattern(lang, key, **known).search(shown) is not None


def ru(key: str, **values: object) -> str:
    """The whole Russian text of `key`, every placeholder given."""
    return text("ru", key, **values)
