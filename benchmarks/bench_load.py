"""Load: 50 simulated staff editing their own reports at once on `streamlit run app.py`, and the store under 50 threads.

Run: `.venv/bin/python benchmarks/bench_load.py [--users 50] [--think 2 6] [--instances 1] [--no-accounts] [--skip-pg]`.
Prints figures, asserts nothing. Target (issue 13 item 7): p95 rerun and save under 300 ms, zero lost writes.

- App: the real server (`streamlit run app.py` on 127.0.0.1, a temp DRAFTING_DATA_DIR seeded with one full report
  per user) driven by real websocket clients speaking Streamlit's own protocol (BackMsg / ForwardMsg protobuf on
  `/_stcore/stream`, as the browser does). In multi-user mode (DRAFTING_ACCOUNTS=1, the default here) each user is a
  起草人 of its own agency and signs in on the login page first. Each user opens its report, then per round edits
  its notes (工作情况), a table-3 cell (表格数据) and the text of section 一 (起草), switching pages in between, with
  a think time before each action; the users start spread over a ramp. Timed: from sending the rerun to the
  server's script_finished (the script, the save and the transport; no browser rendering), and the server's CPU
  time per rerun. After the run every edit is looked for in the store: a missing one is a lost write.
- Store: 50 threads saving 50 different reports (revision check), then 50 threads adding a version to the same
  report with the revision check and retry on conflict; on SQLite and on a throw-away PostgreSQL cluster
  (tests/pg_server.py, durable like a real server) when Debian's binaries are installed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_app import stop_app, wait_healthy  # noqa: E402  (benchmarks/ is the script's folder)

from drafting.io.store import ReportStore, StoreConflict, open_store  # noqa: E402
from drafting.model import Aspect, Report, SectionVersion, load_report  # noqa: E402
from tests.pg_server import PgServer, find_bindir  # noqa: E402
from tests.ws_session import Session, open_socket  # noqa: E402

EXAMPLE = ROOT / "examples" / "yunlan-sthj-2023.json"
TARGET_MS = 300.0
SECRET_ENV = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "DRAFTING_API_KEY", "DRAFTING_BASE_URL", "DRAFTING_MODEL")
PAGE_LABELS = {"basic": "基本信息", "tables": "表格数据", "notes": "工作情况", "draft": "起草", "export": "预览与导出"}
CELL = "t3.new.natural"  # 表三 一、本年新收 × 自然人: row 0, column 自然人 of the grid editor_t3
CELL_ROW, CELL_COLUMN = "0", "自然人"
PASSWORD = "bench-load-password"  # of throw-away accounts in a temp database


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation between closest ranks."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def line(name: str, values_ms: list[float]) -> str:
    """One figure line: p50, p95, max and count, with OK/SLOW against the p95 target."""
    if not values_ms:
        return f"  {name:<40} no samples"
    p95 = percentile(values_ms, 0.95)
    verdict = "OK  " if p95 < TARGET_MS else "SLOW"
    return (
        f"  {verdict} {name:<36} p50 {statistics.median(values_ms):7.1f} ms  p95 {p95:7.1f} ms  "
        f"max {max(values_ms):7.1f} ms  (n={len(values_ms)})"
    )


# ---------------------------------------------------------------- seeding


# Table 二 figures that differ between the simulated agencies (no two reports, facts or drafts alike, so no
# cache shared by the sessions of one process can serve one user's work from another's).
VARIED = ("t2.license.decisions", "t2.penalty.decisions", "t2.coercion.decisions")


def full_report(variant: int = 0, agency: str | None = None) -> Report:
    """The example report (of `agency`), its table 二 figures shifted by `variant`, with its three sections
    drafted offline (what a user has by mid-January)."""
    from drafting.model import SECTION_IDS
    from drafting.narrative.draft import draft_text, save_draft

    report = load_report(EXAMPLE)
    report.agency = agency or report.agency
    for cell in VARIED:
        report.set_cell(cell, int(report.cells[cell]) + variant)
    for section in SECTION_IDS:
        save_draft(report, section, draft_text(report, section))
    return report


def agency_of(user: int) -> str:
    """The agency of simulated user `user` (from 1)."""
    return f"压测单位{user:02d}"


def login_of(user: int) -> str:
    """The login name of simulated user `user` (from 1)."""
    return f"staff{user:02d}"


def seed(store: ReportStore, users: int, accounts: bool) -> list[int]:
    """One report per simulated user (same content, its own agency) and, with accounts, a 起草人 of that agency."""
    ids = []
    for n in range(1, users + 1):
        ids.append(store.create(full_report(n, agency_of(n))))
    if accounts:
        from drafting.accounts.model import Role
        from drafting.accounts.service import Accounts

        registry = Accounts.for_store(store)
        for n in range(1, users + 1):
            registry.add_user(login_of(n), PASSWORD, Role.DRAFTER, agency_of(n))
    return ids


# ---------------------------------------------------------------- the server


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_app(data_dir: Path, log: Path, accounts: bool) -> Iterator[subprocess.Popen[bytes]]:
    """`streamlit run app.py` on a free port of 127.0.0.1 (own process group, ended afterwards, stderr to `log`)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in (*SECRET_ENV, "DRAFTING_DATABASE_URL")}
    env["DRAFTING_DATA_DIR"] = str(data_dir)
    env["DRAFTING_ACCOUNTS"] = "1" if accounts else "0"
    streamlit = Path(sys.executable).with_name("streamlit")
    cmd = [str(streamlit), "run", "app.py", "--server.headless", "true", "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    cmd += ["--server.fileWatcherType", "none"]  # as deployed: no reloading of modules edited meanwhile
    with log.open("wb") as err:
        process = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True
        )
        try:
            wait_healthy(process, port, timeout=90.0)
            process.port = port  # type: ignore[attr-defined]
            yield process
        finally:
            stop_app(process, timeout=15)


_RAISED = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Conflict|Timeout)[\w]*): (.*)$")


def server_exceptions(log: Path) -> dict[str, int]:
    """The exceptions the server logged (type and the start of the message), with their counts."""
    found: dict[str, int] = {}
    for text in log.read_text(encoding="utf-8", errors="replace").splitlines():
        match = _RAISED.match(text.strip())
        if match:
            name = f"{match.group(1)}: {match.group(2)[:100]}"
            found[name] = found.get(name, 0) + 1
    return found


# ---------------------------------------------------------------- one simulated user


@dataclass
class Timings:
    """Rerun milliseconds by action, shared by the user threads."""

    by_action: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, action: str, ms: float) -> None:
        """Record one rerun."""
        with self.lock:
            self.by_action.setdefault(action, []).append(ms)

    def error(self, text: str) -> None:
        """Record a failure (an exception on the page, a missing widget, a dropped connection)."""
        with self.lock:
            self.errors.append(text)


@dataclass
class UserPlan:
    """What one simulated user does and what it wrote (to be found in the store afterwards)."""

    user: int
    report_id: int
    rounds: int
    think: tuple[float, float]
    accounts: bool
    notes: str = ""
    cell: int | None = None
    section_texts: list[str] = field(default_factory=list)


def simulate(port: int, plan: UserPlan, timings: Timings, delay: float) -> None:
    """One staff member: open the report after `delay` s, then per round edit notes, a table cell and section 一."""
    rng = random.Random(plan.user)
    try:
        with open_socket(port) as ws:
            session = Session(ws, f"report={plan.report_id}&page=notes")
            time.sleep(delay)
            if plan.accounts:
                _timed(session, timings, "login page (new session)", None)
                sign_in = {"login_name": login_of(plan.user), "login_password": PASSWORD, "login_btn": True}
                _timed(session, timings, "sign in and open report", sign_in)
            else:
                _timed(session, timings, "open report (new session)", None)
            if "notes_active" not in session.ids:
                msg = "the report's notes page did not open"
                raise RuntimeError(msg)
            for round_no in range(plan.rounds):
                _round(session, plan, round_no, timings, lambda: time.sleep(rng.uniform(*plan.think)))
    except Exception as exc:  # a failed user is a figure, not the end of the benchmark
        timings.error(f"user {plan.user}: {type(exc).__name__}: {exc}")


def _round(session: Session, plan: UserPlan, n: int, timings: Timings, think: Callable[[], None]) -> None:
    marker = f"【用户{plan.user:02d}第{n + 1}轮】"
    think()
    plan.notes = f"{plan.notes}{marker}本机关通过门户网站主动公开政策文件。"
    _timed(session, timings, "edit notes (工作情况)", {f"notes_{Aspect.ACTIVE.value}": plan.notes})
    think()
    _timed(session, timings, "switch page", {"nav": PAGE_LABELS["tables"]})
    think()
    plan.cell = 100 + plan.user * 10 + n
    grid = json.dumps({"edited_rows": {CELL_ROW: {CELL_COLUMN: str(plan.cell)}}, "added_rows": [], "deleted_rows": []})
    _timed(session, timings, "edit table cell (表格数据)", {"editor_t3": grid})
    think()
    _timed(session, timings, "switch page", {"nav": PAGE_LABELS["draft"]})
    think()
    text = f"{marker}本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。"
    plan.section_texts.append(text)
    _timed(session, timings, "edit section text (起草)", {"text_sec1": text})
    think()
    _timed(session, timings, "switch page", {"nav": PAGE_LABELS["notes"]})


def _timed(session: Session, timings: Timings, action: str, widgets: dict[str, str | bool] | None) -> None:
    ms, errors = session.rerun(widgets)
    timings.add(action, ms)
    for error in errors:
        timings.error(f"{action}: {error[:160]}")


def lost_writes(store: ReportStore, plans: list[UserPlan]) -> tuple[int, int, list[str]]:
    """Edits made and edits not found in the store (notes text, the cell's last value, every section version)."""
    made = lost = 0
    where: list[str] = []
    for plan in plans:
        report = store.load(plan.report_id).report
        stored_notes = report.notes.aspects[Aspect.ACTIVE].notes
        markers = [m for m in plan.notes.split("本机关通过门户网站主动公开政策文件。") if m]
        versions = {v.text for v in report.sections["一"].versions}
        checks = [(f"notes {m}", m in stored_notes) for m in markers]
        checks += [(f"cell {plan.cell}", plan.cell is None or report.cells.get(CELL) == plan.cell)]
        checks += [(f"section {t[:14]}", t in versions) for t in plan.section_texts]
        for label, ok in checks:
            made += 1
            if not ok:
                lost += 1
                where.append(f"user {plan.user}: {label}")
    return made, lost, where


def bench_app(users: int, rounds: int, think: tuple[float, float], ramp: float, accounts: bool, instances: int) -> None:
    """The app part: seed, start the server(s), run the users at once, print figures, count lost writes.

    With several instances (one data folder, as behind nginx with ip_hash) user n talks to instance n mod count.
    """
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp, ExitStack() as servers:
        data_dir = Path(tmp) / "data"
        data_dir.mkdir()
        store = open_store(data_dir)
        ids = seed(store, users, accounts)
        plans = [UserPlan(n + 1, rid, rounds, think, accounts) for n, rid in enumerate(ids)]
        timings = Timings()
        logs = [Path(tmp) / f"server{i}.log" for i in range(instances)]
        processes = [servers.enter_context(running_app(data_dir, log, accounts)) for log in logs]
        ports: list[int] = [process.port for process in processes]  # type: ignore[attr-defined]
        for port in ports:
            with open_socket(port) as ws:
                cold_ms, _ = Session(ws, f"report={ids[0]}&page=notes").rerun()  # each server imports once
            print(f"  first session after start of 127.0.0.1:{port} (imports, cold caches): {cold_ms:.0f} ms")
        cpu = sum(server_cpu(process.pid) for process in processes)
        start = time.perf_counter()
        threads = [
            threading.Thread(target=simulate, args=(ports[n % instances], plan, timings, ramp * n / users))
            for n, plan in enumerate(plans)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - start
        cpu = sum(server_cpu(process.pid) for process in processes) - cpu
        servers.close()
        made, lost, where = lost_writes(store, plans)
        store.close()
        _print_app(timings, users, wall, made, lost, where)
        reruns = sum(len(v) for v in timings.by_action.values())
        print(
            f"  server CPU ({instances} process{'es' if instances > 1 else ''}): {cpu:.1f} s in {wall:.1f} s, "
            f"{1000 * cpu / max(reruns, 1):.0f} ms per rerun: one process serves at most "
            f"~{reruns / max(cpu, 1e-9):.1f} reruns/s however many cores"
        )
        for log in logs:
            for name, count in server_exceptions(log).items():
                print(f"    server log: {count} × {name}")


def _print_app(timings: Timings, users: int, wall: float, made: int, lost: int, where: list[str]) -> None:
    reruns = sum(len(v) for v in timings.by_action.values())
    print(f"  {users} users, {reruns} reruns in {wall:.1f} s ({reruns / wall:.1f} reruns/s offered)")
    for action, values in timings.by_action.items():
        print(line(action, values))
    edits = [ms for action, v in timings.by_action.items() if action.startswith("edit") for ms in v]
    every = [ms for action, v in timings.by_action.items() if not action.startswith("open") for ms in v]
    print(line("all edits (rerun + save)", edits))
    print(line("all reruns after opening", every))
    print(f"  lost writes: {lost} of {made} edits checked" + (f" ({', '.join(where[:5])} …)" if where else ""))
    print(f"  errors: {len(timings.errors)}" + "".join(f"\n    {e}" for e in timings.errors[:8]))


# ---------------------------------------------------------------- store stress


def stress_store(label: str, store: ReportStore, threads: int, saves: int) -> None:
    """50 threads on 50 reports, then 50 threads on one report (revision check, retry on conflict)."""
    report = full_report()
    ids = [store.create(report.model_copy(deep=True, update={"agency": f"并发单位{n:02d}"})) for n in range(threads)]
    start = time.perf_counter()
    own = _own_reports(store, ids, saves)
    rate = len(own.times) / (time.perf_counter() - start)
    print(line(f"{label}: save, {threads} threads, own report", own.times))
    print(f"  {label}: lost writes {own.lost} of {own.made}; {rate:.0f} saves/s with no pause between saves")
    shared = _same_report(store, ids[0], threads)
    print(line(f"{label}: save, {threads} threads, same report", shared.times))
    print(
        f"  {label}: lost writes {shared.lost} of {shared.made}; {shared.conflicts} conflicts told and retried"
        f" (p95 {percentile(shared.attempts, 0.95):.0f} attempts to save)"
    )
    store.close()


@dataclass
class StressResult:
    """Save times (ms), edits made and not found afterwards, conflicts met."""

    times: list[float] = field(default_factory=list)
    made: int = 0
    lost: int = 0
    conflicts: int = 0
    attempts: list[float] = field(default_factory=list)


def _own_reports(store: ReportStore, ids: list[int], saves: int) -> StressResult:
    result = StressResult()
    lock = threading.Lock()

    def worker(rid: int) -> None:
        stored = store.load(rid)
        report, rev = stored.report, stored.rev
        for n in range(saves):
            report.set_cell(CELL, rid * 1000 + n)
            start = time.perf_counter()
            rev = store.save(rid, report, expected_rev=rev, user=f"u{rid}")
            with lock:
                result.times.append((time.perf_counter() - start) * 1000)

    with ThreadPoolExecutor(len(ids)) as pool:
        list(pool.map(worker, ids))
    for rid in ids:
        result.made += saves
        result.lost += int(store.load(rid).report.cells.get(CELL) != rid * 1000 + saves - 1)
    return result


def _same_report(store: ReportStore, rid: int, threads: int) -> StressResult:
    """Each thread adds its own version of section 一; a conflict reloads and adds it again."""
    result = StressResult()
    lock = threading.Lock()
    gate = threading.Barrier(threads)

    def worker(n: int) -> None:
        text = f"【线程{n:02d}】同一份报告的并发修改。"
        gate.wait()
        for attempt in range(1, 200):
            stored = store.load(rid)
            stored.report.sections["一"].add(SectionVersion(text=text, origin="human"))
            start = time.perf_counter()
            try:
                store.save(rid, stored.report, expected_rev=stored.rev, user=f"t{n}")
            except StoreConflict:
                with lock:
                    result.conflicts += 1
                continue
            with lock:
                result.times.append((time.perf_counter() - start) * 1000)
                result.attempts.append(float(attempt))
            return

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, range(threads)))
    versions = {v.text for v in store.load(rid).report.sections["一"].versions}
    result.made = threads
    result.lost = sum(f"【线程{n:02d}】同一份报告的并发修改。" not in versions for n in range(threads))
    return result


def bench_store(threads: int, saves: int, pg: bool) -> None:
    """The store part on SQLite, then on PostgreSQL when its binaries are installed."""
    with tempfile.TemporaryDirectory(prefix="bench-load-store-") as tmp:
        stress_store("SQLite", ReportStore(Path(tmp) / "load.sqlite3"), threads, saves)
    bindir = find_bindir() if pg else None
    if bindir is None:
        print("  PostgreSQL: skipped" + ("" if not pg else " (binaries not found: apt-get install postgresql)"))
        return
    server = PgServer(bindir, durable=True).start()
    try:
        stress_store("PostgreSQL", ReportStore(server.new_database()), threads, saves)
    finally:
        server.stop()


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) the process has used so far, from /proc (0.0 where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    """Run both parts and print the figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="simulated staff, one report each")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of 3 edits and 3 page switches per user")
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 6.0), metavar=("MIN", "MAX"))
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds over which the users open their reports")
    parser.add_argument("--saves", type=int, default=10, help="saves per thread in the store stress")
    parser.add_argument("--no-accounts", action="store_true", help="single-user mode (no sign-in)")
    parser.add_argument("--instances", type=int, default=1, help="app processes sharing the data folder")
    parser.add_argument("--skip-app", action="store_true")
    parser.add_argument("--skip-store", action="store_true")
    parser.add_argument("--skip-pg", action="store_true")
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; target p95 < {TARGET_MS:.0f} ms")
    print(f"load average before: {_load()} (other work on the machine skews the figures)")
    if not args.skip_app:
        mode = "single-user mode" if args.no_accounts else "DRAFTING_ACCOUNTS=1, each signed in as its 起草人"
        think = f"{args.think[0]:g}–{args.think[1]:g} s"
        where = "one `streamlit run app.py`" if args.instances == 1 else f"{args.instances} app processes"
        print(f"App: {args.users} users on {where} ({mode}), think {think}:")
        bench_app(
            args.users, args.rounds, (args.think[0], args.think[1]), args.ramp, not args.no_accounts, args.instances
        )
    if not args.skip_store:
        print(f"Store: {args.users} threads, {args.saves} saves each on its own report, then one each on one report:")
        bench_store(args.users, args.saves, not args.skip_pg)
    print(f"load average after: {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
