"""The SDK check: clients generated from openapi.yaml for Python
(openapi-python-client) and TypeScript (openapi-typescript + openapi-fetch),
generated without a warning, strictly type-checked together with the
pathway program written against each (mypy --strict, tsc --strict), and
each program run against a test server of its own.

    sdk.py --bin target/debug/cluster-support --ts-tools target/tools/ts

Exits non-zero at the first step that fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import harness

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# Words with which the generators report a problem they worked around.
WARNINGS = ("warning", "warn ", "⚠", "error", "could not", "skipping")


class StepFailed(Exception):
    pass


def step(name: str, cmd: list[str], env: dict[str, str] | None = None, quiet_check: bool = False) -> str:
    started = time.monotonic()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    output = (done.stdout + done.stderr).strip()
    took = time.monotonic() - started
    if done.returncode != 0:
        print(f"{name}: FAILED (exit {done.returncode}, {took:.1f} s)\n{output}")
        raise StepFailed(name)
    if quiet_check:
        noisy = [line for line in output.splitlines() if any(w in line.lower() for w in WARNINGS)]
        if noisy:
            print(f"{name}: FAILED: the generator warned ({took:.1f} s)\n{output}")
            raise StepFailed(name)
    print(f"{name}: ok ({took:.1f} s)")
    return output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=str(ROOT / "target/debug/cluster-support"))
    parser.add_argument("--spec", type=Path, default=ROOT / "openapi.yaml")
    parser.add_argument("--out", type=Path, default=ROOT / "target/contract/sdk")
    parser.add_argument("--ts-tools", type=Path, default=ROOT / "target/tools/ts")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    out: Path = args.out
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)

    failed = []
    for name, check in (("Python", python), ("TypeScript", typescript)):
        try:
            check(args, out)
        except StepFailed as e:
            failed.append(f"{name} ({e})")
    if failed:
        print("contract-sdk: FAILED: " + "; ".join(failed))
        return 1
    print("contract-sdk: both clients generate cleanly, type-check strictly and run the pathway")
    return 0


def python(args: argparse.Namespace, out: Path) -> None:
    """Generate, type-check the program with the client, run it."""
    venv_bin = Path(sys.executable).parent
    py = out / "python"
    step(
        "python: generate (openapi-python-client)",
        [
            str(venv_bin / "openapi-python-client"), "generate", "--path", str(args.spec), "--meta", "none",
            "--output-path", str(py / "cluster_support_client"), "--config", str(HERE / "openapi-python-client.yaml"),
            "--fail-on-warning",
        ],
        quiet_check=True,
    )
    env = dict(os.environ)
    env["MYPYPATH"] = os.pathsep.join([str(py), str(HERE)])
    env["PYTHONPATH"] = os.pathsep.join([str(py), str(HERE)])
    step(
        "python: mypy --strict pathway.py",
        [str(venv_bin / "mypy"), "--strict", "--cache-dir", str(out.parent / "mypy-cache"), str(HERE / "pathway.py")],
        env=env,
    )
    print(step(
        "python: pathway",
        [sys.executable, str(HERE / "pathway.py"), "--bin", args.bin, "--backend", args.backend, "--out", str(out / "python-run")],
        env=env,
    ))



def typescript(args: argparse.Namespace, out: Path) -> None:
    """Generate the types, type-check the program, run it."""
    ts = out / "ts"
    ts.mkdir()
    for name in ("package.json", "tsconfig.json"):
        shutil.copy(HERE / "ts" / name, ts / name)
    shutil.copy(HERE / "pathway.ts", ts / "pathway.ts")
    (ts / "node_modules").symlink_to((args.ts_tools / "node_modules").resolve())
    bins = args.ts_tools / "node_modules" / ".bin"
    step(
        "typescript: generate (openapi-typescript)",
        [str(bins / "openapi-typescript"), str(args.spec), "--output", str(ts / "api.d.ts")],
        quiet_check=True,
    )
    step("typescript: tsc --strict", [str(bins / "tsc"), "-p", str(ts / "tsconfig.json")])
    with harness.serving(args.bin, args.backend, out / "ts-run") as server:
        la = harness.Client(server.url, server.token("la_officer"))
        clusters = la.expect(200, "GET", "/v1/clusters?limit=500")["items"]
        cluster_14 = next(c["id"] for c in clusters if c["number"] == 14)
        env = dict(os.environ)
        env.update(
            CONTRACT_URL=server.url,
            CONTRACT_SCHOOL_URN=harness.DEMO_SCHOOL_URN,
            CONTRACT_CLUSTER_ID=cluster_14,
            CONTRACT_TOKEN_SCHOOL_STAFF=server.token("school_staff", school=harness.DEMO_SCHOOL_URN),
            CONTRACT_TOKEN_CLUSTER_PRACTITIONER=server.token("cluster_practitioner", cluster=cluster_14),
        )
        print(step("typescript: pathway", ["node", str(ts / "out" / "pathway.js")], env=env))


if __name__ == "__main__":
    raise SystemExit(main())
