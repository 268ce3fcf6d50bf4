"""The command line never prints the database password or the bot's secrets, even when it fails (issue 10, 5b)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "Sup3r-S3cret-db"
APP_SECRET = "app-secret-never-shown"


@pytest.mark.parametrize(
    ("args", "database_url"),
    [
        # PostgreSQL that does not answer: the command fails on connecting.
        (["import-roster", "bot/demo_roster"], f"postgresql+asyncpg://tutor:{PASSWORD}@127.0.0.1:1/tutorbot"),
        # A URL that does not parse: a configuration error, which names the setting but not the value.
        (["import-roster", "bot/demo_roster"], f"postgresql+asyncpg://tutor:{PASSWORD}@127.0.0.1:port/tutorbot"),
    ],
)
async def test_failing_commands_do_not_print_the_database_password(args: list[str], database_url: str) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=REPO,
        env={**os.environ, "DATABASE_URL": database_url, "MicrosoftAppId": "11111111-2222-3333-4444-555555555555",
             "MicrosoftAppPassword": APP_SECRET, "MicrosoftAppTenantId": "tenant-almau"},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    async with asyncio.timeout(120):
        output, _ = await process.communicate()
    text = output.decode()
    assert process.returncode != 0, text
    assert PASSWORD not in text and APP_SECRET not in text
