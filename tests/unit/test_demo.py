"""The demo roster holds today: on a day outside its fall 2026 semester it moves by whole weeks."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from bot.demo import DEMO_ROSTER, demo_shift, write_shifted
from bot.roster_import import read_roster_dir
from tutoring.roster import parse_roster


def courses(directory: Path) -> list[dict[str, str]]:
    with (directory / "courses.csv").open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def test_inside_the_semester_nothing_moves() -> None:
    assert demo_shift(dt.date(2026, 11, 29)) == dt.timedelta(0)
    assert demo_shift(dt.date(2026, 9, 1)) == dt.timedelta(0)
    assert demo_shift(dt.date(2026, 12, 28)) == dt.timedelta(0)


def test_after_the_semester_the_demo_moves_to_hold_today(tmp_path: Path) -> None:
    today = dt.date(2027, 3, 3)
    shift = demo_shift(today)
    assert shift.days % 7 == 0 and shift.days > 0
    write_shifted(shift, tmp_path)
    original, moved = courses(DEMO_ROSTER), courses(tmp_path)
    for before, after in zip(original, moved, strict=True):
        start, rk1, rk2 = (dt.date.fromisoformat(after[c]) for c in ("start_date", "rk1_date", "rk2_date"))
        assert rk1 < today < rk2, after
        assert start.weekday() == dt.date.fromisoformat(before["start_date"]).weekday()
        assert rk1.weekday() == 5  # RK1 stays on a Saturday
        assert after["semester"] == "2027-spring"
        assert after["code"] == before["code"] and after["mooc_url"] == before["mooc_url"]
    assert "2026-08-27" not in (tmp_path / "tutors.csv").read_text(encoding="utf-8")
    files, problems = read_roster_dir(tmp_path)
    assert problems == []
    _roster, parse_problems = parse_roster(files)
    assert parse_problems == []


def test_before_the_semester_the_demo_moves_back(tmp_path: Path) -> None:
    today = dt.date(2026, 5, 4)
    shift = demo_shift(today)
    assert shift.days < 0
    [first, *_] = courses(write_shifted(shift, tmp_path))
    assert dt.date.fromisoformat(first["start_date"]) <= today <= dt.date.fromisoformat(first["exam_date"])
