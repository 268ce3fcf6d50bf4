"""`import-roster DIR`: read the AIS CSV export, validate every row, apply all or nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from bot.deadlines_import import apply_assignments, check_assignments, read_assignments
from dialogs.integration_map import calendar_changed
from dialogs.questions import hand_over
from storage import Database
from storage.roster import ImportCounts, RosterChange, RosterRejected
from tutoring.deadlines import ASSIGNMENTS_FILE
from tutoring.roster import ROSTER_FILES, RosterProblem, Where, parse_roster


@dataclass
class ImportResult:
    problems: list[RosterProblem] = field(default_factory=lambda: [])
    counts: ImportCounts = field(default_factory=ImportCounts)
    files: list[str] = field(default_factory=lambda: [])
    changes: list[RosterChange] = field(default_factory=lambda: [])
    losses: list[str] = field(default_factory=lambda: [])  # refused without --yes: a term would lose too much
    applied: bool = False  # written to the database (not a dry run, not refused)
    handed_over: set[int] = field(default_factory=lambda: set())

    @property
    def ok(self) -> bool:
        return not self.problems and not (self.losses and not self.applied)


class _RollBack(Exception):
    """Leaves the unit of work without committing (a dry run, or losses without --yes)."""


def read_roster_dir(directory: Path) -> tuple[dict[str, str], list[RosterProblem]]:
    files: dict[str, str] = {}
    problems: list[RosterProblem] = []
    if not directory.is_dir():
        return files, [RosterProblem(Where(str(directory), 0), "not a folder")]
    for name in ROSTER_FILES:
        path = directory / name
        if path.is_file():
            try:
                files[name] = path.read_text(encoding="utf-8")
            except UnicodeDecodeError as error:
                line = path.read_bytes()[: error.start].count(b"\n") + 1
                problems.append(RosterProblem(Where(name, line), "not UTF-8 text (save the CSV as UTF-8)"))
    if not files and not problems and not (directory / ASSIGNMENTS_FILE).is_file():
        problems.append(RosterProblem(Where(str(directory), 0), f"none of {', '.join(ROSTER_FILES)} found"))
    return files, problems


async def import_roster(database: Database, directory: Path, *, today: dt.date, dry_run: bool = False,
                        accept_losses: bool = False) -> ImportResult:
    """All or nothing. Format and reference problems come together, every bad row every time."""
    files, problems = read_roster_dir(directory)
    assignments, assignment_problems = read_assignments(directory)
    result = ImportResult(files=sorted(files) + ([ASSIGNMENTS_FILE] if (directory / ASSIGNMENTS_FILE).is_file()
                                                 else []))
    roster, parse_problems = parse_roster(files)
    problems += parse_problems + assignment_problems
    try:
        async with database.unit_of_work() as uow:
            problems += await check_assignments(uow, roster, assignments)
            if problems:
                problems += await uow.roster.check(roster)
                raise RosterRejected(sorted(problems, key=lambda p: (p.where.file, p.where.line)))
            outcome = await uow.roster.apply(roster, today)
            syllabus = await apply_assignments(uow, assignments)  # the courses are written: their ids are known
            outcome.changes += syllabus
            outcome.counts.created += sum(c.verb == "add" for c in syllabus)
            outcome.counts.updated += sum(c.verb == "change" for c in syllabus)
            result.counts, result.changes, result.losses = outcome.counts, outcome.changes, outcome.losses
            result.handed_over = outcome.handed_over
            if dry_run or (outcome.losses and not accept_losses):
                raise _RollBack
            now = dt.datetime.now(dt.UTC)
            await hand_over(uow, outcome.handed_over, now)  # in the import's transaction: all or nothing
            await calendar_changed(uow, outcome.recalendared)
            result.applied = True
    except RosterRejected as rejected:  # raised inside the transaction: rolled back, nothing written
        result.problems = rejected.problems
    except _RollBack:
        pass
    return result
