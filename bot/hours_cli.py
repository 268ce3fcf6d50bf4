"""CLI of the hours feature: `export hours` (XLSX for load accounting) and `norms` (per-semester configuration).

    python -m bot export hours [--school SOM] [--semester 2026-fall] [--lang ru] -o hours.xlsx
    python -m bot norms show [--semester 2026-fall]
    python -m bot norms set --semester 2026-fall --category sessions --hours 8 [--by EMAIL] [--force]
    python -m bot norms set --semester 2026-fall --category documentation --hours none
    python -m bot norms import norms.csv [--by EMAIL] [--force]     # columns: semester, category, hours

A semester whose last exam date has passed is "past": its norms are what its figures were computed with, so
changing them needs `--force`. A semester's norms are frozen (the defaults copied into it) the first time it is
used, so a later change of the defaults does not rewrite it either.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from bot.settings import Settings
from tutoring.clock import SystemClock, local_today
from tutoring.norms import Category, category_label
from tutoring.progress import QUARTER

if TYPE_CHECKING:
    from storage import Database


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:  # pyright: ignore[reportPrivateUsage]
    export = commands.add_parser("export", help="export data for load accounting")
    what = export.add_subparsers(dest="what", required=True)
    hours = what.add_parser("hours", help="the hours ledger against the Section 7 norms, as XLSX")
    hours.add_argument("--school", help="school code (default: all schools)")
    hours.add_argument("--semester", help="semester, e.g. 2026-fall, or `all` (default: the current one)")
    hours.add_argument("--lang", choices=("ru", "kk", "en"), default="ru", help="language of the sheet (ru)")
    hours.add_argument("-o", "--output", type=Path, required=True, help="the .xlsx file to write")

    norms = commands.add_parser("norms", help="Section 7 norms per semester (configuration)")
    verb = norms.add_subparsers(dest="verb", required=True)
    show = verb.add_parser("show", help="print the norms in force")
    show.add_argument("--semester", help="one semester (default: every semester that has stored norms)")
    put = verb.add_parser("set", help="set one category's norm for a semester")
    put.add_argument("--semester", required=True)
    put.add_argument("--category", required=True, choices=[c.value for c in Category])
    put.add_argument("--hours", required=True, help='hours (steps of 0.25), or "none" for no norm')
    put.add_argument("--by", default="cli", help="who sets it (recorded)")
    put.add_argument("--force", action="store_true", help="allow changing a past semester")
    load = verb.add_parser("import", help="set norms from a CSV file: semester, category, hours")
    load.add_argument("file", type=Path)
    load.add_argument("--by", default="cli")
    load.add_argument("--force", action="store_true", help="allow changing past semesters")


async def run(settings: Settings, args: argparse.Namespace) -> int:
    from storage import Database  # imported here: the CLI's other commands need not load the storage layer

    database = Database(settings.database_url)
    try:
        await database.migrate()
        if args.command == "export":
            return await _export_hours(database, args)
        if args.verb == "show":
            return await _norms_show(database, args.semester)
        if args.verb == "set":
            return await _norms_set(database, [(args.semester, args.category, args.hours, "--hours")], args.by,
                                    args.force)
        return await _norms_import(database, args.file, args.by, args.force)
    finally:
        await database.close()


async def _export_hours(database: Database, args: argparse.Namespace) -> int:
    from dialogs.hours import UnknownSchool, collect_hours_export

    today = local_today(SystemClock())
    async with database.unit_of_work() as uow:
        semester: str | None = args.semester
        known = await uow.people.semesters()
        if semester is None:
            semester = await uow.people.current_semester(today)
        elif semester.lower() == "all":
            semester = None
        elif semester not in known:
            print(f"unknown semester {semester!r} (known: {', '.join(known) or 'none'})", file=sys.stderr)
            return 1
        try:
            result = await collect_hours_export(uow, school=args.school, semester=semester, today=today,
                                                lang=args.lang)
        except UnknownSchool:
            print(f"unknown school {args.school!r}", file=sys.stderr)
            return 1
    output: Path = args.output
    await asyncio.to_thread(_write, output, result.content)
    print(f"{output}: {result.rows} tutor × course row(s), {result.entries} ledger entr(ies); scope {result.scope}")
    return 0


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _parse_norm(raw: str) -> Decimal | str | None:
    """A norm value, or an error message."""
    value = raw.strip().lower()
    if value in {"none", "-", ""}:
        return None
    try:
        hours = Decimal(value.replace(",", "."))
    except InvalidOperation:
        return f"{raw!r} is not a number of hours (or 'none')"
    if not hours.is_finite() or hours < 0 or hours > 999 or hours % QUARTER != 0:
        return f"{raw!r}: hours must be 0..999 in steps of 0.25"
    return hours


async def _norms_set(
    database: Database, rows: list[tuple[str, str, str, str]], by: str, force: bool
) -> int:
    """rows: (semester, category, hours text, where) — all applied or none."""
    clock = SystemClock()
    today = local_today(clock)
    problems: list[str] = []
    parsed: list[tuple[str, Category, Decimal | None]] = []
    async with database.unit_of_work() as uow:
        ends = await uow.hours.semester_ends()
        for semester, category_text, hours_text, where in rows:
            semester = semester.strip()
            try:
                category = Category(category_text.strip().lower())
            except ValueError:
                problems.append(f"{where}: category {category_text!r} is not one of "
                                f"{', '.join(c.value for c in Category)}")
                continue
            hours = _parse_norm(hours_text)
            if isinstance(hours, str):
                problems.append(f"{where}: {hours}")
                continue
            if not semester:
                problems.append(f"{where}: semester is empty")
                continue
            end = ends.get(semester)
            if end is not None and end < today and not force:
                problems.append(f"{where}: {semester} is a past semester (last exam {end.isoformat()}); "
                                "its norms stay as they were (use --force to change them anyway)")
                continue
            parsed.append((semester, category, hours))
        if problems:
            for problem in problems:
                print(problem, file=sys.stderr)
            print("norms not changed", file=sys.stderr)
            return 1
        for semester, category, hours in parsed:
            previous = await uow.hours.set_norm(semester, category, hours, by=by, now=clock.now())
            print(f"{semester} {category.value}: {_show(previous)} -> {_show(hours)}")
    return 0


async def _norms_import(database: Database, file: Path, by: str, force: bool) -> int:
    try:
        content = await asyncio.to_thread(file.read_text, encoding="utf-8-sig")
    except OSError as error:
        print(f"{file}: {error}", file=sys.stderr)
        return 1
    reader = csv.DictReader(io.StringIO(content))
    columns = {c.strip().lower() for c in reader.fieldnames or []}
    if not {"semester", "category", "hours"} <= columns:
        print(f"{file.name}:1: columns semester, category, hours are required", file=sys.stderr)
        return 1
    rows: list[tuple[str, str, str, str]] = []
    for row in reader:
        values = {k.strip().lower(): (v or "") for k, v in row.items() if k}
        rows.append((values["semester"], values["category"], values["hours"], f"{file.name}:{reader.line_num}"))
    return await _norms_set(database, rows, by, force)


async def _norms_show(database: Database, semester: str | None) -> int:
    async with database.unit_of_work() as uow:
        semesters = [semester] if semester else sorted({n.semester for n in await uow.hours.stored_norms()})
        if not semesters:
            print("no semester has stored norms yet; the defaults apply:")
            semesters = ["(defaults)"]
        for name in semesters:
            norms = await uow.hours.norms_with_source(name)
            print(name)
            for category, (hours, set_by) in norms.items():
                print(f"  {category.value:<18} {_show(hours):>6}  {category_label(category, 'en')}  [{set_by}]")
    return 0


def _show(hours: Decimal | None) -> str:
    return "none" if hours is None else f"{hours.normalize():f}"
