"""A test server of our own for the contract checks: its own database (a
SQLite file, or a PostgreSQL database created with a unique name and
dropped afterwards), the demo data, a free port, and tokens per role.

Standard library only, so that the fuzz check, the SDK programs and their
type check need nothing beyond what tools/requirements-contract.txt pins.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEMO_LA = "382"
DEMO_SCHOOL_URN = "990101"
DEMO_CARER_ID = "0193b2a4-0000-7000-8000-00000000ca01"
DEV_SECRET = "development-secret-not-for-production-use-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def admin_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", admin_url(), "-c", sql],
        check=True,
        stdout=subprocess.DEVNULL,
    )


@contextlib.contextmanager
def database(backend: str, workdir: Path) -> Iterator[str]:
    """A database of the run's own: yields its URL, then removes it."""
    if backend == "sqlite":
        workdir.mkdir(parents=True, exist_ok=True)
        path = workdir / "contract.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        yield f"sqlite://{path}"
        return
    if backend != "postgres":
        raise ValueError(f"unknown backend {backend}")
    name = f"contract_{os.getpid()}_{uuid.uuid4().hex[:10]}"
    _psql(f'CREATE DATABASE "{name}"')
    try:
        base = urllib.parse.urlsplit(admin_url())
        yield urllib.parse.urlunsplit(base._replace(path=f"/{name}"))
    finally:
        _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Server:
    binary: str
    database_url: str
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=self.database_url,
            BIND=f"127.0.0.1:{self.port}",
            JWT_SECRET=env.get("JWT_SECRET", DEV_SECRET),
            LOG_FORMAT="json",
        )
        return env

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [self.binary, *args], env=self.env(), check=True, capture_output=True, text=True
        )
        return done.stdout

    def token(self, role: str, **scope: str) -> str:
        args = ["token", "--role", role, "--la", DEMO_LA, "--sub", f"contract-{role}", "--ttl", "2h"]
        for key, value in scope.items():
            args += [f"--{key}", value]
        return self.run(*args).strip()

    def start(self) -> None:
        self.run("seed-demo")
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(
                [self.binary, "serve", "--no-migrate"],
                env=self.env(),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited at start; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/health/ready", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:  # refused, reset or timed out (URLError is one)
                time.sleep(0.1)
        raise RuntimeError(f"the server was not ready within 30 s; see {self.log}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


@contextlib.contextmanager
def serving(binary: str, backend: str, workdir: Path) -> Iterator[Server]:
    """A seeded server on its own database, stopped and removed afterwards."""
    with database(backend, workdir) as url:
        server = Server(binary=binary, database_url=url, log=workdir / "server.log")
        try:
            server.start()
            yield server
        finally:
            server.stop()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: Any


class Client:
    """A small JSON client for setting up fixtures."""

    def __init__(self, base: str, token: str) -> None:
        self.base = base
        self.token = token

    def call(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> Reply:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.base}{path}", data=data, method=method)
        req.add_header("Authorization", f"Bearer {self.token}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            req.add_header(key, value)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                raw = r.read()
                return Reply(r.status, {k.lower(): v for k, v in r.headers.items()}, _json(raw))
        except urllib.error.HTTPError as e:
            raw = e.read()
            return Reply(e.code, {k.lower(): v for k, v in e.headers.items()}, _json(raw))

    def expect(self, status: int, method: str, path: str, body: Any = None, **headers: str) -> Any:
        reply = self.call(method, path, body, {k.replace("_", "-"): v for k, v in headers.items()})
        if reply.status != status:
            raise AssertionError(
                f"{method} {path}: expected {status}, got {reply.status}: {reply.body}"
            )
        return reply.body


def _json(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")
