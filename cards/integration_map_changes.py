"""Syllabus updates on cards (7.4): a new version of an approved map, week by week against the approved one, for
its reviewers and its students. Pure: data in, text and card blocks out."""

from __future__ import annotations

import datetime as dt

from cards.base import Json, plain
from cards.formats import fmt_day_month
from cards.i18n import text
from tutoring.integration_map import WeekChange, WeekChangeKind
from tutoring.locale import Lang
from tutoring.regulation_calendar import week_dates

KEY = "integration_map."


def change_line(lang: Lang, change: WeekChange, start: dt.date) -> str:
    """One week's change with the week's dates (a person's topics shown as text, not markdown)."""
    first, last = week_dates(start, change.week)
    dates = f"{fmt_day_month(first, lang)}–{fmt_day_month(last, lang)}"
    values: dict[str, object] = {"n": change.week, "dates": dates, "old": plain(change.old), "new": plain(change.new)}
    if change.kind is WeekChangeKind.MOVED:
        values["m"] = change.moved_from or 0
    return text(lang, KEY + f"change.{change.kind.value}", **values)


def changes_blocks(lang: Lang, *, since: int, note: str | None, changes: list[WeekChange],
                   start: dt.date) -> list[Json]:
    """The reviewer's view of an update: the tutor's note and what changed in which week."""
    blocks: list[Json] = [
        {"type": "TextBlock", "text": text(lang, KEY + "changes.title", n=since), "weight": "Bolder", "wrap": True,
         "separator": True},
    ]
    if note:
        blocks.append({"type": "FactSet", "facts": [{"title": text(lang, KEY + "fact.note"), "value": plain(note)}]})
    lines = [change_line(lang, c, start) for c in changes] or [text(lang, KEY + "changes.none")]
    blocks += [{"type": "TextBlock", "text": line, "wrap": True, "spacing": "Small"} for line in lines]
    return blocks


def students_message(lang: Lang, *, code: str, name: str, note: str, changes: list[WeekChange],
                     start: dt.date) -> str:
    """What the course's students are told once the update is approved: the note, then the weeks ahead."""
    head = text(lang, KEY + "notify.syllabus", code=code, name=name, note=plain(note))
    return "\n".join([head, *(f"• {change_line(lang, c, start)}" for c in changes)])
