"""Start to healthy, and the idle bot's memory, with a university's roster in the database.

    .venv/bin/python bench/idle.py                 # SQLite, the full synthetic university of bench/summary.py
    .venv/bin/python bench/idle.py --postgres      # a throw-away PostgreSQL server instead
    .venv/bin/python bench/idle.py --scale 0.1

Loads bench/summary.py's synthetic university (30,000 students with 150,000 enrollments, 500 tutors, 2,000
courses, the ledger, questions and sessions, all times `--scale`) through the project's migrations, then starts
`python -m bot` on it (scheduler on, as in production; no demo roster: the database is not empty) and prints the
seconds from the process start to the first 200 of GET /healthz (goal: under 1.5 s), and its resident memory
(VmRSS from /proc) after it has sat idle for `--idle` seconds (goal: under 150 MB). `--runs` starts it that many
times; the median is printed with every figure. The same for a fresh, empty database (migrations and the demo
roster's import at start), as bench/turns.py starts it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from summary import build, create_database, load  # noqa: E402  # pyright: ignore[reportMissingImports, reportUnknownVariableType]
from turns import Child, clean_env, free_port, server_python  # noqa: E402  # pyright: ignore[reportMissingImports, reportUnknownVariableType]

from storage import Database  # noqa: E402

START_GOAL_S = 1.5
RSS_GOAL_MB = 150.0


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def healthy_after(base_url: str, child: Child, started: float, within: float = 60.0) -> float:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
        while True:
            if child.exited() is not None:
                raise RuntimeError(f"the bot exited with {child.exited()}:\n{child.log_text()[-3000:]}")
            try:
                async with session.get(f"{base_url}/healthz") as response:
                    await response.read()
                    if response.status == 200:
                        return time.perf_counter() - started
            except (aiohttp.ClientError, TimeoutError):
                pass
            if time.perf_counter() - started > within:
                raise RuntimeError("not healthy in time")
            await asyncio.sleep(0.02)


async def start_once(database_url: str, folder: Path, idle: float, name: str) -> tuple[float, float]:
    port = free_port()
    child = Child(name, [server_python(), "-m", "bot"],
                  clean_env(PORT=str(port), HOST="127.0.0.1", DATABASE_URL=database_url, MicrosoftAppId="",
                            MicrosoftAppPassword="", ALLOWED_TENANT_IDS=""),
                  folder, folder / f"{name}.log")
    started = time.perf_counter()
    child.start()
    try:
        ready = await healthy_after(f"http://127.0.0.1:{port}", child, started)
        await asyncio.sleep(idle)
        assert child.proc is not None
        return ready, rss_mb(child.proc.pid)
    finally:
        await child.aclose()


def line(label: str, values: list[float], unit: str, goal: float) -> str:
    median = statistics.median(values)
    shown = ", ".join(f"{v:.2f}" for v in values)
    verdict = "meets" if median < goal else "MISSES"
    return f"  {label:<22} median {median:8.2f} {unit:<3} (runs: {shown}); goal under {goal:g} {unit}: {verdict}"


async def main(args: argparse.Namespace) -> int:
    folder = Path(tempfile.mkdtemp(prefix="tutorbot-bench-idle-"))
    server = None
    try:
        if args.postgres:
            sys.path.insert(0, str(BENCH.parent))
            from tests.support.postgres import start_postgres

            server = start_postgres()
            await create_database(server, "bench_idle")
            await create_database(server, "bench_idle_empty")
            url, empty_url = server.url("bench_idle"), None
        else:
            url = f"sqlite+aiosqlite:///{folder / 'university.db'}"
            empty_url = None
        university = build(args.scale, 7)
        db = Database(url)
        await db.migrate()
        await load(db, university, 5000)
        await db.close()
        students = sum(1 for _t, rows in university.tables if _t.name == "people" for r in rows
                       if r.get("role") == "student")
        print(f"{'PostgreSQL' if args.postgres else 'SQLite'}: synthetic university at scale {args.scale:g} "
              f"({students:,} students, {university.total:,} rows); {os.cpu_count()} CPUs, load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        loaded = [await start_once(url, folder, args.idle, f"bot-{i}") for i in range(args.runs)]
        print("with the roster loaded:")
        print(line("start to healthy", [r for r, _ in loaded], "s", START_GOAL_S))
        print(line(f"RSS after {args.idle:g} s idle", [m for _, m in loaded], "MB", RSS_GOAL_MB))
        fresh: list[tuple[float, float]] = []
        for i in range(args.runs):
            if args.postgres and server is not None:
                name = f"bench_idle_empty_{i}"
                await create_database(server, name)
                empty_url = server.url(name)
            else:
                empty_url = f"sqlite+aiosqlite:///{folder / f'empty-{i}.db'}"
            fresh.append(await start_once(empty_url, folder, args.idle, f"fresh-{i}"))
        print("fresh database (migrations and the demo roster at start):")
        print(line("start to healthy", [r for r, _ in fresh], "s", START_GOAL_S))
        print(line(f"RSS after {args.idle:g} s idle", [m for _, m in fresh], "MB", RSS_GOAL_MB))
        return 0
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="size of the university (1.0: 30,000 students)")
    parser.add_argument("--runs", type=int, default=3, help="starts per database (3)")
    parser.add_argument("--idle", type=float, default=5.0, help="seconds idle before the memory is read (5)")
    parser.add_argument("--postgres", action="store_true", help="a throw-away PostgreSQL server instead of SQLite")
    return parser.parse_args()


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(parse_args())))
