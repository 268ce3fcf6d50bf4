"""The text catalogue: every key of every feature speaks ru, kk and en with the same placeholders."""

from __future__ import annotations

import datetime as dt
import logging
import string
from decimal import Decimal

import pytest

from cards.formats import fmt_date, fmt_day_month, fmt_hours, fmt_number, fmt_when
from cards.i18n import CATALOGUE, FEATURES, TEXTS, feature_texts, text
from tutoring.locale import Lang

LANGS: tuple[Lang, ...] = ("ru", "kk", "en")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_feature_file_is_in_the_catalogue() -> None:
    files = {path.stem for path in CATALOGUE.iterdir() if path.is_file()}
    assert files == set(FEATURES) and {"core", "questions", "sessions", "hours", "summary"} <= files
    for feature in FEATURES:
        assert feature_texts(feature).keys() <= TEXTS.keys(), feature


@pytest.mark.parametrize("feature", FEATURES)
def test_every_key_speaks_three_languages_with_the_same_placeholders(feature: str) -> None:
    missing: list[tuple[str, list[str]]] = []
    differing: list[tuple[str, dict[str, set[str]]]] = []
    for key, entry in feature_texts(feature).items():
        if set(entry) != set(LANGS) or not all(isinstance(v, str) and v.strip() for v in entry.values()):
            missing.append((key, sorted(entry)))
            continue
        shapes = {lang: placeholders(entry[lang]) for lang in LANGS}
        if len({frozenset(v) for v in shapes.values()}) > 1:
            differing.append((key, shapes))
    assert missing == [] and differing == []


def test_feature_keys_carry_their_feature_name() -> None:
    """`questions.sent.title` lives in questions.toml, `appoint.…` in appointments.toml: a key says its file."""
    misplaced = [(feature, key) for feature in FEATURES if feature != "core"
                 for key in feature_texts(feature) if not feature.startswith(key.split(".")[0])]
    assert misplaced == []


def test_a_missing_language_is_logged_not_silent(caplog: pytest.LogCaptureFixture) -> None:
    TEXTS["test.only_russian"] = {"ru": "Только {x}"}
    try:
        with caplog.at_level(logging.ERROR, logger="cards.i18n"):
            assert text("kk", "test.only_russian", x=1) == "Только 1"  # the person still gets an answer
        assert "test.only_russian" in caplog.text and "kk" in caplog.text
    finally:
        del TEXTS["test.only_russian"]


def test_one_formatter_in_three_languages() -> None:
    day = dt.date(2026, 9, 1)
    assert [fmt_date(day, lang) for lang in LANGS] == ["01.09.2026", "01.09.2026", "2026-09-01"]
    assert fmt_day_month(day, "ru") == "01.09"
    moment = dt.datetime(2026, 9, 1, 4, 30, tzinfo=dt.UTC)  # 09:30 in Almaty
    assert fmt_when(moment, "ru") == "01.09.2026 09:30" and fmt_when(moment, "en") == "2026-09-01 09:30"
    assert [fmt_hours(Decimal("1.5"), lang) for lang in LANGS] == ["1,5", "1,5", "1.5"]
    assert fmt_hours(Decimal(4), "ru") == "4" and fmt_hours(Decimal("0.25"), "en") == "0.25"
    assert fmt_number(Decimal("2.125"), "ru", places=4) == "2,125" and fmt_number(None, "ru") == ""
