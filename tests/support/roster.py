"""The roster import (`python -m bot import-roster DIR`) run as an operator runs it, on a copy of the demo roster
(bot/demo_roster) that a test changes: for tests/e2e/test_roster_import.py and test_semesters.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from bot.demo import DEMO_ROSTER
from storage import Database
from storage.models import Course, Enrollment, Person, School, TutorAssignment

REPO = Path(__file__).resolve().parents[2]


def run_import(database_url: str, directory: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "bot", "import-roster", str(directory), *options],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )


async def counts(database: Database) -> dict[str, int]:
    async with database.unit_of_work() as uow:
        return {
            model.__tablename__: int(await uow.db.scalar(select(func.count()).select_from(model)) or 0)
            for model in (School, Person, Course, Enrollment, TutorAssignment)
        }


def imported(database_url: str, directory: Path) -> str:
    """Import and expect success; what the import printed."""
    result = run_import(database_url, directory)
    assert result.returncode == 0, result.stderr
    return result.stdout


def refused(database_url: str, directory: Path) -> str:
    """Import and expect a refusal; the errors it printed."""
    result = run_import(database_url, directory)
    assert result.returncode == 1, result.stdout
    return result.stderr


def write(roster: Path, name: str, text: str) -> None:
    (roster / name).write_text(text, encoding="utf-8")


def append(roster: Path, name: str, text: str) -> None:
    write(roster, name, (roster / name).read_text(encoding="utf-8") + text)


def copy_demo(tmp_path: Path) -> Path:
    target = tmp_path / "roster"
    shutil.copytree(DEMO_ROSTER, target)
    return target
