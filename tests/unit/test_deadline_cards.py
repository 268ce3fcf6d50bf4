"""The tutor's `deadlines` card stays under Teams' 28 KB message limit whatever the course holds: 150 students, each
behind on many pieces of work, names and titles as long as the roster allows (bench/deadlines_card.py measures the
real path)."""

from __future__ import annotations

import datetime as dt
import json

from cards.deadlines import MAX_STUDENTS, BehindRow, Work, tutor_card
from cards.i18n import text
from tests.support.cards import nodes

TEAMS_LIMIT = 28 * 1024
NOW = dt.datetime(2026, 11, 25, 5, 0, tzinfo=dt.UTC)


def test_150_students_with_the_longest_names_and_titles_fit_one_card() -> None:
    works = [Work("Ж" * 300, NOW + dt.timedelta(days=d), d < 0) for d in range(-5, 5)]
    rows = [BehindRow(i, "Щ" * 300, works, reminded=False) for i in range(150)]
    for lang in ("ru", "kk", "en"):
        card = tutor_card(lang, "К" * 365, 1, rows)
        size = len(json.dumps(card, ensure_ascii=False).encode())
        assert size < TEAMS_LIMIT, (lang, size)
        buttons = [n["data"] for n in nodes(card) if n.get("type") == "Action.Submit"]
        assert len(buttons) == MAX_STUDENTS + 1  # a Remind per line shown, and Remind all
        assert buttons[-1] == {"action": "deadlines.remind_all", "course": 1}
        assert text(lang, "deadlines.tutor.more", count=150 - MAX_STUDENTS) in json.dumps(card, ensure_ascii=False)
