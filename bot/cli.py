"""Command line: `serve` (default), `import-roster DIR`, `import-submissions FILE`, `package`, `export hours`, `export map`, `norms`, `jobs`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import gc
import logging
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from aiohttp import web

from bot import hours_cli, jobs_cli, map_export, tracing
from bot.logs import configure_logging
from bot.settings import Settings

if TYPE_CHECKING:
    from storage import Database


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tutorbot", description="Tutorbot for Microsoft Teams")
    parser.add_argument("--workers", type=int, default=None,
                        help="processes serving the port (default: WORKERS or 1; PostgreSQL for more than one)")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("serve", help="start the bot's HTTP server (default)")
    importer = commands.add_parser("import-roster", help="import the AIS roster CSV files from a folder")
    importer.add_argument("directory", type=Path)
    importer.add_argument("--dry-run", action="store_true", help="print what would be added, ended, changed")
    importer.add_argument("--yes", action="store_true",
                          help="go through even when a semester would lose more than a fifth of its tutors or students")
    proctoring = commands.add_parser("import-proctoring", help="import proctoring reports from a JSON-lines file")
    proctoring.add_argument("file", type=Path)
    submissions = commands.add_parser("import-submissions",
                                      help="import who handed in what from the LMS's CSV export (no Moodle)")
    submissions.add_argument("file", type=Path)
    commands.add_parser("package", help="write manifest/build/appPackage.zip for Teams")
    reach = commands.add_parser("reach", help="install the app (Graph) for roster people the bot cannot write to")
    reach.add_argument("--dry-run", action="store_true", help="only say who is not reachable yet")
    reach.add_argument("--school", default=None, help="one school's people (its code)")
    hours_cli.add_parsers(commands)  # `export hours`, `norms show|set|import` (bot/hours_cli.py)
    map_export.add_parser(commands)  # `export map COURSE -o file.docx` (bot/map_export.py), after `export hours`
    jobs_cli.add_parser(commands)  # `jobs run weekly-summary [--week] [--force]` (bot/jobs_cli.py)
    args = parser.parse_args(argv)

    configure_logging()
    try:
        settings = Settings.load()
    except ValueError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    match args.command:
        case None | "serve":
            if args.workers is not None:
                if not 0 < args.workers <= 64:
                    print("configuration error: --workers must be from 1 to 64", file=sys.stderr)
                    return 2
                settings = dataclasses.replace(settings, workers=args.workers)
            return serve(settings)
        case "import-roster":
            return asyncio.run(_import_roster(settings, args.directory, dry_run=args.dry_run, accept=args.yes))
        case "import-proctoring":
            return asyncio.run(_import_proctoring(settings, args.file))
        case "import-submissions":
            return asyncio.run(_import_submissions(settings, args.file))
        case "package":
            return _package(settings)
        case "reach":
            from bot.reach import run_cli

            return asyncio.run(run_cli(settings, dry_run=args.dry_run, school_code=args.school))
        case "export" if map_export.wants(args):
            return map_export.run(settings, args)
        case "export" | "norms":
            return asyncio.run(hours_cli.run(settings, args))
        case "jobs":
            return asyncio.run(jobs_cli.run(settings, args))
        case _:
            parser.print_help()
            return 2


def serve(settings: Settings) -> int:
    log = logging.getLogger("tutorbot")
    mode = "Azure Bot auth" if settings.auth_enabled else "local mode, no inbound auth"
    log.info("Tutorbot on http://%s:%d/api/messages (%s), database %s, %d process(es)", settings.host, settings.port,
             mode, settings.database_url.split("://")[0], settings.workers)
    if settings.workers == 1:
        _serve_one(settings)
        return 0
    if not settings.database_url.startswith("postgresql"):
        print("configuration error: WORKERS above 1 needs PostgreSQL (SQLite serves one process)", file=sys.stderr)
        return 2
    return _serve_many(settings)


def _serve_one(settings: Settings, reuse_port: bool = False) -> None:
    from bot.app import create_app

    if reuse_port:
        configure_logging()  # a spawned process starts with a fresh logging set-up
    tracing.configure()  # only with OTEL_EXPORTER_OTLP_ENDPOINT set
    app = create_app(settings)
    app.on_startup.append(_out_of_the_collectors_way)
    app.on_shutdown.insert(0, _ignore_further_stop_signals)
    web.run_app(app, host=settings.host, port=settings.port, print=None, access_log=None,
                reuse_port=reuse_port or None)


async def _out_of_the_collectors_way(_app: web.Application) -> None:
    """What the start built (modules, the SDK, the ORM's mappers) lives as long as the process: frozen, Python's
    full collections walk only what turns made. Those passes were the bot's p99 at 32 chats (issue 13: 150 ms to
    70 ms on PostgreSQL). No collection first: it would cost the start 70 ms for a few kilobytes of garbage kept.
    Only in a served process: a test process would keep its earlier tests' garbage."""
    gc.freeze()


async def _ignore_further_stop_signals(_app: web.Application) -> None:
    """Stopping has begun: a second SIGTERM (systemd signals the whole group, and the WORKERS parent forwards
    one too) must not cancel the clean-up half-way, leaving database connections closed mid-call."""
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.remove_signal_handler(signum)
        signal.signal(signum, signal.SIG_IGN)


def _serve_many(settings: Settings) -> int:
    """N processes on one port: the kernel spreads connections (SO_REUSEPORT); the database keeps them in step."""
    with _metrics_folder():
        return _run_children(settings)


@contextlib.contextmanager
def _metrics_folder() -> Iterator[None]:
    """prometheus-client's multiprocess mode: one folder for every worker's values, set before they import it,
    emptied at start (values of an earlier run must not be summed in). PROMETHEUS_MULTIPROC_DIR, if the operator
    gives one, else a temporary folder removed at exit."""
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    folder = Path(given) if given else Path(tempfile.mkdtemp(prefix="tutorbot-metrics-"))
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.db"):
        old.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
    try:
        yield
    finally:
        if not given:
            shutil.rmtree(folder, ignore_errors=True)


def _run_children(settings: Settings) -> int:
    from bot import metrics

    context = multiprocessing.get_context("spawn")
    children = [context.Process(target=_serve_one, args=(settings, True), name=f"tutorbot-{i + 1}")
                for i in range(settings.workers)]
    for child in children:
        child.start()

    def forward(signum: int, _frame: object) -> None:
        for child in children:
            if child.is_alive() and child.pid is not None:
                os.kill(child.pid, signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    for child in children:
        child.join()
        if child.pid is not None:
            metrics.worker_gone(child.pid)
    # A worker that died on its own (not asked to stop) is an error the service manager should see.
    return max((child.exitcode or 0) for child in children) and 1


async def _import_roster(settings: Settings, directory: Path, *, dry_run: bool, accept: bool) -> int:
    from bot.roster_import import import_roster
    from storage import Database
    from tutoring.clock import SystemClock, local_today

    database = Database(settings.database_url)
    try:
        await database.migrate()
        result = await import_roster(database, directory, today=local_today(SystemClock()), dry_run=dry_run,
                                     accept_losses=accept)
    finally:
        await database.close()
    if result.problems:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        print(f"roster not imported: {len(result.problems)} problem(s); the database is unchanged", file=sys.stderr)
        return 1
    if dry_run:
        for change in result.changes:
            print(change)
    counts = f"{result.counts.created} created, {result.counts.updated} updated, {result.counts.ended} ended"
    if result.losses and not result.applied and not dry_run:
        for loss in result.losses:
            print(f"{loss}: more than a fifth", file=sys.stderr)
        print(f"roster not imported ({counts} were asked for): a half-exported file must not wipe a term; "
              "check the files, then run again with --yes", file=sys.stderr)
        return 1
    if dry_run:
        print(f"dry run, nothing changed: {counts}" + "".join(f"; {loss} (needs --yes)" for loss in result.losses))
        return 0
    print(f"roster imported from {', '.join(result.files)}: {counts}")
    return 0


class _FileImport(Protocol):
    @property
    def problems(self) -> Sequence[object]: ...


_Outcome = TypeVar("_Outcome", bound=_FileImport)


async def _all_or_nothing(settings: Settings, load: Callable[[Database], Awaitable[_Outcome]]) -> _Outcome | None:
    """Run one file import against the migrated database. With any bad line, print each (`file:line: message`)
    and return None: nothing was imported."""
    from storage import Database

    database = Database(settings.database_url)
    try:
        await database.migrate()
        outcome = await load(database)
    finally:
        await database.close()
    if not outcome.problems:
        return outcome
    for problem in outcome.problems:
        print(problem, file=sys.stderr)
    print(f"nothing imported: {len(outcome.problems)} problem(s); the database is unchanged", file=sys.stderr)
    return None


async def _import_proctoring(settings: Settings, path: Path) -> int:
    from bot.proctoring import import_reports
    from tutoring.clock import SystemClock

    outcome = await _all_or_nothing(settings, lambda database: import_reports(database, path, SystemClock()))
    if outcome is None:
        return 1
    print(f"{outcome.imported} proctoring report(s) imported from {path.name}")
    return 0


async def _import_submissions(settings: Settings, path: Path) -> int:
    from bot.deadlines_import import import_submissions

    outcome = await _all_or_nothing(settings, lambda database: import_submissions(database, path))
    if outcome is None:
        return 1
    print(f"submissions imported from {path.name}: {outcome.recorded} recorded, {outcome.unchanged} unchanged")
    return 0


def _package(settings: Settings) -> int:
    from bot.app_package import build_app_package

    if not settings.app_id:
        print("warning: MicrosoftAppId is not set; the package carries a placeholder bot id", file=sys.stderr)
    path = build_app_package(settings.app_id)
    print(path)
    return 0
