"""Benchmark: the studio API under load, as `filmstudio serve` runs it.

Starts `python -m filmstudio.studio serve` (SQLite, SQLite queue, in-process cache; or the
PostgreSQL/Redis given with --database-url/--queue-url) on a free port, without a render
worker so that only the API is measured, then:

1. authenticated ``GET /api/v1/projects``: requests/s and p50/p99 latency;
2. ``POST /api/v1/jobs/submit`` (1 credit each, ledger row, queue message): requests/s,
   p50/p99, and the time to accept 1,000 queued jobs (checked in the database and queue).

The load comes from this process over keep-alive HTTP/1.1 connections (a small asyncio
client: httpx would be the bottleneck), on the same machine as the server. The real rate
limit (100 requests/minute per user) stays on, so the load is spread over many users; the
server hashes passwords with cheap argon2 settings only so that creating those users is
quick (logins are not measured).

Server CPU counts the server process and its children (``--workers N`` runs ``serve
--workers N``: N API processes on one port; needs ``--queue-url`` Redis). ``--requests 0``
measures the submissions only. On a shared machine compare old and new code in one run
(``PYTHONPATH=/path/to/old/src`` for the old), interleaved, and give the load.

Run: ``.venv/bin/python bench/api.py`` (``--help`` for the options).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCRIPT = (
    "The keeper climbed the lighthouse stairs at night. The storm came from the sea. "
    "At dawn a small boat reached the harbour, and the keeper smiled."
)


#: Runs the server under cProfile, every thread (sync routes run in a thread pool), timed in
#: each thread's CPU seconds. uvicorn re-raises SIGTERM after its shutdown with the handler it
#: found; that handler exits normally here, so the stats get written.
PROFILED = """
import cProfile, pstats, runpy, signal, sys, threading, time
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
out = sys.argv.pop(1)
sys.argv[0] = "filmstudio.studio"
profiles = [cProfile.Profile(time.thread_time)]
def start(*_):
    profile = cProfile.Profile(time.thread_time)
    profiles.append(profile)
    profile.enable()
threading.setprofile(start)
try:
    profiles[0].runcall(runpy.run_module, "filmstudio.studio", run_name="__main__")
except SystemExit:
    pass
finally:
    for profile in profiles:
        profile.disable()
    stats = pstats.Stats(profiles[0])
    for profile in profiles[1:]:
        try:
            stats.add(profile)
        except TypeError:
            pass
    stats.dump_stats(out)
"""


class Connection:
    """One keep-alive HTTP/1.1 connection; just enough of the protocol for JSON APIs."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: Any = None
    ) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        payload = json.dumps(body).encode() if body is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if body is not None:
            lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + payload)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        fields = {}
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            fields[name.strip().lower()] = value.strip().lower()
        if fields.get(b"transfer-encoding") == b"chunked":
            body_bytes = await self._chunks()
        else:
            body_bytes = await self.reader.readexactly(int(fields.get(b"content-length", 0)))
        if fields.get(b"connection") == b"close":  # a proxy may end a keep-alive connection
            self.close()
            self.reader = self.writer = None
        return status, body_bytes

    async def _chunks(self) -> bytes:
        assert self.reader is not None
        body = b""
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            body += await self.reader.readexactly(size + 2)
            if size == 0:
                return body[:-2]
            body = body[:-2]

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process and its live children have used (Linux /proc):
    ``serve --workers N`` answers from child processes."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(int(child)) for child in children)


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0

    def add(self, status: int, latency: float) -> None:
        self.latencies.append(latency)
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def report(self, title: str) -> str:
        ordered = sorted(self.latencies)
        p50 = statistics.median(ordered) * 1000
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        rate = len(ordered) / self.seconds
        codes = ", ".join(f"{code}×{n}" for code, n in sorted(self.statuses.items()))
        per_request = self.server_cpu / len(ordered) * 1000
        return (
            f"{title:<30} {len(ordered):>6} requests  {rate:>6.0f} req/s  "
            f"p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  [{codes}]\n"
            f"{'':<30} server CPU {per_request:.2f} ms/request; "
            f"CPU used over {self.seconds:.1f} s: server {self.server_cpu:.1f} s, "
            f"load generator {self.client_cpu:.1f} s"
        )


async def load(
    host: str,
    port: int,
    calls: list[tuple[str, str, dict[str, str], Any]],
    concurrency: int,
    server_pid: int,
) -> Run:
    """Send `calls` over `concurrency` connections as fast as the server answers."""
    run = Run()
    queue: asyncio.Queue[tuple[str, str, dict[str, str], Any]] = asyncio.Queue()
    for call in calls:
        queue.put_nowait(call)

    async def client() -> None:
        connection = Connection(host, port)
        try:
            while not queue.empty():
                method, path, headers, body = queue.get_nowait()
                started = time.perf_counter()
                status, _ = await connection.request(method, path, headers, body)
                run.add(status, time.perf_counter() - started)
        finally:
            connection.close()

    started = time.perf_counter()
    server0, client0 = cpu_seconds(server_pid), time.process_time()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    run.seconds = time.perf_counter() - started
    run.server_cpu = cpu_seconds(server_pid) - server0
    run.client_cpu = time.process_time() - client0
    return run


async def call(
    host: str, port: int, method: str, path: str, headers: dict[str, str], body: Any = None
) -> tuple[int, Any]:
    connection = Connection(host, port)
    try:
        status, raw = await connection.request(method, path, headers, body)
    finally:
        connection.close()
    return status, json.loads(raw) if raw else None


def users(env: dict[str, str], count: int, tag: str, tier: str = "free") -> list[dict[str, Any]]:
    """`count` accounts with access tokens, made through the studio library against the
    server's database (registering over HTTP would hit the anonymous rate limit of this one
    client address long before there are enough users)."""
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        from filmstudio.studio.accounts.service import create_user
        from filmstudio.studio.context import build_studio
        from filmstudio.studio.credits import service as credits

        studio = build_studio()
        made = []
        with studio.db.transaction() as session:
            for n in range(count):
                user = create_user(session, studio, f"bench-{tag}-{n}@example.com", None, tier=tier)
                if tier == "pro":
                    credits.add(session, user.id, 27, kind="grant")
                token = studio.tokens.access(user.id).token
                made.append({"id": str(user.id), "headers": {"Authorization": f"Bearer {token}"}})
        studio.close()
        return made
    finally:
        os.environ.clear()
        os.environ.update(saved)


def queue_figures(env: dict[str, str]) -> tuple[int, int]:
    """Jobs queued in the server's database and messages on its queue (read through the studio
    library: an admin needs a second login step over HTTP)."""
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        from sqlalchemy import func, select

        from filmstudio.studio.context import build_studio
        from filmstudio.studio.jobs.models import Job

        studio = build_studio()
        with studio.db.read_session() as session:
            queued = session.scalar(select(func.count()).where(Job.status == "queued")) or 0
        messages = studio.queue.depth()
        studio.close()
        return int(queued), messages
    finally:
        os.environ.clear()
        os.environ.update(saved)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(data: Path, args: argparse.Namespace) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FILMSTUDIO_")}
    env.update(
        {
            "FILMSTUDIO_DATA_DIR": str(data),
            "FILMSTUDIO_RENDERER": "fake",
            "FILMSTUDIO_ARGON2_TIME_COST": "1",
            "FILMSTUDIO_ARGON2_MEMORY_KIB": "1024",
            "FILMSTUDIO_ARGON2_PARALLELISM": "1",
            "FILMSTUDIO_REDIS_PREFIX": f"bench{os.getpid()}:",
        }
    )
    if args.database_url:
        env["FILMSTUDIO_DATABASE_URL"] = args.database_url
    if args.queue_url:
        env["FILMSTUDIO_QUEUE_URL"] = args.queue_url
    return env


def start_server(
    port: int, data: Path, env: dict[str, str], args: argparse.Namespace
) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "filmstudio.studio"]
    if args.database_url:
        subprocess.run([*command, "db", "upgrade"], env=env, check=True, capture_output=True)
    serve = command
    if args.profile:
        serve = [sys.executable, "-c", PROFILED, str(args.profile)]
    more = ["--workers", str(args.workers)] if args.workers > 1 else []
    server = subprocess.Popen(
        [*serve, "serve", "--port", str(port), "--no-worker", *more],
        env=env,
        stdout=(data / "server.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    log = (data / "server.log").read_text(errors="replace")[-3000:]
    raise SystemExit(f"the server did not start; the end of its log:\n{log}")


async def bench(
    host: str, port: int, server_pid: int, env: dict[str, str], args: argparse.Namespace
) -> None:
    if args.requests > 0:
        await reads(host, port, server_pid, env, args)
    await submits(host, port, server_pid, env, args)


async def reads(
    host: str, port: int, server_pid: int, env: dict[str, str], args: argparse.Namespace
) -> None:
    """GET /projects: each user stays under 100 requests a minute."""
    per_user = 90
    readers = users(env, -(-args.requests // per_user), "read")
    for user in readers:
        for n in range(3):
            body = {"title": f"Film {n}", "script": SCRIPT, "duration": 30}
            status, made = await call(host, port, "POST", "/api/v1/projects", user["headers"], body)
            assert status == 201, made
    warm = [("GET", "/api/v1/projects", u["headers"], None) for u in readers]
    await load(host, port, warm, args.concurrency, server_pid)
    gets = [
        ("GET", "/api/v1/projects", readers[n % len(readers)]["headers"], None)
        for n in range(args.requests)
    ]
    result = await load(host, port, gets, args.concurrency, server_pid)
    print(result.report("GET /api/v1/projects (auth)"))


async def submits(
    host: str, port: int, server_pid: int, env: dict[str, str], args: argparse.Namespace
) -> None:
    """1,000 job submissions: pro users (30 credits each), 20 jobs each."""
    writers = users(env, -(-args.jobs // 20), "write", tier="pro")
    projects = []
    for user in writers:
        status, project = await call(
            host,
            port,
            "POST",
            "/api/v1/projects",
            user["headers"],
            {"title": "Queued", "script": SCRIPT, "duration": 30},
        )
        assert status == 201
        projects.append((user, project["id"]))
    submits = [
        (
            "POST",
            "/api/v1/jobs/submit",
            {**projects[n % len(projects)][0]["headers"], "Idempotency-Key": f"bench-{n}"},
            {"project_id": projects[n % len(projects)][1]},
        )
        for n in range(args.jobs)
    ]
    result = await load(host, port, submits, args.concurrency, server_pid)
    print(result.report("POST /api/v1/jobs/submit"))
    accepted = result.statuses.get(202, 0)
    queued, messages = queue_figures(env)
    print(
        f"{accepted} jobs accepted (202) in {result.seconds:.2f} s; "
        f"queued in the database: {queued}, messages on the queue: {messages}"
    )


def forget_redis_keys(url: str, prefix: str) -> None:
    """Delete this run's keys (cache, rate limits, queue) and nothing else."""
    import redis

    client = redis.Redis.from_url(url)
    name = prefix.replace(":", "")
    for pattern in (f"{prefix}*", f"huey.*.{name}*"):
        keys = list(client.scan_iter(match=pattern, count=1000))
        if keys:
            client.delete(*keys)


@contextlib.contextmanager
def fresh_database(server: str | None) -> Iterator[str | None]:
    """A new, empty PostgreSQL database on `server` for one run (dropped afterwards), so a run
    never meets another's rows; None without a server."""
    if server is None:
        yield None
        return
    import psycopg

    name = f"fs_bench_{os.getpid()}_{int(time.time())}"
    dsn = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = dsn.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--requests", type=int, default=10_000, help="GET requests to send (0: submits only)."
    )
    parser.add_argument("--jobs", type=int, default=1_000, help="Jobs to submit.")
    parser.add_argument("--concurrency", type=int, default=16, help="Open connections.")
    parser.add_argument("--database-url", help="e.g. postgresql+psycopg://postgres@127.0.0.1/x")
    parser.add_argument(
        "--postgres",
        metavar="SERVER",
        help="a PostgreSQL server (e.g. postgresql://postgres@127.0.0.1:5432/test): the bench "
        "makes a database of its own there and drops it afterwards",
    )
    parser.add_argument("--queue-url", help="e.g. redis://127.0.0.1:6379/0")
    parser.add_argument(
        "--workers", type=int, default=1, help="API processes (serve --workers; needs Redis)."
    )
    parser.add_argument("--profile", type=Path, help="write the server's cProfile stats here")
    args = parser.parse_args()
    port = free_port()
    with (
        tempfile.TemporaryDirectory(prefix="filmstudio-bench-") as folder,
        fresh_database(args.postgres) as database_url,
    ):
        args.database_url = database_url or args.database_url
        env = server_env(Path(folder), args)
        server = start_server(port, Path(folder), env, args)
        try:
            print(
                f"server: filmstudio serve --no-worker --workers {args.workers} "
                f"on 127.0.0.1:{port}, "
                f"{os.cpu_count()} CPUs shared with this load generator, "
                f"database {'PostgreSQL' if args.database_url else 'SQLite'}, "
                f"queue {'Redis' if args.queue_url else 'SQLite'}"
            )
            asyncio.run(bench("127.0.0.1", port, server.pid, env, args))
        finally:
            server.terminate()
            server.wait(timeout=30)
            if args.queue_url:
                forget_redis_keys(args.queue_url, env["FILMSTUDIO_REDIS_PREFIX"])


if __name__ == "__main__":
    main()
