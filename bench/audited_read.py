#!/usr/bin/env python3
"""W1, the audited read, against `pgbench -S` on the same PostgreSQL server.

Run by `make bench` (python3 standard library only). For each backend
(SQLite, the embedded default, then PostgreSQL) it makes a database of its
own, loads the demo data and 100,000 valid children into Kirklees (382),
starts the release binary and times it to ready, then sends
GET /v1/children/{id} as a member of staff of Birkby Junior School (a
verified HS256 JWT; each answer is recorded in the audit trail before it
goes out) with oha: 64 connections, 3 s of warm-up, then 15 s measured, the
ids drawn at random from the school's 10,000 of the LA's 100,000 children
(an LA officer may not read a child: docs/access.md). Then the same requests open loop at half
the measured rate, for p50/p99. The server's VmRSS is sampled from /proc
throughout and VmHWM read at the end.

In the same run, `pgbench -i -s 10` into a database of its own and
`pgbench -S -c64 -j2 -T15`: W1 requests/s divided by pgbench's tps is the
W1 ratio, the figure that counts.

The bench asserts its own honesty and exits non-zero when it cannot:
PostgreSQL's `synchronous_commit` and `fsync` are on, the audit table is
logged (relpersistence 'p'), and each run added exactly as many audit rows
as it had 200 answers.

Every database it makes is dropped (or its file removed) afterwards. The
table is printed and written to docs/performance.md.
"""

import contextlib
import csv
import datetime
import io
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("BENCH_BIN", os.path.join(ROOT, "target/release/cluster-support"))
OHA = os.environ.get("OHA", os.path.join(ROOT, "target/tools/bin/oha"))
WORK = os.path.join(ROOT, "target/bench")
REPORT = os.path.join(ROOT, "docs/performance.md")
SERVER_URL = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")

LA = "382"
CHILDREN = 100_000
SAMPLED = 10_000
# Birkby Junior School (put first when the children are spread): SAMPLED of the children are there.
READER_URN = "990101"
CONNECTIONS = 64
WARM_UP = "3s"
MEASURED = "15s"
ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"


class Dishonest(Exception):
    """The run cannot be trusted: a setting, or the trail, is not as claimed."""


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run(args, **kwargs):
    done = subprocess.run(args, text=True, capture_output=True, **kwargs)
    if done.returncode != 0:
        raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


# --- PostgreSQL ------------------------------------------------------------

SERVER = urllib.parse.urlparse(SERVER_URL)


def pg_url(database):
    return SERVER._replace(path="/" + database).geturl()


def psql(database, sql, stdin=None):
    return run(
        ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", pg_url(database), "-c", sql],
        input=stdin,
    ).strip()


def pg_conn_flags():
    flags = ["-h", SERVER.hostname or "127.0.0.1", "-p", str(SERVER.port or 5432)]
    if SERVER.username:
        flags += ["-U", SERVER.username]
    return flags


def pgbench_tps(database):
    psql("postgres", f'CREATE DATABASE "{database}"')
    try:
        log("pgbench -i -s 10")
        run(["pgbench", *pg_conn_flags(), "-i", "-s", "10", "-q", database])
        log("pgbench -S -c64 -j2 -T15")
        out = run(["pgbench", *pg_conn_flags(), "-S", "-c64", "-j2", "-T15", database])
    finally:
        psql("postgres", f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    for line in out.splitlines():
        if line.startswith("tps = "):
            return float(line.split()[2])
    raise RuntimeError(f"no tps in pgbench's output:\n{out}")


def assert_pg_durable(database):
    """synchronous_commit and fsync on, as seen by the app's user in the
    app's database (a database or role setting would show here), and every
    audit table logged."""
    for setting in ("synchronous_commit", "fsync"):
        value = psql(database, f"SHOW {setting}")
        if value != "on":
            raise Dishonest(f"PostgreSQL {setting} is {value}, not on")
    rows = psql(
        database,
        "SELECT relname || ':' || relpersistence::text FROM pg_class "
        "WHERE relname LIKE 'audit%' AND relkind IN ('r', 'p') ORDER BY relname",
    ).split()
    if not rows:
        raise Dishonest("no audit table found")
    for row in rows:
        name, persistence = row.split(":")
        if persistence != "p":
            raise Dishonest(f"audit table {name} is not logged (relpersistence {persistence})")
    return [r.split(":")[0] for r in rows]


# --- The children ----------------------------------------------------------


def check_letter(body):
    """The UPN's check letter for its twelve characters (all digits here)."""
    return ALPHABET[sum(w * int(c) for w, c in zip(range(2, 14), body)) % 23]


def upns(establishment):
    """Valid permanent UPNs of LA 382 at one establishment: its four digits,
    a year of allocation from 10 to 24 (the demo's two children are in 25),
    and a serial; 15,000 of them."""
    for n in range(15_000):
        body = f"{LA}{establishment}{10 + n // 1000:02d}{n % 1000:03d}"
        yield check_letter(body) + body


def uuid7(ms, rng):
    """A UUIDv7 (time-ordered, like the server's own ids) for millisecond `ms`."""
    b = bytearray(ms.to_bytes(6, "big") + rng.randbytes(10))
    b[6] = 0x70 | (b[6] & 0x0F)
    b[8] = 0x80 | (b[8] & 0x3F)
    h = b.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def children(schools, stamp):
    """CHILDREN valid records over the LA's schools: `schools` is a list of
    (id, DfE number), the first of them Birkby Junior School, whose staff
    read them in W1: SAMPLED of the children go there, the rest are spread
    over the other schools. Dates of birth span Reception to Year 11."""
    rng = random.Random(382)
    start_ms = int(time.time() * 1000) - CHILDREN
    first_born = datetime.date(2010, 9, 1)
    birthdays = [(first_born + datetime.timedelta(days=d)).isoformat() for d in range(11 * 365)]
    numbers = {school_id: upns(dfe.split("/")[1]) for school_id, dfe in schools}
    rows = []
    for i in range(CHILDREN):
        school_id = schools[0 if i < SAMPLED else 1 + i % (len(schools) - 1)][0]
        rows.append(
            (
                uuid7(start_ms + i, rng),
                LA,
                school_id,
                next(numbers[school_id]),
                f"Child{i}",
                "Bench",
                rng.choice(birthdays),
                "sen_support" if i % 7 == 0 else "none",
                "[]",
                "none",
                1,
                stamp,
                stamp,
            )
        )
    return rows


COLUMNS = (
    "id, local_authority_id, school_id, upn, legal_given_name, legal_family_name, "
    "date_of_birth, sen_status, areas_of_need, ehcp_status, version, created_at, updated_at"
)


class Sqlite:
    name = "SQLite"

    def __init__(self, tag):
        self.path = os.path.join(WORK, f"w1-{tag}.db")
        self.url = f"sqlite://{self.path}"

    def create(self):
        self.drop()

    def drop(self):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(self.path + suffix):
                os.remove(self.path + suffix)

    def query(self, sql, args=()):
        with sqlite3.connect(self.path) as db:
            return db.execute(sql, args).fetchall()

    def load_children(self):
        schools = self.query(
            "SELECT id, dfe_number FROM schools WHERE local_authority_id = ? "
            "ORDER BY CASE WHEN urn = ? THEN 0 ELSE 1 END, urn",
            (LA, READER_URN),
        )
        stamp = self.query("SELECT created_at FROM schools LIMIT 1")[0][0]
        rows = children(schools, stamp)
        db = sqlite3.connect(self.path)
        with db:
            db.execute("PRAGMA foreign_keys = ON")
            db.executemany(
                f"INSERT INTO children ({COLUMNS}) VALUES ({', '.join('?' * 13)})", rows
            )
        db.execute("ANALYZE")
        db.close()
        return [r[0] for r in rows[:SAMPLED]]

    def audit_rows(self):
        return self.query("SELECT count(*) FROM audit_events")[0][0]

    def durability(self):
        return "WAL, synchronous=NORMAL (the server's pragmas)"


class Postgres:
    name = "PostgreSQL"

    def __init__(self, tag):
        self.database = f"cs_bench_w1_{tag}"
        self.url = pg_url(self.database)

    def create(self):
        self.drop()
        psql("postgres", f'CREATE DATABASE "{self.database}"')

    def drop(self):
        psql("postgres", f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    def load_children(self):
        schools = [
            tuple(line.split("|"))
            for line in psql(
                self.database,
                f"SELECT id, dfe_number FROM schools WHERE local_authority_id = '{LA}' "
                f"ORDER BY CASE WHEN urn = '{READER_URN}' THEN 0 ELSE 1 END, urn",
            ).splitlines()
        ]
        rows = children(schools, psql(self.database, "SELECT created_at FROM schools LIMIT 1"))
        data = io.StringIO()
        csv.writer(data).writerows(rows)
        psql(self.database, f"COPY children ({COLUMNS}) FROM STDIN WITH (FORMAT csv)", data.getvalue())
        psql(self.database, "ANALYZE")
        return [r[0] for r in rows[:SAMPLED]]

    def audit_rows(self):
        return int(psql(self.database, "SELECT count(*) FROM audit_events"))

    def durability(self):
        tables = assert_pg_durable(self.database)
        return f"synchronous_commit=on, fsync=on, {', '.join(tables)} logged"


# --- The server and the load -----------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_kb(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0])
    return fields


def oha(args, urls, token, sample=None, connections=CONNECTIONS):
    """Runs oha with `args` over the URLs in `urls` at `connections`
    connections; calls `sample` every
    250 ms while it runs. Requests still in flight at the deadline are
    waited for, so that every audit row written has its answer counted."""
    load = subprocess.Popen(
        [
            OHA,
            "--no-tui",
            "--output-format",
            "json",
            "--urls-from-file",
            urls,
            "-H",
            f"Authorization: Bearer {token}",
            "-c",
            str(connections),
            "--wait-ongoing-requests-after-deadline",
            *args,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    while load.poll() is None:
        if sample:
            sample()
        time.sleep(0.25)
    out = load.stdout.read()
    if load.returncode != 0:
        raise RuntimeError(f"oha {' '.join(args)} failed with {load.returncode}")
    return json.loads(out)


def ok_answers(result):
    return int(result.get("statusCodeDistribution", {}).get("200", 0))


def other_answers(result):
    codes = result.get("statusCodeDistribution", {})
    errors = sum(result.get("errorDistribution", {}).values())
    return sum(v for k, v in codes.items() if k != "200") + errors


def audited(backend, label, load):
    """Runs `load`, and fails unless every answer was a 200 and it added one
    audit row per 200 answer: a run of refusals (the reader's school not
    the one its children were loaded into) measures nothing."""
    before = backend.audit_rows()
    result = load()
    added = backend.audit_rows() - before
    if other_answers(result) or not ok_answers(result):
        raise Dishonest(
            f"{backend.name} {label}: {ok_answers(result)} answers of 200 and {other_answers(result)} others"
        )
    if added != ok_answers(result):
        raise Dishonest(
            f"{backend.name} {label}: {ok_answers(result)} answers of 200 but {added} new audit rows"
        )
    return result


def measure(backend, env, tag):
    log(f"{backend.name}: database, demo data and {CHILDREN:,} children")
    backend.create()
    try:
        run([BIN, "seed-demo"], env=env)
        ids = backend.load_children()
        durability = backend.durability()
        urls = os.path.join(WORK, f"w1-{tag}-urls.txt")
        port = free_port()
        with open(urls, "w") as f:
            for child in random.Random(11).sample(ids, len(ids)):
                f.write(f"http://127.0.0.1:{port}/v1/children/{child}\n")
        token = run(
            [BIN, "token", "--role", "school_staff", "--la", LA, "--school", READER_URN, "--ttl", "1h"], env=env
        ).strip()
        with serving(env, port, os.path.join(WORK, f"w1-{tag}-server.log")) as (server, ready):
            return load(backend, server, urls, token, ready, durability)
    finally:
        backend.drop()


@contextlib.contextmanager
def serving(env, port, log_path):
    """The release server on `port`, ready: yields it and the seconds it
    took to be ready; stopped (SIGTERM, then killed after 30 s) at the end."""
    env = dict(env, BIND=f"127.0.0.1:{port}")
    with open(log_path, "w") as server_log:
        started = time.monotonic()
        server = subprocess.Popen([BIN, "serve"], env=env, stdout=server_log, stderr=server_log)
        try:
            yield server, time_to_ready(server, port, started)
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


def time_to_ready(server, port, started):
    url = f"http://127.0.0.1:{port}/health/ready"
    while time.monotonic() - started < 30:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode} before it was ready")
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                if answer.status == 200:
                    return time.monotonic() - started
        except OSError:  # not listening yet, refused, or reset
            pass
        time.sleep(0.002)
    raise RuntimeError("the server was not ready within 30 s")


def load(backend, server, urls, token, ready, durability):
    log(f"{backend.name}: ready in {ready * 1000:.0f} ms; warm-up {WARM_UP}")
    oha(["-z", WARM_UP], urls, token)
    log(f"{backend.name}: W1 at {CONNECTIONS} connections for {MEASURED}")
    rss = []

    def w1():
        return oha(["-z", MEASURED], urls, token, lambda: rss.append(status_kb(server.pid)["VmRSS"]))

    closed = audited(backend, "W1", w1)
    hwm = status_kb(server.pid)["VmHWM"]
    peak = closed["summary"]["requestsPerSec"]
    rate = max(1, round(peak / 2))
    log(f"{backend.name}: {peak:,.0f} req/s; open loop at {rate} req/s for {MEASURED}")
    opened = audited(
        backend, "open loop", lambda: oha(["-z", MEASURED, "-q", str(rate), "--latency-correction"], urls, token)
    )
    return {
        "backend": backend.name,
        "rps": peak,
        "ok": ok_answers(closed),
        "other": other_answers(closed),
        "closed_p99_ms": closed["latencyPercentiles"]["p99"] * 1000,
        "rate": rate,
        "open_rps": opened["summary"]["requestsPerSec"],
        "open_other": other_answers(opened),
        "p50_ms": opened["latencyPercentiles"]["p50"] * 1000,
        "p99_ms": opened["latencyPercentiles"]["p99"] * 1000,
        "rss_mb": max(rss) / 1024 if rss else 0,
        "hwm_mb": hwm / 1024,
        "ready_ms": ready * 1000,
        "durability": durability,
    }


# --- The report ------------------------------------------------------------


def machine():
    with open("/proc/meminfo") as f:
        total_kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": f"{total_kb / 1024 / 1024:.1f} GiB",
        "postgres": psql("postgres", "SHOW server_version"),
        "oha": run([OHA, "--version"]).strip(),
        "load": open("/proc/loadavg").read().split()[0],
    }


def table(results, tps):
    lines = [
        "| backend | W1 req/s (64 conn.) | non-200 | closed-loop p99 | pgbench -S tps | **W1 ratio** "
        "| open loop at | p50 | p99 | VmRSS max / VmHWM | time to ready |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r['backend']} | {r['rps']:,.0f} | {r['other']} | {r['closed_p99_ms']:.1f} ms | {tps:,.0f} "
            f"| **{r['rps'] / tps:.3f}** | {r['rate']:,} req/s | {r['p50_ms']:.2f} ms | {r['p99_ms']:.2f} ms "
            f"| {r['rss_mb']:.1f} / {r['hwm_mb']:.1f} MB | {r['ready_ms']:.0f} ms |"
        )
    return "\n".join(lines)


def write_report(text, facts, results):
    honesty = "\n".join(
        f"- {r['backend']}: {r['durability']}; {r['ok']:,} answers of 200, as many new audit rows "
        f"(open loop too; {r['open_other']} non-200 there)."
        for r in results
    )
    doc = f"""# Performance

Written by `make bench` ({os.path.relpath(__file__, ROOT)}); do not edit by hand, run it again
(except the sections from "Lists that stay flat" on, which it keeps).

**W1**: `GET /v1/children/{{id}}` as school staff of Birkby Junior School (URN {READER_URN}) with a
verified HS256 JWT, each answer's audit row committed before it is sent; release build, default settings (`WORKERS` one per core,
`DB_POOL_SIZE` 10, `RUST_LOG=info` to a file; the audit group commit's window
`AUDIT_GROUP_WINDOW_US={os.environ.get("AUDIT_GROUP_WINDOW_US", "1000")}`{"" if "AUDIT_GROUP_WINDOW_US" in os.environ else ", the default"}). {CHILDREN:,} children in the LA, the ids drawn at
random from the {SAMPLED:,} at that school; oha, {CONNECTIONS} connections, {WARM_UP} warm-up then {MEASURED}
(closed loop), then {MEASURED} open loop at half the measured rate (`oha -q`, latency corrected
for coordinated omission). `pgbench -S -c64 -j2 -T15` at scale 10 runs on the same PostgreSQL
server in the same run; **W1 ratio** = W1 req/s ÷ pgbench tps. VmRSS is sampled from `/proc`
every 250 ms during W1; VmHWM read after it. Time to ready: from spawning `serve` (migrations
already applied) to the first 200 from `/health/ready`.

## Last run

Machine: {facts['nproc']} cores ({facts['cpu']}), {facts['memory']} memory, PostgreSQL {facts['postgres']},
{facts['oha']}; {facts['date']}; load average {facts['load']} at the start (the machine may be shared).

{text}

Honesty, asserted by the run (it fails otherwise):

{honesty}

SQLite's `synchronous=NORMAL` in WAL mode keeps a commit through a crash of the process but not
necessarily through a power loss; PostgreSQL's figures are for commits flushed to disk.
"""
    kept = kept_sections()  # before "w" empties the file
    with open(REPORT, "w") as f:
        f.write(doc + kept)


# The report's sections written by hand, after the run's own, from this
# heading on: kept as they are when the run rewrites the report.
KEPT_FROM = "\n## Lists that stay flat\n"


def kept_sections():
    try:
        with open(REPORT) as f:
            old = f.read()
    except FileNotFoundError:
        return ""
    at = old.find(KEPT_FROM)
    return old[at:] if at >= 0 else ""


def main():
    os.makedirs(WORK, exist_ok=True)
    tag = str(os.getpid())
    env = dict(os.environ, RUST_LOG=os.environ.get("RUST_LOG", "info"))
    env.setdefault("JWT_SECRET", "development-secret-not-for-production-use-0123456789")
    facts = machine()
    try:
        results = []
        for backend in (Sqlite(tag), Postgres(tag)):
            results.append(measure(backend, dict(env, DATABASE_URL=backend.url), tag))
        tps = pgbench_tps(f"cs_bench_pgbench_{tag}")
    except Dishonest as e:
        log(f"FAILED, the run is not honest: {e}")
        return 1
    text = table(results, tps)
    print(text)
    write_report(text, facts, results)
    log(f"written to {os.path.relpath(REPORT, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
