"""A throw-away PostgreSQL server for the tests (as pytest-postgresql does), from the Debian binaries."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def find_pg_bin() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PostgresServer:
    bin_dir: Path
    data_dir: Path
    port: int

    @property
    def admin_dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    def restart_stopped(self) -> None:
        """Stop the server (fast: connections are cut) so a test sees the database go away; `start_again` after."""
        _run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"])

    def start_again(self) -> None:
        _run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-o", _options(self.port, self.data_dir.parent),
              "-l", str(self.data_dir.parent / "log"), "-w", "start"])

    def stop(self) -> None:
        _run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "stop"], check=False)
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)


def _run(cmd: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
    # PostgreSQL refuses to run as root; CI runs as root, so drop to the postgres user there.
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=120)


def start_postgres() -> PostgresServer:
    bin_dir = find_pg_bin()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL binaries (initdb, pg_ctl) not found")
    root = Path(tempfile.mkdtemp(prefix="tutorbot-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    os.chmod(root, 0o700)
    _run([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
          "--locale=C.UTF-8" if Path("/usr/lib/locale/C.utf8").exists() else "--locale=C"])
    port = free_port()
    _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", _options(port, root), "-l", str(root / "log"), "-w", "start"])
    return PostgresServer(bin_dir, data, port)


def _options(port: int, root: Path) -> str:
    return f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
