"""The bundled demo roster: `make run` works out of the box on an empty database.

The CSV files describe the fall semester of 2026. Run on a day outside it, the demo moves to a semester around
today (by whole weeks, so RK days keep their weekday), so a tutor trying the bot can log today's hours and
schedule the next consultation instead of meeting "the date is outside the semester"."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import tempfile
from pathlib import Path

from bot.roster_import import import_roster
from storage import Database

DEMO_ROSTER = Path(__file__).parent / "demo_roster"
DATE_COLUMNS = ("start_date", "rk1_date", "rk2_date", "exam_date")
WEEK_OF_TODAY = 9  # after RK1 (week 8), before RK2: every part of the bot has something to show
_ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
log = logging.getLogger("tutorbot.demo")


def demo_shift(today: dt.date, directory: Path = DEMO_ROSTER) -> dt.timedelta:
    """How far the demo's dates move so that `today` is inside its semester: zero when it already is."""
    with (directory / "courses.csv").open(encoding="utf-8-sig", newline="") as file:
        courses = list(csv.DictReader(file))
    start = min(dt.date.fromisoformat(c["start_date"]) for c in courses)
    end = max(dt.date.fromisoformat(c["exam_date"]) for c in courses)
    if start <= today <= end:
        return dt.timedelta(0)
    weeks = (today - start).days // 7 - (WEEK_OF_TODAY - 1)
    return dt.timedelta(weeks=weeks)


def semester_of(start: dt.date, end: dt.date) -> str:
    """Named after its middle: a semester moved to start in late December is still a spring one."""
    middle = start + (end - start) / 2
    return f"{middle.year}-{'spring' if middle.month <= 6 else 'fall'}"


def write_shifted(shift: dt.timedelta, into: Path, directory: Path = DEMO_ROSTER) -> Path:
    """A copy of the demo roster with every date moved by `shift` and the semester named after its start."""
    for source in sorted(directory.glob("*.csv")):
        content = source.read_text(encoding="utf-8-sig")
        if source.name == "courses.csv":
            content = _shift_courses(content, shift)
        else:  # dates inside text, e.g. the council decision of tutors.csv
            content = _ISO_DATE.sub(lambda m: (dt.date.fromisoformat(m.group(1)) + shift).isoformat(), content)
        (into / source.name).write_text(content, encoding="utf-8")
    return into


def _shift_courses(content: str, shift: dt.timedelta) -> str:
    reader = csv.DictReader(io.StringIO(content))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(reader.fieldnames or []), lineterminator="\n")
    writer.writeheader()
    for row in reader:
        for column in DATE_COLUMNS:
            row[column] = (dt.date.fromisoformat(row[column]) + shift).isoformat()
        row["semester"] = semester_of(dt.date.fromisoformat(row["start_date"]), dt.date.fromisoformat(row["exam_date"]))
        writer.writerow(row)
    return out.getvalue()


async def import_demo_roster_if_empty(database: Database, today: dt.date) -> bool:
    # Processes started at once on an empty database: one imports, the others find it done.
    async with database.exclusive("demo-roster-import"):
        return await _import_if_empty(database, today)


async def _import_if_empty(database: Database, today: dt.date) -> bool:
    async with database.unit_of_work() as uow:
        if not await uow.roster.is_empty():
            return False
    shift = demo_shift(today)
    with tempfile.TemporaryDirectory(prefix="tutorbot-demo-") as tmp:
        source = write_shifted(shift, Path(tmp)) if shift else DEMO_ROSTER
        result = await import_roster(database, source, today=today)
    if not result.ok:
        raise RuntimeError("the bundled demo roster is invalid: " + "; ".join(map(str, result.problems)))
    moved = f", dates moved by {shift.days // 7} weeks to hold today" if shift else ""
    log.info("database was empty: imported the bundled demo roster (%d rows) from %s%s",
             result.counts.created, DEMO_ROSTER, moved)
    return True
