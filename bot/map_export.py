"""CLI of the integration map: `python -m bot export map COURSE -o file.docx`.

    python -m bot export map MGT2101 -o map.docx               # the approved version, else the latest, else the draft
    python -m bot export map MGT2101 --version 2 -o map-v2.docx
    python -m bot export map MGT2101 --draft -o draft.docx       # the working draft as it is now

The DOCX is laid out as Appendix 1 of П-УОО-04, in the course's language (Russian by default); the same
builder serves the "Download DOCX" button in Teams (cards/integration_map_docx.py).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.settings import Settings
from tutoring.clock import SystemClock, local_today

if TYPE_CHECKING:
    from storage import UnitOfWork
    from tutoring.integration_map import MapDocument


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:  # pyright: ignore[reportPrivateUsage]
    """Add `map` under `export` (which the hours feature may have created already: then join it)."""
    export = commands.choices.get("export") or commands.add_parser("export", help="export documents and data")
    what = next(
        (a for a in export._actions if isinstance(a, argparse._SubParsersAction)),  # pyright: ignore[reportPrivateUsage]
        None,
    ) or export.add_subparsers(dest="what", required=True)
    parser = what.add_parser("map", help="the SPOC/MOOC integration map of a course (Appendix 1), as DOCX")
    parser.add_argument("course", help="course code, e.g. MGT2101")
    parser.add_argument("--semester", help="the offering's semester, e.g. 2026-fall (default: the current one)")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--version", type=int, help="this submitted version (default: the approved one, else the "
                       "latest one, else the draft)")
    which.add_argument("--draft", action="store_true", help="the working draft as it is now")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the .docx file to write")


def wants(args: argparse.Namespace) -> bool:
    return args.command == "export" and getattr(args, "what", None) == "map"


def run(settings: Settings, args: argparse.Namespace) -> int:
    found = asyncio.run(_load(settings, args))
    if isinstance(found, str):
        print(found, file=sys.stderr)
        return 1
    from cards.integration_map_docx import render_map_docx

    output: Path = args.output
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(render_map_docx(found, now=dt.datetime.now(dt.UTC)))
    which = f"version {found.version} ({found.state.value})" if found.version else "draft"
    if not found.version and found.latest_version:  # not "not submitted": the map has versions
        which += f" after version {found.latest_version} ({found.latest_state.value})"
    print(f"wrote {output}: integration map of {found.facts.code}, {which}, language {found.lang}")
    return 0


async def _load(settings: Settings, args: argparse.Namespace) -> MapDocument | str:
    from storage import Database

    database = Database(settings.database_url)
    try:
        await database.migrate()
        async with database.unit_of_work() as uow:
            return await _document(uow, args.course, args.semester, version=args.version, draft=args.draft)
    finally:
        await database.close()


async def _document(uow: UnitOfWork, code: str, semester: str | None, *, version: int | None,
                    draft: bool) -> MapDocument | str:
    """The document to write, or why there is none."""
    offerings = await uow.maps.offerings_of(code)
    if not offerings:
        return f"no course {code!r} in the roster"
    if semester is not None:
        course = next((c for c in offerings if c.semester == semester), None)
        if course is None:
            return f"no course {code!r} in semester {semester!r} (it has {', '.join(c.semester for c in offerings)})"
    else:
        current = await uow.people.current_semester(local_today(SystemClock()))
        course = next((c for c in offerings if c.semester == current), offerings[-1])
    map_ = await uow.maps.of_course(course.id)
    if map_ is None:
        return f"{course.code} has no integration map yet: its tutor starts one with `map` in Teams"
    document = await uow.maps.document(course, 0 if draft else version)
    if document is None:
        return f"{course.code} has no version {version} (latest: {map_.latest_version})"
    return document
