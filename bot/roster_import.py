"""`import-roster DIR`: read the AIS CSV export, validate every row, apply all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from storage import Database
from storage.roster import ImportCounts, RosterRejected
from tutoring.roster import ROSTER_FILES, RosterProblem, Where, parse_roster


@dataclass
class ImportResult:
    problems: list[RosterProblem] = field(default_factory=lambda: [])
    counts: ImportCounts = field(default_factory=ImportCounts)
    files: list[str] = field(default_factory=lambda: [])

    @property
    def ok(self) -> bool:
        return not self.problems


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
    if not files and not problems:
        problems.append(RosterProblem(Where(str(directory), 0), f"none of {', '.join(ROSTER_FILES)} found"))
    return files, problems


async def import_roster(database: Database, directory: Path) -> ImportResult:
    files, problems = read_roster_dir(directory)
    result = ImportResult(files=sorted(files))
    roster, parse_problems = parse_roster(files)
    problems += parse_problems
    if problems:
        result.problems = problems
        return result
    try:
        async with database.unit_of_work() as uow:
            result.counts = await uow.roster.apply(roster)
    except RosterRejected as rejected:  # raised inside the transaction: rolled back, nothing written
        result.problems = rejected.problems
    return result
