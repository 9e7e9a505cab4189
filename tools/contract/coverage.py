"""Per operation, whether the fuzz check saw a 2xx, on each backend; and
which checks failed where. Reads schemathesis's NDJSON event reports.

    coverage.py target/contract/fuzz/sqlite target/contract/fuzz/postgres

Fails when an operation never reached a 2xx on a backend, unless
exclusions.toml lists it under [[no_success]] with a reason.
"""

from __future__ import annotations

import collections
import json
import sys
import tomllib
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
METHODS = ("get", "post", "put", "patch", "delete")


def operations(spec_path: Path) -> dict[str, str]:
    """Label (`GET /v1/children/{id}`) to operation id."""
    spec = yaml.safe_load(spec_path.read_text())
    return {
        f"{method.upper()} {path}": op["operationId"]
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        if method in METHODS
    }


def operation_ids(spec_path: Path) -> set[str]:
    return set(operations(spec_path).values())


def scan(directory: Path) -> tuple[collections.Counter[str], collections.Counter[str], dict[str, collections.Counter[str]]]:
    """Per label: 2xx seen, requests sent, and failed checks."""
    successes: collections.Counter[str] = collections.Counter()
    requests: collections.Counter[str] = collections.Counter()
    failures: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for report in sorted(directory.glob("*.ndjson")):
        with open(report) as events:
            for line in events:
                if not line.startswith('{"ScenarioFinished"'):
                    continue
                recorder: dict[str, Any] = json.loads(line)["ScenarioFinished"]["recorder"]
                label: str = recorder["label"]
                method = label.split(" ", 1)[0]
                for interaction in recorder.get("interactions", {}).values():
                    if interaction["request"]["method"] != method:
                        continue
                    requests[label] += 1
                    response = interaction.get("response") or {}
                    if 200 <= int(response.get("status_code", 0)) < 300:
                        successes[label] += 1
                for checks in recorder.get("checks", {}).values():
                    for check in checks:
                        if check.get("status") == "failure":
                            failures[label][check["name"]] += 1
    return successes, requests, failures


def report(spec_path: Path, directories: list[Path], exclusions: dict[str, Any]) -> bool:
    labels = operations(spec_path)
    waived = {e["operation"]: e["reason"] for e in exclusions.get("no_success", [])}
    scans = {d.name: scan(d) for d in directories}
    names = list(scans)
    print()
    print("2xx coverage per operation (2xx seen / requests sent, per backend):")
    print(f"  {'operation':34} " + " ".join(f"{n:>14}" for n in names) + "  failed checks")
    missing: list[str] = []
    for label, op in sorted(labels.items(), key=lambda item: item[1]):
        cells = []
        failed: collections.Counter[str] = collections.Counter()
        for name in names:
            ok, sent, fails = scans[name][0][label], scans[name][1][label], scans[name][2].get(label)
            cells.append(f"{ok:>6} / {sent:<6}")
            if fails:
                failed.update(fails)
            if ok == 0 and op not in waived:
                missing.append(f"{op} on {name}")
        mark = "  " if all(scans[n][0][label] for n in names) else ("~ " if op in waived else "! ")
        checks = ", ".join(f"{c} {k}" for c, k in sorted(failed.items()))
        print(f"{mark}{op:34} " + " ".join(cells) + (f"  {checks}" if checks else ""))
    for op, reason in sorted(waived.items()):
        print(f"  ~ {op}: no 2xx required: {reason.strip()}")
    total = len(labels)
    reached = sum(1 for label in labels if all(scans[n][0][label] for n in names))
    print(f"{reached} of {total} operations reached a 2xx on every backend ({', '.join(names)}).")
    if missing:
        print("No 2xx for: " + "; ".join(missing))
    return not missing


def main() -> int:
    exclusions = tomllib.loads((HERE / "exclusions.toml").read_text())
    spec = HERE.parent.parent / "openapi.yaml"
    return 0 if report(spec, [Path(a) for a in sys.argv[1:]], exclusions) else 1


if __name__ == "__main__":
    raise SystemExit(main())
