"""A throw-away PostgreSQL server for tests and benchmarks: Debian's binaries, a cluster in a temp folder, 127.0.0.1."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

SKIP_ENV = "DRAFTING_SKIP_PG"
BINDIR_ENV = "DRAFTING_PG_BINDIR"
MISSING = (
    "PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's `postgresql` package "
    "(./scripts/test.sh does as root), or set DRAFTING_SKIP_PG=1 to skip the PostgreSQL tests locally"
)
SUPERUSER = "drafting"


def skip_allowed() -> bool:
    """DRAFTING_SKIP_PG=1 skips the PostgreSQL tests, but never in CI, where they must run."""
    return os.environ.get(SKIP_ENV) == "1" and os.environ.get("CI", "").lower() not in ("1", "true")


def find_bindir() -> Path | None:
    """$DRAFTING_PG_BINDIR, else the newest /usr/lib/postgresql/*/bin, else initdb's folder on PATH; None if none."""
    chosen = os.environ.get(BINDIR_ENV)
    if chosen:
        return Path(chosen) if (Path(chosen) / "initdb").exists() else None
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgServer:
    """One cluster: initdb into a temp folder, pg_ctl start on a free port, stop and remove on stop()."""

    def __init__(self, bindir: Path, *, durable: bool = False) -> None:
        """durable=False turns fsync off (tests); True keeps the defaults (benchmarks)."""
        self.bindir = bindir
        self.durable = durable
        self.port = free_port()
        # Under /tmp: short enough for the unix socket path, and reachable by the postgres user when run as root.
        self.root = Path(tempfile.mkdtemp(prefix="drafting-pg-", dir="/tmp" if Path("/tmp").is_dir() else None))
        self.data = self.root / "data"
        self._databases = 0
        self._as_user = self._server_user()

    def _server_user(self) -> list[str]:
        """initdb refuses root: as root, run the server as `postgres` and hand it the temp folder."""
        if os.geteuid() != 0:
            return []
        entry = pwd.getpwnam("postgres")
        os.chown(self.root, entry.pw_uid, entry.pw_gid)
        return ["runuser", "-u", "postgres", "--"]

    def _run(self, tool: str, *args: str) -> None:
        command = [*self._as_user, str(self.bindir / tool), *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if result.returncode != 0:
            msg = f"{tool} failed ({result.returncode}): {result.stderr or result.stdout}"
            raise RuntimeError(msg)

    def start(self) -> PgServer:
        """initdb (trust auth, UTF8, C locale) and start; returns self."""
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C")
        options = [f"-p {self.port}", "-h 127.0.0.1", f"-k {self.root}", "-c max_connections=100"]
        if not self.durable:
            options += ["-F", "-c synchronous_commit=off", "-c full_page_writes=off"]
        log = str(self.root / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-w", "-t", "60", "-o", " ".join(options), "start")
        return self

    def stop(self) -> None:
        """Stop the server at once and delete its folder."""
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of a database on this server (psycopg 3, TCP on 127.0.0.1)."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh empty database, and its URL."""
        self._databases += 1
        name = f"t{self._databases}"
        self.sql([f"CREATE DATABASE {name}"])
        return self.url(name)

    def sql(self, statements: Sequence[str], database: str = "postgres") -> None:
        """Run statements outside a transaction (CREATE DATABASE needs that)."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname=database) as conn:
            conn.autocommit = True
            for statement in statements:
                conn.execute(statement)
