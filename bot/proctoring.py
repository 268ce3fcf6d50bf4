"""`POST /api/proctoring` and `import-proctoring FILE` (CONTRACT §9): proctoring reports in, all or nothing."""

from __future__ import annotations

import asyncio
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from dialogs.proctoring import receive
from storage import Database
from tutoring.clock import Clock
from tutoring.proctoring import ProctoringRecord, parse_record

MAX_BODY = 1024 * 1024


def add_routes(app: web.Application, *, api_key: str, database: Database, clock: Clock,
               kick: Callable[[], None]) -> None:
    async def reports(request: web.Request) -> web.Response:
        if not api_key:  # not configured: the endpoint does not exist
            return web.json_response({"error": "not found"}, status=404)
        given = request.headers.get("X-Api-Key", "")
        if not hmac.compare_digest(given.encode(), api_key.encode()):  # constant time: no timing oracle
            return web.json_response({"error": "unauthorized"}, status=401)
        try:
            raw = json.loads(await request.read())
        except (ValueError, UnicodeDecodeError):
            return web.json_response({"error": "body: malformed JSON"}, status=400)
        except web.HTTPRequestEntityTooLarge:
            return web.json_response({"error": "body: too large"}, status=413)
        record, problems = parse_record(raw)
        if record is None:
            return web.json_response({"error": problems[0], "problems": problems}, status=400)
        async with database.unit_of_work() as uow:
            problem = await receive(uow, record, clock.now())
        if problem is not None:
            return web.json_response({"error": problem}, status=400)
        kick()
        return web.json_response({"status": "ok", "session_id": record.session_id})

    app.router.add_post("/api/proctoring", reports)


@dataclass
class ImportOutcome:
    problems: list[str]
    imported: int = 0


class _Rejected(Exception):
    pass


async def import_reports(database: Database, path: Path, clock: Clock) -> ImportOutcome:
    """JSON lines, one report each; a bad line anywhere: nothing is stored, every bad line is named."""
    try:
        lines = (await asyncio.to_thread(path.read_text, encoding="utf-8")).splitlines()
    except (OSError, UnicodeDecodeError) as error:
        return ImportOutcome([f"{path}: cannot be read as UTF-8 text ({type(error).__name__})"])
    records: list[tuple[int, ProctoringRecord]] = []
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except ValueError:
            problems.append(f"{path.name}:{number}: not a JSON object")
            continue
        record, found = parse_record(raw)
        problems += [f"{path.name}:{number}: {p}" for p in found]
        if record is not None:
            records.append((number, record))
    outcome = ImportOutcome(problems)
    try:
        async with database.unit_of_work() as uow:
            for number, record in records:
                problem = await receive(uow, record, clock.now())
                if problem:
                    outcome.problems.append(f"{path.name}:{number}: {problem}")
            if outcome.problems:
                raise _Rejected
            outcome.imported = len(records)
    except _Rejected:
        outcome.imported = 0
    return outcome
