"""Texts of the bot in Russian (default), Kazakh and English. `text()` finds a key and fills placeholders.

The catalogue is data: one TOML file a feature under cards/texts/ (`["<feature>.<key>"]` with `ru`, `kk`, `en`),
so a translator edits wording without touching code and a new feature's file is found without registering it.
"""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

from tutoring.locale import DEFAULT_LANG, Lang

log = logging.getLogger(__name__)

CATALOGUE = Path(__file__).with_name("texts")


def feature_texts(feature: str) -> dict[str, dict[Lang, str]]:
    """The texts of one feature's file, as written (tests check each file on its own)."""
    with (CATALOGUE / f"{feature}.toml").open("rb") as file:
        return tomllib.load(file)


FEATURES: tuple[str, ...] = tuple(sorted(path.stem for path in CATALOGUE.glob("*.toml")))
TEXTS: dict[str, dict[Lang, str]] = {}
for _feature in FEATURES:
    _texts = feature_texts(_feature)
    _clash = TEXTS.keys() & _texts.keys()
    if _clash:
        raise ValueError(f"text keys defined twice: {sorted(_clash)}")
    TEXTS.update(_texts)


def text(lang: Lang, key: str, **values: object) -> str:
    """The text of `key` in `lang`. Every key has all three languages (tests/unit/test_texts_catalogue.py); were one
    missing in production, the person still gets an answer in Russian and the log says which key to fix."""
    entry = TEXTS[key]
    template = entry.get(lang)
    if not template:
        log.error("text %r has no %s version; answering in %s", key, lang, DEFAULT_LANG)
        template = entry[DEFAULT_LANG]
    return template.format(**values) if values else template
