"""Languages the bot speaks. Teams sends a BCP-47 locale; Russian is the default (the university's working language)."""

from __future__ import annotations

from typing import Literal

Lang = Literal["ru", "kk", "en"]
DEFAULT_LANG: Lang = "ru"


def lang_from_locale(locale: str | None) -> Lang:
    if not locale:
        return DEFAULT_LANG
    prefix = locale.replace("_", "-").split("-")[0].strip().lower()
    if prefix == "en":
        return "en"
    if prefix in {"kk", "kz"}:
        return "kk"
    return DEFAULT_LANG
