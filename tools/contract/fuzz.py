"""The fuzz check: schemathesis over every operation, as each role of
roles.toml, on SQLite and on PostgreSQL, each backend on a server and a
database of its own; then the coverage report (coverage.py).

    fuzz.py --bin target/debug/cluster-support --out target/contract/fuzz \
        [--backend sqlite --backend postgres] [--max-examples N] [--seed S]

Exits non-zero on any schemathesis failure or failing warning, or when an
operation never reached a 2xx (outside exclusions.toml).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

import coverage
import harness
import world
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

# Parameters and body fields naming a record, by name: which fixtures they take.
ID_FIELDS = {
    "child_id": "children",
    "case_id": "cases",
    "school_id": "schools",
    "cluster_id": "clusters",
    "meeting_id": "meetings",
    "referral_id": "cluster-referrals",
    "service_id": "services",
    "carer_id": "carers",
    "team_member_id": "team-members",
    "upn": "upns",
    "urn": "urns",
    "school_urn": "urns",
    "financial_year": "years",
    "academic_year": "years",
}
# How often a generated value is replaced by a fixture: the rest stay random,
# so that unknown ids (404) and bad ones (400) are tried too.
PROBABILITY = 0.8


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML for {value!r}")


def path_kind(path: str, name: str) -> str | None:
    """`/v1/children/{id}/carers` names a child by `id`."""
    if name != "id":
        return ID_FIELDS.get(name)
    segments = path.split("/")
    at = segments.index("{id}")
    return segments[at - 1]


def bindings(spec: dict[str, Any], fixtures: dict[str, list[Any]]) -> dict[str, dict[str, Any]]:
    """Per operation id, the parameter bindings to fixture dictionaries."""
    schemas = spec.get("components", {}).get("schemas", {})

    def resolve(schema: dict[str, Any]) -> dict[str, Any]:
        ref = schema.get("$ref")
        if isinstance(ref, str):
            resolved: dict[str, Any] = schemas.get(ref.rsplit("/", 1)[-1], {})
            return resolved
        return schema

    def body_fields(schema: dict[str, Any], prefix: str, depth: int, out: dict[str, str]) -> None:
        schema = resolve(schema)
        for variant in schema.get("oneOf", []) + schema.get("anyOf", []):
            body_fields(variant, prefix, depth, out)
        for name, sub in schema.get("properties", {}).items():
            key = f"{prefix}.{name}"
            if name in ID_FIELDS:
                out[key] = ID_FIELDS[name]
            elif depth < 2:
                sub = resolve(sub)
                if sub.get("type") == "array" or "array" in (sub.get("type") or []):
                    body_fields(sub.get("items", {}), f"{key}[*]", depth + 1, out)
                else:
                    body_fields(sub, key, depth + 1, out)

    result: dict[str, dict[str, Any]] = {}
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            found: dict[str, str] = {}
            for param in op.get("parameters", []):
                where, name = param["in"], param["name"]
                kind = path_kind(path, name) if where == "path" else ID_FIELDS.get(name)
                if name == "If-Match":
                    kind = "if-match"
                if kind:
                    found[f"{where}.{name}"] = kind
            for media in op.get("requestBody", {}).get("content", {}).values():
                body_fields(media.get("schema", {}), "body", 0, found)
            result[op["operationId"]] = {
                key: {"dictionary": kind, "probability": PROBABILITY}
                for key, kind in found.items()
                if fixtures.get(kind)
            }
    return result


def read_seeds(spec: dict[str, Any], fixtures: dict[str, list[Any]], seeds: dict[str, list[dict[str, Any]]]) -> None:
    """A plain read of each GET operation not seeded already, naming the first
    fixture of each path parameter and of each required query parameter:
    lists otherwise rarely get a 2xx, since most generated cursors are
    (rightly) refused. A seed is a positive case, so one whose required
    parameter has no fixture is not made."""
    for path, ops in spec["paths"].items():
        op = ops.get("get")
        if op is None or op["operationId"] in seeds:
            continue
        request: dict[str, dict[str, Any]] = {}
        complete = True
        for param in op.get("parameters", []):
            where = {"path": "path_parameters", "query": "query"}.get(param["in"])
            if where is None or (where == "query" and not param.get("required")):
                continue
            kind = path_kind(path, param["name"])
            if kind and fixtures.get(kind):
                request.setdefault(where, {})[param["name"]] = fixtures[kind][0]
            else:
                complete = complete and not param.get("required")
        if complete:
            seeds[op["operationId"]] = [request]


def config_text(
    exclusions: dict[str, Any],
    fixtures: dict[str, list[Any]],
    binds: dict[str, dict[str, Any]],
    operations: dict[str, str],
    seed: int,
    max_examples: int,
) -> str:
    """schemathesis.toml for one run; `operations` gives each operation's token."""
    lines = [
        f"seed = {seed}",
        "[generation]",
        f"max-examples = {max_examples}",
        # The same cases on every run: no example database replaying earlier
        # failures, and no shrinking (the report shows the case as sent).
        'database = "none"',
        "no-shrink = true",
        # Undeclared methods: OPTIONS and DELETE of each path, not all seven,
        # to stay within the check's time (README); both must answer 405 with Allow.
        # No stateful phase: on this contract it found nothing the other
        # phases do not (FINDINGS.md, E), and took a fifth of the time.
        "[phases.stateful]",
        "enabled = false",
        "[phases.coverage]",
        'unexpected-methods = ["OPTIONS", "DELETE"]',
        "[warnings]",
        # Every warning fails the run (missing_test_data and the schema's
        # validation mismatches above all) but those exclusions.toml lists
        # under [[open_warning]], each with the fix it waits on. A warning
        # tolerated for some operations ([[tolerate_warning]]) is failed
        # here, by `untolerated`, on every other operation it names:
        # schemathesis 4.x reads `fail-on` for the whole run only.
        f"fail-on = {toml_value(failing_warnings(exclusions))}",
    ]
    for widened in exclusions.get("widen", []):
        lines += [f"[checks.{widened['check']}]", f"expected-statuses = {toml_value(widened['statuses'])}"]
    per_op: dict[str, dict[str, Any]] = {op: {} for op in operations}
    for excluded in exclusions.get("exclude_check", []):
        scope = excluded.get("operations")
        if scope is None:
            lines += [f"[checks.{excluded['check']}]", "enabled = false"]
            continue
        for op in scope:
            if op in per_op:
                per_op[op].setdefault("checks", {})[excluded["check"]] = {"enabled": False}
    widened_by_check = {w["check"]: w["statuses"] for w in exclusions.get("widen", [])}
    for widened in exclusions.get("widen_op", []):
        statuses = list(widened_by_check.get(widened["check"], [])) + list(widened["statuses"])
        for op in widened["operations"]:
            if op in per_op:
                per_op[op].setdefault("checks", {})[widened["check"]] = {"expected-statuses": statuses}
    for kind, values in fixtures.items():
        if values:
            lines += [f"[dictionaries.{json.dumps(kind)}]", f"values = {toml_value(values)}"]
    for op, token in operations.items():
        per_op[op]["headers"] = {"Authorization": f"Bearer {token}"}
        if binds.get(op):
            per_op[op]["parameters"] = binds[op]
        if per_op[op]:
            lines += ["[[operations]]", f"include-operation-id = {json.dumps(op)}"]
            lines += [f"{key} = {toml_value(value)}" for key, value in per_op[op].items()]
    return "\n".join(lines) + "\n"


WARNINGS = [
    "missing_auth", "missing_test_data", "base_url_mismatch", "validation_mismatch",
    "missing_deserializer", "unused_openapi_auth", "unsupported_regex", "method_not_allowed",
    "constants_extraction", "unmatched_filter", "unresolvable_reference", "low_valid_rate",
]


def failing_warnings(exclusions: dict[str, Any]) -> list[str]:
    """Every schemathesis warning but those listed as open, and those
    tolerated for named operations (which `untolerated` fails on the rest)."""
    open_ = {w["warning"] for w in exclusions.get("open_warning", [])}
    open_ |= {w["warning"] for w in exclusions.get("tolerate_warning", [])}
    return [w for w in WARNINGS if w not in open_]


# How schemathesis's report titles each warning it lists operations under.
WARNING_TITLES = {"validation_mismatch": "Schema validation mismatch", "missing_test_data": "Missing test data"}


def untolerated(log: str, spec: dict[str, Any], exclusions: dict[str, Any]) -> list[str]:
    """The warnings of a run's report on operations [[tolerate_warning]]
    does not name for that warning, as `warning: operation id`."""
    ids = {f"{method.upper()} {path}": op.get("operationId") for path, ops in spec["paths"].items() for method, op in ops.items() if isinstance(op, dict)}
    warnings = log.split("= WARNINGS =", 1)[1].split("= SUMMARY =", 1)[0] if "= WARNINGS =" in log else ""
    tolerated: dict[str, set[str]] = {}
    for entry in exclusions.get("tolerate_warning", []):
        tolerated.setdefault(entry["warning"], set()).update(entry["operations"])
    found: list[str] = []
    for warning, operations in tolerated.items():
        # A title, then the operations one per line (in groups, each with a
        # hint), up to the next warning's title.
        for section in warnings.split(WARNING_TITLES[warning])[1:]:
            for title in WARNING_TITLES.values():
                section = section.split(title, 1)[0]
            for label in re.findall(r"^  - (\S+ \S+)$", section, re.M):
                entry = f"{warning}: {ids.get(label, label)}"
                if ids.get(label, label) not in operations and entry not in found:
                    found.append(entry)
    return found


def run_role(
    args: argparse.Namespace,
    server: harness.Server,
    out: Path,
    role: str,
    operations: list[str],
    config: str,
) -> tuple[str, int, float]:
    conf = out / f"{role}.toml"
    conf.write_text(config)
    cmd = [
        str(Path(sys.executable).parent / "schemathesis"),
        "--config-file",
        str(conf),
        "--no-color",
        "run",
        str(args.spec),
        "--url",
        server.url,
        "--checks",
        "all",
        "--workers",
        "1",
        "--report",
        "junit,ndjson",
        "--report-junit-path",
        str(out / f"{role}.junit.xml"),
        "--report-ndjson-path",
        str(out / f"{role}.ndjson"),
    ]
    for op in operations:
        cmd += ["--include-operation-id", op]
    env = dict(os.environ)
    env["SCHEMATHESIS_HOOKS"] = "hooks"
    env["CONTRACT_SEEDS"] = str(out / "seeds.json")
    env["PYTHONPATH"] = str(HERE) + os.pathsep + env.get("PYTHONPATH", "")
    started = time.monotonic()
    with open(out / f"{role}.log", "w") as log:
        rc = subprocess.run(cmd, env=env, cwd=out, stdout=log, stderr=subprocess.STDOUT).returncode
    return role, rc, time.monotonic() - started


def runs(roles: dict[str, Any]) -> list[list[str]]:
    """Roles gathered into as few schemathesis runs as can be: roles whose
    operations do not overlap share a run, each operation sent with its
    role's token (a run's fixed cost, some seconds, is paid once)."""
    groups: list[tuple[list[str], set[str]]] = []
    for role, entry in roles.items():
        ops = set(entry["operations"])
        for names, taken in groups:
            if not ops & taken:
                names.append(role)
                taken |= ops
                break
        else:
            groups.append(([role], ops))
    return [names for names, _ in groups]


def run_backend(args: argparse.Namespace, backend: str, roles: dict[str, Any], exclusions: dict[str, Any]) -> bool:
    out = args.out / backend
    out.mkdir(parents=True, exist_ok=True)
    for pattern in ("*.ndjson", "*.log", "*.toml", "*.xml"):
        for stale in out.glob(pattern):
            stale.unlink()
    spec = yaml.safe_load(args.spec.read_text())
    ok = True
    started = time.monotonic()
    with harness.serving(args.bin, backend, out) as server:
        tokens, fixtures, seeds = world.build(server)
        (out / "fixtures.json").write_text(json.dumps(fixtures, indent=2))
        read_seeds(spec, fixtures, seeds)
        (out / "seeds.json").write_text(json.dumps(seeds, indent=2))
        binds = bindings(spec, fixtures)
        ready = time.monotonic() - started
        # Runs one after another: records one run changes are read by the next.
        for group in runs(roles):
            ops = {op: tokens[role] for role in group for op in roles[role]["operations"]}
            text = config_text(exclusions, fixtures, binds, ops, args.seed, args.max_examples)
            world.restore(server)
            name, rc, took = run_role(args, server, out, "+".join(group), list(ops), text)
            extra = untolerated((out / f"{name}.log").read_text(), spec, exclusions)
            if extra:
                rc = rc or 1
            status = "ok" if rc == 0 else f"FAILED (exit {rc}; see {out / (name + '.log')})"
            status += "".join(f"\n    warning not tolerated: {w}" for w in extra)
            print(f"[{backend}] {name:40} {len(ops):3} operations {took:6.1f} s  {status}", flush=True)
            ok = ok and rc == 0
    print(f"[{backend}] server, database and fixtures {ready:.1f} s; total {time.monotonic() - started:.1f} s", flush=True)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=str(ROOT / "target/debug/cluster-support"))
    parser.add_argument("--spec", type=Path, default=ROOT / "openapi.yaml")
    parser.add_argument("--out", type=Path, default=ROOT / "target/contract/fuzz")
    parser.add_argument("--backend", action="append", choices=["sqlite", "postgres"])
    parser.add_argument("--max-examples", type=int, default=int(os.environ.get("CONTRACT_MAX_EXAMPLES", "5")))
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--no-report", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    backends = args.backend or ["sqlite", "postgres"]
    roles = tomllib.loads((HERE / "roles.toml").read_text())["roles"]
    exclusions = tomllib.loads((HERE / "exclusions.toml").read_text())
    unknown = {op for r in roles.values() for op in r["operations"]} - coverage.operation_ids(args.spec)
    if unknown:
        print(f"roles.toml names operations the contract does not have: {sorted(unknown)}")
        return 1
    # A stop (Ctrl-C, or CI's SIGTERM) unwinds: servers stopped, databases dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if len(backends) == 1:
        results = [run_backend(args, backends[0], roles, exclusions)]
    else:
        # The backends side by side, each in a process of its own with its
        # own server and database; the coverage report reads both.
        argv: list[str] = []
        rest = iter(sys.argv[1:])
        for a in rest:
            if a == "--backend":
                next(rest, None)
            elif not a.startswith("--backend="):
                argv.append(a)
        children = [
            subprocess.Popen([sys.executable, __file__, *argv, "--backend", b, "--no-report"]) for b in backends
        ]
        try:
            results = [child.wait() == 0 for child in children]
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
                    child.wait()
    if args.no_report:
        return 0 if all(results) else 1
    covered = coverage.report(args.spec, [args.out / b for b in backends], exclusions)
    if not all(results):
        print("fuzz: schemathesis reported failures (see the logs above and tools/contract/FINDINGS.md)")
    return 0 if all(results) and covered else 1


if __name__ == "__main__":
    raise SystemExit(main())
