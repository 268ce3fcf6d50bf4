"""The one formatter of dates, times, numbers and hours shown to people, through Babel, in ru / kk / en.

Russian and Kazakh write 01.09.2026 and 1,5; English writes 2026-09-01 and 1.5. Moments are aware UTC and are
shown in Asia/Almaty. Error messages and cards use the same functions, so a date reads the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from tutoring.clock import to_local
from tutoring.locale import Lang

_DATE: dict[Lang, str] = {"ru": "dd.MM.yyyy", "kk": "dd.MM.yyyy", "en": "yyyy-MM-dd"}
_DAY_MONTH = "dd.MM"  # a week's span on a card or in the document: 01.09–07.09
_TIME = "HH:mm"


def fmt_date(day: dt.date, lang: Lang) -> str:
    return format_date(day, _DATE[lang], locale=lang)


def fmt_day_month(day: dt.date, lang: Lang) -> str:
    return format_date(day, _DAY_MONTH, locale=lang)


def fmt_when(moment: dt.datetime, lang: Lang) -> str:
    """A stored moment as the Almaty date and time: 01.09.2026 09:30."""
    local = to_local(moment)
    return f"{fmt_date(local.date(), lang)} {format_time(local.time(), _TIME, locale=lang)}"


def fmt_number(value: Decimal | int | None, lang: Lang, *, places: int = 2) -> str:
    """4 -> "4", 1.5 -> "1,5" (ru, kk) / "1.5" (en), at most `places` decimals; nothing for no value."""
    if value is None:
        return ""
    return format_decimal(Decimal(value), format="#,##0." + "#" * places, locale=lang)


def fmt_hours(value: Decimal, lang: Lang) -> str:
    """Hours as the ledger keeps them (hundredths)."""
    return fmt_number(value, lang, places=2)
